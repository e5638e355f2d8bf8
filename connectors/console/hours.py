"""Service hours of the staff desk: when a human can be expected to answer.

Why a small parser of our own: the schedule is one short human-written setting
(``POLICYBOT_SERVICE_HOURS="mon-fri 09:00-12:00,13:30-17:30; sat 09:00-12:00"``) plus a list of closed
dates (public holidays such as 国庆), and no well-kept library reads that format; cron-style libraries
describe instants, not opening intervals.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Interval:
    """One opening interval on one weekday (0 = Monday), local wall-clock time."""

    weekday: int
    start: time
    end: time


@dataclass(frozen=True)
class ServiceHours:
    """Weekly opening intervals in one time zone, minus closed dates."""

    intervals: tuple[Interval, ...]
    tz: ZoneInfo
    closed_dates: frozenset[date] = frozenset()

    @classmethod
    def parse(cls, spec: str, tz: str = "Asia/Shanghai", closed_dates: str = "") -> ServiceHours:
        """Read ``"mon-fri 09:00-17:30; sat 09:00-12:00"``; an empty spec or ``"always"`` means 24/7."""
        text = spec.strip().lower()
        if text in ("", "always", "24/7"):
            intervals = tuple(Interval(d, time(0, 0), time.max) for d in range(7))
        else:
            intervals = tuple(i for part in text.split(";") if part.strip() for i in _parse_part(part))
        closed = frozenset(date.fromisoformat(d.strip()) for d in closed_dates.split(",") if d.strip())
        return cls(intervals=intervals, tz=ZoneInfo(tz), closed_dates=closed)

    def is_open(self, now: datetime) -> bool:
        local = now.astimezone(self.tz)
        if local.date() in self.closed_dates:
            return False
        return any(
            i.weekday == local.weekday() and i.start <= local.time() < i.end for i in self.intervals
        )

    def next_open(self, now: datetime) -> datetime | None:
        """The next moment the desk opens (``now`` itself when open); None when it never opens."""
        if self.is_open(now):
            return now
        local = now.astimezone(self.tz)
        for offset in range(8 + len(self.closed_dates)):
            day = local.date() + timedelta(days=offset)
            if day in self.closed_dates:
                continue
            starts = sorted(i.start for i in self.intervals if i.weekday == day.weekday())
            for start in starts:
                candidate = datetime.combine(day, start, tzinfo=self.tz)
                if candidate > local:
                    return candidate
        return None

    def describe_next_open(self, now: datetime) -> str:
        """The user-facing phrase for when staff will answer, e.g. ``11月30日（周一）09:00``."""
        opening = self.next_open(now)
        if opening is None:
            return "工作人员上班后"
        local_now = now.astimezone(self.tz)
        if opening.date() == local_now.date():
            return f"今天 {opening:%H:%M}"
        if opening.date() == local_now.date() + timedelta(days=1):
            return f"明天（{WEEKDAY_ZH[opening.weekday()]}）{opening:%H:%M}"
        return f"{opening.month}月{opening.day}日（{WEEKDAY_ZH[opening.weekday()]}）{opening:%H:%M}"


def _parse_part(part: str) -> list[Interval]:
    try:
        days_text, ranges_text = part.split(maxsplit=1)
    except ValueError:
        raise ValueError(f"service hours part {part!r} needs days and times, e.g. 'mon-fri 09:00-17:30'") from None
    days = _parse_days(days_text)
    intervals = []
    for rng in ranges_text.replace(" ", "").split(","):
        start_text, _, end_text = rng.partition("-")
        start, end = _parse_time(start_text), _parse_time(end_text)
        if end <= start:
            raise ValueError(f"service hours range {rng!r} ends before it starts")
        intervals.extend(Interval(d, start, end) for d in days)
    return intervals


def _parse_days(text: str) -> list[int]:
    days: list[int] = []
    for item in text.split(","):
        first, _, last = item.partition("-")
        if first not in DAYS or (last and last not in DAYS):
            raise ValueError(f"unknown weekday in {item!r}; use mon tue wed thu fri sat sun")
        lo, hi = DAYS.index(first), DAYS.index(last or first)
        days.extend(range(lo, hi + 1) if lo <= hi else [*range(lo, 7), *range(hi + 1)])
    return days


def _parse_time(text: str) -> time:
    if text == "24:00":
        return time.max
    try:
        return time.fromisoformat(text)
    except ValueError:
        raise ValueError(f"bad time {text!r} in service hours; use HH:MM") from None
