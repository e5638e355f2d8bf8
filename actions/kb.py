"""The action server's one ``KnowledgeBase``, created on first use (never at import time).

rasa-sdk 3.21 crashed when a model loaded while the server imported its actions ("Start method
'spawn' was requested, but 'fork' was already set"), so the facade, whose constructor is cheap and
whose models load lazily, is created on the first request and shared by every action afterwards.
"""

from __future__ import annotations

import threading
from datetime import date, datetime

import knowledge
from knowledge import KnowledgeBase

_lock = threading.Lock()
_instance: KnowledgeBase | None = None


def knowledge_base() -> KnowledgeBase:
    """The process-wide knowledge base at ``$POLICYBOT_KB_DIR`` (default ``var/kb``)."""
    global _instance
    if _instance is None:
        with _lock:
            if _instance is None:
                _instance = KnowledgeBase()
    return _instance


def today() -> date:
    """Today in the service time zone (``POLICYBOT_TODAY`` pins it for demos and tests)."""
    return knowledge.today()


def now() -> datetime:
    """The current moment in the service time zone (on the pinned day when ``POLICYBOT_TODAY`` is set)."""
    return knowledge.now()
