"""The service's notion of "now" and "today".

Deadlines in notices are China Standard Time, so "今天", "已截止" and "还有N天" must be computed
in the service time zone whatever zone the server clock runs in. ``POLICYBOT_TODAY`` pins
"today" for demos and tests (the time of day stays the real one, moved onto that date). Both come
from the one settings object (:func:`knowledge.config.settings`).
"""

from __future__ import annotations

from datetime import date, datetime, time, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from knowledge.config import settings
from knowledge.errors import KnowledgeError

DEFAULT_TIMEZONE = "Asia/Shanghai"


def service_zone() -> ZoneInfo:
    """The zone named by ``POLICYBOT_TIMEZONE`` (default Asia/Shanghai)."""
    name = settings().timezone.strip() or DEFAULT_TIMEZONE
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise KnowledgeError(f"POLICYBOT_TIMEZONE={name!r} 不是有效的时区名（例如 Asia/Shanghai）") from exc


def now(tz: tzinfo | None = None) -> datetime:
    """Timezone-aware current time in ``tz`` (default: the service zone), honouring POLICYBOT_TODAY."""
    zone = tz or service_zone()
    current = datetime.now(zone)
    pinned = settings().today
    if pinned is not None:
        current = current.replace(year=pinned.year, month=pinned.month, day=pinned.day)
    return current


def today() -> date:
    """The current date in the service zone (or POLICYBOT_TODAY when set)."""
    return now().date()


def moment(day: date | None = None) -> datetime:
    """The instant to judge deadlines at for a requested ``day``.

    None or the current day → :func:`now`; any other day → its start (00:00 in the service zone), so
    ``--today 2026-02-04`` gives the same answer whenever it is run.
    """
    current = now()
    if day is None or day == current.date():
        return current
    return datetime.combine(day, time.min, tzinfo=current.tzinfo)
