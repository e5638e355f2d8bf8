"""Deadline reminders go out ahead of the deadline, at a sensible hour, never in the past."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from actions.reminders import remind_time

CST = ZoneInfo("Asia/Shanghai")
DEADLINE = datetime(2026, 2, 4, 16, 0, tzinfo=CST)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 1, 20, 10, 0, tzinfo=CST), datetime(2026, 2, 1, 9, 0, tzinfo=CST)),  # 3 days ahead, 09:00
        (datetime(2026, 2, 2, 10, 0, tzinfo=CST), datetime(2026, 2, 3, 9, 0, tzinfo=CST)),  # too late for 3 days
        (datetime(2026, 2, 4, 10, 0, tzinfo=CST), datetime(2026, 2, 4, 14, 0, tzinfo=CST)),  # deadline day
        (datetime(2026, 2, 4, 15, 0, tzinfo=CST), None),  # closes within two hours
        (datetime(2026, 3, 1, 9, 0, tzinfo=CST), None),  # already closed
    ],
)
def test_reminder_time_is_the_earliest_useful_lead_time(now, expected):
    assert remind_time(DEADLINE, now) == expected
