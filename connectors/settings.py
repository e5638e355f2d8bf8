"""Gateway configuration: one pydantic-settings class, read through a cached getter that tests override.

Sources, highest priority first: constructor arguments, ``POLICYBOT_*`` environment variables, an untracked
``.env`` file, then a TOML config file (``$POLICYBOT_CONFIG``, default ``policybot.toml`` in the working
directory; its ``[gateway]`` table or top-level keys). Secrets belong in the environment, never in the file
that ships with the code.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from connectors.errors import ConfigError

_PLACEHOLDERS = {"", "changeme", "change-me", "secret", "token", "xxx", "test", "your-token", "placeholder"}


def config_file() -> Path:
    """The TOML file the settings read: ``$POLICYBOT_CONFIG`` or ``./policybot.toml``."""
    return Path(os.environ.get("POLICYBOT_CONFIG", "policybot.toml"))


class Settings(BaseSettings):
    """Every knob of the gateway; field ``x`` is read from ``POLICYBOT_X``."""

    model_config = SettingsConfigDict(
        env_prefix="POLICYBOT_", env_file=".env", extra="ignore", populate_by_name=True
    )

    environment: Literal["development", "production"] = "development"
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    public_url: str = Field("", description="Address users reach the gateway at; used for links in the widget.")
    timezone: str = "Asia/Shanghai"

    database_url: str = "sqlite:///var/gateway.db"
    migrate_on_startup: bool = True

    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: SecretStr | None = None
    rasa_timeout_s: float = 30.0

    cors_origins: list[str] = Field(default_factory=lambda: ["*"], description="Sites allowed to embed the widget.")
    web_title: str = "政策咨询助手"
    web_greeting: str = "您好！我是企业服务政策咨询助手，可以帮您查询申报截止时间、申报条件、所需材料和联系方式。"

    # WeChat Official Account (公众号)
    wechat_oa_token: SecretStr | None = None
    wechat_oa_appid: str = ""
    wechat_oa_secret: SecretStr | None = None
    wechat_oa_aes_key: SecretStr | None = None
    wechat_oa_reminder_template_id: str = ""
    wechat_api_base: str = "https://api.weixin.qq.com"
    wechat_reply_budget_s: float = 4.0
    wechat_greeting: str = "感谢关注！我是政策咨询助手，请直接输入您想了解的政策问题，例如“专精特新申报什么时候截止？”"
    wechat_max_body_bytes: int = 64 * 1024

    # WeCom (企业微信) self-built app and 微信客服 (kf)
    wecom_corp_id: str = ""
    wecom_agent_id: str = ""
    wecom_secret: SecretStr | None = None
    wecom_token: SecretStr | None = None
    wecom_aes_key: SecretStr | None = None
    wecom_kf_secret: SecretStr | None = None
    wecom_api_base: str = "https://qyapi.weixin.qq.com"

    # Staff console and human handoff
    service_hours: str = Field(
        "mon-fri 09:00-12:00,13:30-17:30",
        description="When staff answer, in the service time zone; 'always' = around the clock. "
                    "Example: 'mon-fri 09:00-17:30; sat 09:00-12:00'.",
    )
    service_closed_dates: str = Field("", description="Comma-separated YYYY-MM-DD days the desk is closed (holidays).")
    staff_online_window_s: int = Field(
        90, description="A staff member counts as online this long after their last console request; the open "
                        "console page refreshes it every 20 s.")
    console_session_idle_minutes: int = Field(60, description="A console login ends after this long unused.")
    console_session_max_hours: int = Field(12, description="… and at the latest this long after logging in.")
    console_cookie_secure: bool | None = Field(
        None, description="Send the console cookie over HTTPS only; default: yes in production.")
    wecom_kf_servicer_userid: str = Field(
        "", description="微信客服: WeCom userid recorded as the human servicer when staff claim a kf conversation "
                        "(kf/service_state/trans to 3); empty = leave the kf session state alone.")


    delivery_max_attempts: int = 5
    delivery_retry_s: float = 30.0
    reminder_poll_s: float = 30.0

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=config_file())
        return init_settings, env_settings, dotenv_settings, _GatewayTable(settings_cls, toml), file_secret_settings

    @property
    def wechat_oa_enabled(self) -> bool:
        return bool(self.wechat_oa_token and self.wechat_oa_appid)

    @property
    def wecom_enabled(self) -> bool:
        return bool(self.wecom_corp_id and self.wecom_token and self.wecom_aes_key)

    def check_production(self) -> None:
        """Refuse obvious placeholder secrets when running in production mode."""
        if self.environment != "production":
            return
        for name in ("wechat_oa_token", "wechat_oa_secret", "wecom_token", "wecom_secret", "rasa_token"):
            value: SecretStr | None = getattr(self, name)
            if value is not None and value.get_secret_value().strip().lower() in _PLACEHOLDERS:
                raise ConfigError(f"POLICYBOT_{name.upper()} is a placeholder; set a real secret for production")


class _GatewayTable(PydanticBaseSettingsSource):
    """Reads the ``[gateway]`` table of the TOML file when present, else its top-level keys."""

    def __init__(self, settings_cls: type[BaseSettings], toml: TomlConfigSettingsSource) -> None:
        super().__init__(settings_cls)
        self._toml = toml

    def get_field_value(self, field, field_name):  # pragma: no cover - __call__ does the work
        return None, field_name, False

    def __call__(self) -> dict:
        data = self._toml()
        table = data.get("gateway")
        return dict(table) if isinstance(table, dict) else data


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings; tests call ``get_settings.cache_clear()`` or pass their own to ``create_app``."""
    return Settings()
