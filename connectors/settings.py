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
from urllib.parse import urlsplit

from pydantic import Field, SecretStr
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from connectors.errors import ConfigError

SECRET_FIELDS = ("wechat_oa_token", "wechat_oa_secret", "wechat_oa_aes_key", "wecom_token", "wecom_secret",
                 "wecom_aes_key", "wecom_kf_secret", "rasa_token", "web_token_secret", "desk_token")
MIN_SECRET_LENGTH = 12
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
    # The knowledge desk service (desk/, started next to the action servers); the console's documents and FAQ
    # routes forward to it with this bearer token.
    desk_url: str = "http://127.0.0.1:5056"
    desk_token: SecretStr | None = None
    desk_timeout_s: float = 300.0  # an upload waits for its ingest (embedding a long PDF takes minutes on 2 cores)

    cors_origins: list[str] | None = Field(
        None, description="Sites allowed to call the gateway from a browser (the widget's host pages); default: "
                          "'*' in development, the origin of public_url in production.")
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


    # Abuse protection (docs/SECURITY.md)
    redis_url: str = Field("", description="Redis shared by the replicas for rate limits and the callback nonce "
                                           "cache; empty = in-process limits and the database.")
    redis_key_prefix: str = Field("policybot", description="Prefix of every Redis key the gateway writes.")
    max_body_bytes_chat: int = Field(16 * 1024, description="Largest request body on /web and /api.")
    max_body_bytes_console: int = Field(256 * 1024, description="Largest request body on /console.")
    max_body_bytes_upload: int = Field(20 * 1024 * 1024, description="Largest document upload to the console.")
    rate_limit_web_session: str = Field("20/minute", description="Messages per widget session (limits syntax).")
    rate_limit_web_ip: str = Field("120/minute", description="Widget messages per client IP.")
    rate_limit_api_sender: str = Field("30/minute", description="/api/chat messages per sender.")
    rate_limit_api_ip: str = Field("60/minute", description="/api/chat messages per client IP.")
    rate_limit_login_ip: str = Field("20/minute", description="Console login attempts per client IP.")
    rate_limit_login_account: str = Field("60/minute", description="Console login attempts per account name.")
    sse_streams_per_session: int = Field(3, description="Open live streams (SSE) per widget session.")
    sse_streams_per_ip: int = Field(30, description="Open live streams (SSE) per client IP.")
    login_hash_workers: int = Field(1, description="Threads that verify console passwords (argon2, ~64 MiB and "
                                                   "~0.1 s CPU each); separate from the database threads.")
    login_queue_max: int = Field(4, description="Logins waiting for a hashing thread before 429.")
    callback_max_skew_s: int = Field(300, description="WeChat/WeCom callback timestamps older or newer than "
                                                      "this are refused as replays.")
    wechat_oa_allow_plaintext: bool = Field(
        False, description="Allow the 公众号 plaintext mode in production (no safe-mode AES key).")
    api_chat: Literal["open", "keys", "off"] | None = Field(
        None, description="/api/chat: 'keys' needs an API key (policybot apikey add), 'open' anyone, 'off' 404; "
                          "default: open in development, keys in production.")
    web_token_secret: SecretStr | None = Field(
        None, description="Signs the widget's short-lived live-stream tokens; required in production (shared "
                          "by every replica), random per process in development.")

    delivery_max_attempts: int = 5
    delivery_retry_s: float = 30.0
    reminder_poll_s: float = 30.0

    # Durable delivery and replicas (issue 9)
    outbox_lease_s: float = Field(60.0, description="How long a process holds an unsent message before another "
                                                    "process may send it.")
    bot_retry_s: float = Field(10.0, description="First delay before a turn the bot could not answer is re-run "
                                                 "(doubling, at most 60 s).")
    bot_handoff_after_s: float = Field(600.0, description="A turn the bot could not answer for this long goes "
                                                          "to staff.")

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

    @property
    def allowed_origins(self) -> list[str]:
        """CORS origins: the configured list, else '*' in development and public_url's origin in production."""
        if self.cors_origins is not None:
            return self.cors_origins
        if self.environment != "production":
            return ["*"]
        parts = urlsplit(self.public_url)
        return [f"{parts.scheme}://{parts.netloc}"] if parts.scheme and parts.netloc else []

    @property
    def api_chat_mode(self) -> str:
        return self.api_chat or ("keys" if self.environment == "production" else "open")

    def secrets(self) -> list[str]:
        """Every configured secret value (for the log redaction filter)."""
        return [value.get_secret_value() for name in SECRET_FIELDS
                if (value := getattr(self, name)) is not None and value.get_secret_value()]

    def check_production(self) -> None:
        """Refuse to start in production with unsafe settings; one ``ConfigError`` lists every problem."""
        if self.environment != "production":
            return
        problems = []
        for name in SECRET_FIELDS:
            value: SecretStr | None = getattr(self, name)
            if value is None:
                continue
            secret = value.get_secret_value().strip()
            if secret.lower() in _PLACEHOLDERS or len(secret) < MIN_SECRET_LENGTH:
                problems.append(f"POLICYBOT_{name.upper()} is a placeholder or shorter than {MIN_SECRET_LENGTH} "
                                "characters")
        for name in ("wechat_oa_aes_key", "wecom_aes_key"):
            value = getattr(self, name)
            if value is not None and len(value.get_secret_value()) != 43:
                problems.append(f"POLICYBOT_{name.upper()} must be the 43-character EncodingAESKey")
        if self.rasa_token is None:
            problems.append("POLICYBOT_RASA_TOKEN is unset: Rasa's HTTP API would answer anyone")
        if self.web_token_secret is None:
            problems.append("POLICYBOT_WEB_TOKEN_SECRET is unset (signs the widget's live-stream tokens)")
        if self.wechat_oa_enabled and self.wechat_oa_aes_key is None and not self.wechat_oa_allow_plaintext:
            problems.append("公众号 plaintext mode: set POLICYBOT_WECHAT_OA_AES_KEY (safe mode) or explicitly "
                            "POLICYBOT_WECHAT_OA_ALLOW_PLAINTEXT=true")
        if "*" in self.allowed_origins:
            problems.append("POLICYBOT_CORS_ORIGINS must list the sites embedding the widget, not '*'")
        if not self.allowed_origins:
            problems.append("set POLICYBOT_PUBLIC_URL (or POLICYBOT_CORS_ORIGINS) so CORS allows the widget's site")
        if self.console_cookie_secure is False:
            problems.append("POLICYBOT_CONSOLE_COOKIE_SECURE=false would send the console cookie over plain HTTP")
        if self.api_chat_mode == "open":
            problems.append("POLICYBOT_API_CHAT=open lets anyone use /api/chat; use 'keys' or 'off'")
        if problems:
            raise ConfigError("unsafe settings for production: " + "; ".join(problems))


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
