"""Settings of the staff console and human handoff, read like the gateway's (``POLICYBOT_*`` environment
variables, ``.env``), through a cached getter. Kept apart from ``connectors.settings.Settings`` as the gateway's
extension point suggests (docs/connectors-core.md); tests override them per app via
``app.state.console_settings``."""

from __future__ import annotations

from functools import lru_cache

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConsoleSettings(BaseSettings):
    """Field ``x`` is read from ``POLICYBOT_X``; the service time zone is the gateway's ``POLICYBOT_TIMEZONE``."""

    model_config = SettingsConfigDict(env_prefix="POLICYBOT_", env_file=".env", extra="ignore")

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


@lru_cache
def get_console_settings() -> ConsoleSettings:
    return ConsoleSettings()
