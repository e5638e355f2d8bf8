"""Training the Rasa model in the Rasa venv, skipped when nothing it depends on changed.

Rasa fingerprints its own inputs, but starting it to find out costs ~15 s of TensorFlow import,
and it does not fingerprint the *contents* of JiebaTokenizer's dictionary. A stamp file next to the
model (hash of config, domain, training data and dictionary) answers "up to date?" instantly, and a
changed dictionary forces a full retrain.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from bot.dictionary import DICTIONARY_DIR
from knowledge.config import settings

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "bot" / "data"
MODELS_DIR = ROOT / "models"
MODEL_NAME = "policybot"
STAMP_NAME = ".policybot-train-stamp.json"


class TrainingError(RuntimeError):
    """``rasa train`` failed or the Rasa venv is missing; the message says what to do."""


@dataclass(frozen=True)
class TrainResult:
    model: Path
    trained: bool  # False: the existing model was up to date
    seconds: float


def rasa_executable() -> Path:
    """``$POLICYBOT_RASA_BIN`` or the project's ``.venv-rasa/bin/rasa`` (Rasa needs Python ≤ 3.10)."""
    path = settings().rasa_bin
    if not path.exists():
        raise TrainingError(f"找不到 Rasa 可执行文件 {path}；请先运行 scripts/setup.sh（或设置 POLICYBOT_RASA_BIN）")
    return path


def rasa_env() -> dict[str, str]:
    """The environment for every Rasa command: no telemetry, run from the project root."""
    return {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}


def _digest(paths: list[Path]) -> str:
    sha = hashlib.sha256()
    for path in sorted(paths):
        sha.update(str(path.relative_to(ROOT)).encode())
        sha.update(path.read_bytes())
    return sha.hexdigest()


def input_digests() -> dict[str, str]:
    """Hashes of what a model is trained from: the dictionary apart, since it decides on ``--force``."""
    data = [ROOT / "config.yml", ROOT / "domain.yml", *sorted(p for p in DATA_DIR.rglob("*.yml"))]
    return {"data": _digest(data), "dictionary": _digest(sorted(DICTIONARY_DIR.glob("*")))}


def model_path(models_dir: Path = MODELS_DIR) -> Path:
    return models_dir / f"{MODEL_NAME}.tar.gz"


def is_up_to_date(models_dir: Path = MODELS_DIR) -> bool:
    stamp = models_dir / STAMP_NAME
    if not model_path(models_dir).exists() or not stamp.exists():
        return False
    return json.loads(stamp.read_text(encoding="utf-8")) == input_digests()


def train(
    models_dir: Path = MODELS_DIR,
    *,
    force: bool = False,
    quiet: bool = False,
) -> TrainResult:
    """Train unless the model is current. The model does not depend on any knowledge base (the jieba
    dictionary is generic and tracked, programme names are resolved at run time), so no KB is read here.
    """
    started = time.monotonic()
    digests = input_digests()
    stamp = models_dir / STAMP_NAME
    previous = json.loads(stamp.read_text(encoding="utf-8")) if stamp.exists() else {}
    if not force and is_up_to_date(models_dir):
        return TrainResult(model_path(models_dir), False, time.monotonic() - started)
    command = [
        str(rasa_executable()), "train",
        "--config", str(ROOT / "config.yml"), "--domain", str(ROOT / "domain.yml"), "--data", str(DATA_DIR),
        "--out", str(models_dir), "--fixed-model-name", MODEL_NAME,
    ]
    if force or previous.get("dictionary") != digests["dictionary"]:
        command.append("--force")
    models_dir.mkdir(parents=True, exist_ok=True)
    output = subprocess.DEVNULL if quiet else None
    done = subprocess.run(command, cwd=ROOT, env=rasa_env(), stdout=output, stderr=output, check=False)
    if done.returncode != 0 or not model_path(models_dir).exists():
        raise TrainingError(f"rasa train 失败（退出码 {done.returncode}）；请查看上面的输出")
    stamp.write_text(json.dumps(digests), encoding="utf-8")
    return TrainResult(model_path(models_dir), True, time.monotonic() - started)
