"""Session fixtures for everything that needs the real bot: the trained model and live Rasa + action servers.

tests/conftest.py imports them, so each exists once per test run. The model is trained at most once per
run — not at all when ``models/`` or ``var/test-model`` is up to date (the training stamp covers config,
domain, data and the jieba dictionary).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import services, training
from knowledge.config import settings

ROOT = Path(__file__).resolve().parents[1]
TEST_MODELS = ROOT / "var" / "test-model"
TODAY = "2026-12-01"  # the samples' pinned "today" (README): three calls open, one upcoming, the rest closed


@functools.cache
def _trained_model() -> Path:
    """``models/`` when it is current, else ``var/test-model`` (trained here if needed)."""
    if training.is_up_to_date(training.MODELS_DIR):
        return training.model_path(training.MODELS_DIR)
    return training.train(TEST_MODELS, quiet=True).model


@pytest.fixture(scope="session")
def bot_kb_dir(sample_kb_dir: Path) -> Path:
    """The knowledge base the action server answers from: the session's sample KB (tests/conftest.py)."""
    return sample_kb_dir


@pytest.fixture(scope="session")
def rasa_model() -> Path:
    """The trained Rasa model (trained once per run, or reused when nothing changed)."""
    return _trained_model()


@dataclass(frozen=True)
class BotServers:
    rasa_url: str
    actions_url: str
    startup_seconds: float


@pytest.fixture(scope="session")
def bot_servers(rasa_model: Path, bot_kb_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[BotServers]:
    """A real action server and a real Rasa server on free ports, with their own SQLite tracker store."""
    work = tmp_path_factory.mktemp("bot-servers")
    env = {
        **os.environ,
        "POLICYBOT_TODAY": TODAY,
        "POLICYBOT_TRACKER_DIALECT": "sqlite",
        "POLICYBOT_TRACKER_HOST": "",
        "POLICYBOT_TRACKER_DB": str(work / "tracker.db"),
        "POLICYBOT_TRACKER_USER": "",
        "POLICYBOT_TRACKER_PASSWORD": "",
    }
    actions_port, rasa_port = services.free_port(), services.free_port()
    running = [services.start_actions(actions_port, kb_dir=bot_kb_dir, env=env, log_dir=work)]
    try:
        running.append(services.start_rasa(
            rasa_model, host="127.0.0.1", port=rasa_port, env=env, log_dir=work,
            actions_url=f"http://127.0.0.1:{actions_port}/webhook",
        ))
        # a loaded machine can take minutes to load TensorFlow: POLICYBOT_STARTUP_TIMEOUT raises the 300 s floor
        seconds = services.wait_ready(running, timeout=max(300.0, settings().startup_timeout))
        yield BotServers(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}", seconds)
    finally:
        services.stop_all(running)
