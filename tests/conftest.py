"""Shared fixtures: paths to the sample corpus and a temporary knowledge base built once per session."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "knowledge" / "samples"


@pytest.fixture(scope="session")
def samples_dir() -> Path:
    return SAMPLES
