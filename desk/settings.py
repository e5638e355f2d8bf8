"""Desk configuration from ``POLICYBOT_*`` variables (and an untracked ``.env``), read through a cached getter."""

from __future__ import annotations

from functools import lru_cache

from pydantic import SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class DeskSettings(BaseSettings):
    """``desk_token`` is the secret the gateway sends as a bearer token; without one every request is refused.
    ``kb_dir`` defaults to the knowledge layer's own default (``$POLICYBOT_KB_DIR`` or ``var/kb``)."""

    model_config = SettingsConfigDict(env_prefix="POLICYBOT_", env_file=".env", extra="ignore", env_ignore_empty=True)

    desk_token: SecretStr | None = None
    kb_dir: str | None = None
    desk_max_upload_mb: int = 30


@lru_cache
def get_settings() -> DeskSettings:
    return DeskSettings()
