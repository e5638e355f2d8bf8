"""Rasa custom actions (rasa-sdk, Python 3.11 venv): thin orchestration over the knowledge facade.

The action server imports every module of this package to register the actions; nothing heavy
happens at import time — the knowledge base loads on the first request (see ``actions.kb``).
"""
