"""Service hours decide what a user is told when they ask for a person outside office time."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from connectors.console.hours import ServiceHours

SH = ZoneInfo("Asia/Shanghai")
HOURS = ServiceHours.parse("mon-fri 09:00-12:00,13:30-17:30; sat 09:00-12:00", closed_dates="2026-10-01")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2026-11-27 10:00", True),  # Friday morning
        ("2026-11-27 12:30", False),  # lunch break
        ("2026-11-27 17:30", False),  # closing time is exclusive
        ("2026-11-28 11:59", True),  # Saturday morning
        ("2026-11-29 10:00", False),  # Sunday
        ("2026-10-01 10:00", False),  # national holiday (a Thursday)
    ],
)
def test_open_exactly_inside_the_configured_intervals(moment, expected):
    assert HOURS.is_open(at(moment)) is expected


@pytest.mark.unit
def test_open_is_judged_in_the_service_time_zone_not_utc():
    # 02:00 UTC on a Friday is 10:00 in Shanghai.
    assert HOURS.is_open(datetime(2026, 11, 27, 2, 0, tzinfo=UTC))


@pytest.mark.unit
@pytest.mark.parametrize(
    ("moment", "phrase"),
    [
        ("2026-11-27 12:30", "今天 13:30"),
        ("2026-11-27 18:00", "明天（周六）09:00"),
        ("2026-11-28 13:00", "11月30日（周一）09:00"),
        ("2026-09-30 18:00", "10月2日（周五）09:00"),  # skips the closed holiday
    ],
)
def test_user_is_told_when_staff_will_answer(moment, phrase):
    assert HOURS.describe_next_open(at(moment)) == phrase


@pytest.mark.unit
def test_always_means_open_around_the_clock():
    hours = ServiceHours.parse("always")
    assert hours.is_open(at("2026-11-29 03:00"))


@pytest.mark.unit
@pytest.mark.parametrize("spec", ["mon-fri", "xyz 09:00-10:00", "mon 10:00-09:00", "mon 9h-10h"])
def test_malformed_hours_are_refused_with_a_reason(spec):
    with pytest.raises(ValueError):
        ServiceHours.parse(spec)
