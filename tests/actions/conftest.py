"""Fixtures for the end-to-end action tests: live Rasa and action servers (see tests/rasa_fixtures.py)."""

from tests.rasa_fixtures import bot_kb_dir, bot_servers, rasa_model  # noqa: F401 - fixtures used here
