"""Fixtures for the dialogue tests: the trained model (see tests/rasa_fixtures.py)."""

from tests.rasa_fixtures import rasa_model  # noqa: F401 - fixture used by the tests here
