"""The conversation tests in tests/bot/test_stories.yml pass against the trained model."""

import subprocess
from pathlib import Path

import pytest

from bot.training import ROOT, rasa_env, rasa_executable

STORIES = Path(__file__).with_name("test_stories.yml")


@pytest.mark.integration
@pytest.mark.slow
def test_conversation_stories_predict_every_action(rasa_model: Path, tmp_path: Path):
    done = subprocess.run(
        [
            str(rasa_executable()), "test", "core", "--stories", str(STORIES), "--model", str(rasa_model),
            "--out", str(tmp_path), "--fail-on-prediction-errors", "--no-plot",
        ],
        cwd=ROOT, env=rasa_env(), capture_output=True, text=True, timeout=600, check=False,
    )
    failed = tmp_path / "failed_test_stories.yml"
    report = failed.read_text(encoding="utf-8") if failed.exists() else done.stdout[-3000:] + done.stderr[-3000:]
    assert done.returncode == 0, report
