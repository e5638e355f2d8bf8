"""The analytics page reads per-day rollups (connectors/console/rollup.py) and shows the same numbers as when it
counts every message: before, during and after the rollup job, at Asia/Shanghai day boundaries and range edges,
with senders coming back on several days, days rolled out of order, a 👍/👎 on an old reply and a message written
late — on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update

from connectors import feedback
from connectors.console import analytics, rollup
from connectors.console.api_analytics import _range
from connectors.console.models import Handoff
from connectors.db import Database
from connectors.models import AnalyticsHandoff, AnalyticsStale, Message

ZONE = "Asia/Shanghai"
FIRST = date(2026, 3, 1)
DAYS = 6
# Local midnight of FIRST + 1 in Shanghai is 16:00 UTC the day before: messages on both sides of it.
MIDNIGHT = datetime(2026, 3, 1, 16, 0, tzinfo=UTC)


def _fill(session) -> None:
    """Eight senders over six days in three channels, writing around local midnights, with offers, answers,
    ratings and a claimed handoff answered by staff."""
    n = 0
    for day in range(DAYS):
        for user in range(8):
            if (user + day) % 3 == 0:
                continue  # not every sender every day: returning senders with gaps
            n += 1
            channel = ("web", "wechat", "wecom")[user % 3]
            sender = f"{channel}:user{user}"
            at = MIDNIGHT + timedelta(days=day, seconds=(-1 if user % 2 else 0) + user * 1800 * (user % 4 == 0))
            session.add(Message(channel=channel, sender_id=sender, direction="in", author="user", text="问题",
                                status="received", created_at=at))
            payload = ({"buttons": [{"title": "转人工", "payload": '/request_human{"handoff_reason":"unanswerable"}'}]}
                       if n % 5 == 0 else
                       {"answer": {"outcome": "not_stated" if n % 3 == 0 else "answered", "doc": f"d{n % 4}",
                                   "title": f"示例通知{n % 4}"}, **({"feedback": "good"} if n % 4 == 0 else {})})
            session.add(Message(channel=channel, sender_id=sender, direction="out", author="bot", text="答复",
                                payload=payload, status="sent", created_at=at))
            if n % 6 == 0:
                session.add(Handoff(sender_id=sender, channel=channel, state="closed", reason="user_request",
                                    created_at=at, claimed_at=at + timedelta(seconds=45), updated_at=at))
                session.add(Message(channel=channel, sender_id=sender, direction="out", author="staff", text="您好",
                                    status="sent", created_at=at + timedelta(seconds=80)))
            if n % 7 == 0:  # still waiting: read live until it ends
                session.add(Handoff(sender_id=f"web:waiting{n}", channel="web", state="waiting",
                                    reason="unanswerable", created_at=at, updated_at=at))
            if n % 7 == 1:  # claimed, closed, no staff reply yet: a later staff message would still count
                session.add(Handoff(sender_id=sender, channel=channel, state="closed", reason="fallback",
                                    created_at=at, claimed_at=at + timedelta(seconds=300), updated_at=at))


def _ranges() -> list[tuple[datetime, datetime]]:
    """API ranges (whole local days, edges inside and outside the data) and two unaligned ones."""
    days = [(FIRST, FIRST + timedelta(days=DAYS)), (FIRST + timedelta(days=1), FIRST + timedelta(days=2)),
            (FIRST - timedelta(days=3), FIRST), (FIRST + timedelta(days=3), FIRST + timedelta(days=9)),
            (FIRST + timedelta(days=2), FIRST + timedelta(days=2))]
    ranges = [_range(lo, hi, ZONE) for lo, hi in days]
    return ranges + [(MIDNIGHT - timedelta(hours=3), MIDNIGHT + timedelta(days=2, hours=5)),
                     (MIDNIGHT + timedelta(seconds=-1), MIDNIGHT + timedelta(days=3, seconds=1))]


def _pages(db: Database) -> list[dict]:
    return [db.run_sync(lambda s, lo=lo, hi=hi: analytics.report(s, lo, hi, ZONE)) for lo, hi in _ranges()]


def _counted_from_messages(db: Database, monkeypatch) -> list[dict]:
    """The pages as counted from every message (no rollup used)."""
    with monkeypatch.context() as patch:
        patch.setattr(rollup, "coverage", lambda session, start, end, offset: rollup.Coverage([], [(start, end)]))
        return _pages(db)


def _now() -> datetime:
    return MIDNIGHT + timedelta(days=DAYS + 2)


def check_rollups(db: Database, monkeypatch) -> None:
    db.run_sync(_fill)
    expected = _counted_from_messages(db, monkeypatch)
    assert _pages(db) == expected  # nothing rolled up yet

    # Day boundaries are Shanghai's: a user writing one second before local midnight (15:59:59 UTC) counts on
    # the day before, so six days of writing around midnight cover seven calendar days.
    page = expected[0]
    assert sorted({row["day"] for row in page["daily"]}) == [f"2026-03-0{d}" for d in range(1, 8)]
    assert sum(row["user"] for row in page["daily"]) == page["outcomes"]["questions"] > 0
    assert page["handoffs"]["conversations"] == 8 and page["feedback"]["good"] > 0

    # The job part way (some days rolled, the rest counted live), then days rolled newest first, then all.
    assert rollup.catch_up(db, ZONE, now=MIDNIGHT + timedelta(days=3)) > 0
    assert _pages(db) == expected
    for day in sorted({date.fromisoformat(row["day"]) for row in page["daily"]}, reverse=True):
        db.run_sync(lambda s, day=day: rollup.roll_day(s, day, 480))
    assert _pages(db) == expected
    assert rollup.catch_up(db, ZONE, now=_now()) > 0
    assert _pages(db) == expected

    # A rating on a reply of a rolled-up day shows at once, and still after the job aggregated that day again.
    reply = db.run_sync(lambda s: s.query(Message.id, Message.sender_id).filter(
        Message.author == "bot", Message.created_at < MIDNIGHT + timedelta(days=1)).first())
    assert db.run_sync(lambda s: feedback.record(s, reply.sender_id, reply.id, "bad"))
    changed = _counted_from_messages(db, monkeypatch)
    assert changed != expected and changed[0]["feedback"]["bad"] == expected[0]["feedback"]["bad"] + 1
    assert _pages(db) == changed
    rollup.catch_up(db, ZONE, now=_now())
    assert db.run_sync(lambda s: s.query(AnalyticsStale).count()) == 0
    assert _pages(db) == changed

    # A message written with an old time (a new sender on a rolled-up day) counts at once too.
    db.run_sync(lambda s: s.add(Message(channel="web", sender_id="web:late", direction="in", author="user",
                                        text="问题", status="received", created_at=MIDNIGHT + timedelta(hours=2))))
    late = _counted_from_messages(db, monkeypatch)
    assert late[0]["handoffs"]["conversations"] == 9
    assert _pages(db) == late
    rollup.catch_up(db, ZONE, now=_now())
    assert _pages(db) == late

    # Handoffs: the ended ones were recorded; a waiting one claimed now and a staff reply now count at once.
    assert 0 < db.run_sync(lambda s: s.query(AnalyticsHandoff).count()) < db.run_sync(lambda s: s.query(Handoff).count())
    waiting = db.run_sync(lambda s: s.query(Handoff).filter(Handoff.state == "waiting").first().id)
    db.run_sync(lambda s: s.execute(update(Handoff).where(Handoff.id == waiting).values(
        state="owned", claimed_at=MIDNIGHT + timedelta(days=1, minutes=5))))
    db.run_sync(lambda s: s.add(Message(channel="web", sender_id="web:user3", direction="out", author="staff",
                                        text="您好", status="sent", created_at=MIDNIGHT + timedelta(days=7))))
    claimed = _counted_from_messages(db, monkeypatch)
    assert claimed[0]["handoffs"] != late[0]["handoffs"]
    assert _pages(db) == claimed
    rollup.catch_up(db, ZONE, now=_now())
    assert _pages(db) == claimed
    # … and when it ends after the job's last pass, it still counts until the next pass records it.
    db.run_sync(lambda s: s.execute(update(Handoff).where(Handoff.id == waiting).values(
        state="closed", updated_at=datetime.now(UTC))))
    assert _pages(db) == claimed
    rollup.catch_up(db, ZONE, now=_now())
    assert _pages(db) == claimed


@pytest.mark.unit
def test_rollups_keep_the_page_identical_on_sqlite(console_db, monkeypatch):
    check_rollups(console_db, monkeypatch)


@pytest.mark.integration
def test_rollups_keep_the_page_identical_on_postgresql(postgres_url, monkeypatch):
    db = Database(postgres_url)
    try:
        db.upgrade()
        check_rollups(db, monkeypatch)
    finally:
        db.dispose()


@pytest.mark.unit
def test_today_is_counted_from_the_messages(console_db):
    """The job aggregates only days that have ended; the day in progress is always counted live."""
    zone = ZoneInfo(ZONE)
    now = datetime.now(zone)
    console_db.run_sync(lambda s: s.add(Message(channel="web", sender_id="web:today", direction="in",
                                                author="user", text="问题", status="received",
                                                created_at=now.astimezone(UTC))))
    rollup.catch_up(console_db, ZONE)
    lo, hi = _range(now.date(), now.date(), ZONE)
    cover = console_db.run_sync(lambda s: rollup.coverage(s, lo.astimezone(UTC), hi.astimezone(UTC), 480))
    assert cover.days == [] and cover.live
    page = console_db.run_sync(lambda s, lo=lo, hi=hi: analytics.report(s, lo, hi, ZONE))
    assert page["outcomes"]["questions"] == 1
