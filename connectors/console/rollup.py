"""Per-day analytics rollups, so the analytics page reads a few rows per day instead of every message.

A gateway process holding the ``analytics-rollup`` lease aggregates each calendar day of the service zone once it
has ended (plus ``ROLLUP_GRACE``), with the very queries the page would run on that day's messages
(``analytics.aggregate``), into ``analytics_counts`` and the day's senders into ``analytics_senders``; the first pass
after an upgrade backfills every day since the first message. The page uses a day's rows only when the day lies
wholly in its range at the same UTC offset and no message of it changed since (``analytics_stale``, written by an
ORM hook in connectors/models.py when a 👍/👎 lands on an old reply or a message is written with an old time); every
other span — today, a day not rolled yet, a changed day — is counted from the messages. So the numbers are the same
whether the job ran or not; it only makes the page fast. Re-aggregating a day replaces its rows in one transaction,
so two processes doing it at once (a lost lease) leave one correct copy or fail one transaction, never mix.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, delete, func, insert, literal, or_, select, text, update
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql.elements import ColumnElement

from connectors.console.models import OPEN_STATES, Handoff
from connectors.db import Database
from connectors.models import (
    ROLLUP_GRACE,
    AnalyticsCount,
    AnalyticsDay,
    AnalyticsHandoff,
    AnalyticsSender,
    AnalyticsStale,
    KeyValue,
    Message,
    as_utc,
    utcnow,
)
from connectors.state import Leases

log = logging.getLogger(__name__)
LEASE = "analytics-rollup"
LEASE_TTL_S = 120.0
STALE_BATCH = 1000
HANDOFF_BATCH = 5000
HANDOFFS_THROUGH = "analytics:handoffs-through"
COMMIT_MARGIN = timedelta(minutes=1)
ANALYZE_AFTER_DAYS = 7
ROLLUP_TABLES = ("analytics_days", "analytics_counts", "analytics_senders", "analytics_handoffs")

Span = tuple[datetime, datetime]


def day_start(day: date, offset: int) -> datetime:
    """Local midnight of ``day`` at a fixed UTC offset (minutes), in UTC."""
    return datetime.combine(day, time(0), UTC) - timedelta(minutes=offset)


def zone_offset(zone: ZoneInfo, day: date) -> int:
    return int((datetime.combine(day, time(0), zone).utcoffset() or timedelta()).total_seconds() // 60)


@dataclass
class Coverage:
    """How a page range [start, end) splits: rolled-up days read from the rollups, spans read from messages."""

    days: list[str]
    live: list[Span]


def coverage(session: Session, start: datetime, end: datetime, offset: int) -> Coverage:
    rolled = session.execute(
        select(AnalyticsDay.day, AnalyticsDay.start_at, AnalyticsDay.end_at)
        .where(AnalyticsDay.tz_offset == offset, AnalyticsDay.start_at >= start, AnalyticsDay.end_at <= end)
        .order_by(AnalyticsDay.start_at)
    ).all()
    changed = [as_utc(at) for at in session.scalars(
        select(AnalyticsStale.created_at).where(AnalyticsStale.created_at >= start, AnalyticsStale.created_at < end))]
    days, live, cursor = [], [], start
    for day, lo, hi in rolled:
        lo, hi = as_utc(lo), as_utc(hi)
        if any(lo <= at < hi for at in changed):
            continue
        if lo > cursor:
            live.append((cursor, lo))
        days.append(day)
        cursor = hi
    if cursor < end:
        live.append((cursor, end))
    return Coverage(days, live)


def in_spans(spans: Iterable[Span]):
    return or_(*(and_(Message.created_at >= lo, Message.created_at < hi) for lo, hi in spans))


def roll_day(session: Session, day: date, offset: int) -> None:
    """Aggregate one local day (replacing an earlier aggregate of it)."""
    from connectors.console.analytics import aggregate

    lo = day_start(day, offset)
    hi = lo + timedelta(days=1)
    key = day.isoformat()
    counts = aggregate(session, [(lo, hi)], offset)
    for table in (AnalyticsCount, AnalyticsSender, AnalyticsDay):
        session.execute(delete(table).where(table.tz_offset == offset, table.day == key))
    rows = [{"tz_offset": offset, "day": key, "metric": metric, "key": k, "key2": k2, "count": n, "senders": s}
            for metric, k, k2, n, s in counts.rows(key)]
    if rows:
        session.execute(insert(AnalyticsCount), rows)
    senders = select(func.distinct(Message.sender_id)).where(in_spans([(lo, hi)]), Message.direction == "in")
    session.execute(insert(AnalyticsSender).from_select(
        ["tz_offset", "day", "sender_id"], select(literal(offset), literal(key), senders.subquery().c[0])))
    before = aliased(AnalyticsSender)
    session.execute(update(AnalyticsSender).where(AnalyticsSender.tz_offset == offset, AnalyticsSender.day == key)
                    .values(prev_day=select(func.max(before.day)).where(
                        before.tz_offset == offset, before.sender_id == AnalyticsSender.sender_id,
                        before.day < key).scalar_subquery()))
    # A day rolled out of order (backfill, a re-roll) may now be the previous day of a later row.
    later = and_(AnalyticsSender.tz_offset == offset, AnalyticsSender.day > key,
                 or_(AnalyticsSender.prev_day.is_(None), AnalyticsSender.prev_day < key),
                 AnalyticsSender.sender_id.in_(select(before.sender_id).where(before.tz_offset == offset,
                                                                              before.day == key)))
    changed = list(session.scalars(select(AnalyticsSender.day).where(later).distinct()))
    session.execute(update(AnalyticsSender).where(later).values(prev_day=key))
    for each in (key, *changed):
        _returning(session, offset, each)
    session.add(AnalyticsDay(tz_offset=offset, day=key, start_at=lo, end_at=hi, rolled_at=utcnow()))


def handoff_rows(where: ColumnElement[bool]):
    """Handoffs with the time of the first staff message to their sender after the claim (``first_staff``)."""
    first_staff = (select(func.min(Message.created_at))
                   .where(Message.sender_id == Handoff.sender_id, Message.author == "staff",
                          Message.created_at >= Handoff.claimed_at)
                   .correlate(Handoff).scalar_subquery())
    return select(Handoff.id, Handoff.reason, Handoff.created_at, Handoff.claimed_at,
                  case((Handoff.claimed_at.is_not(None), first_staff)).label("first_staff")).where(where)


def micros(later: datetime, earlier: datetime) -> int:
    return (as_utc(later) - as_utc(earlier)) // timedelta(microseconds=1)


def settled_handoff() -> ColumnElement[bool]:
    return select(AnalyticsHandoff.handoff_id).where(AnalyticsHandoff.handoff_id == Handoff.id).exists()


def settle_handoffs(session: Session, after: int) -> int | None:
    """Record ended handoffs from id ``after`` on; the last id looked at (None: no more)."""
    rows = session.execute(handoff_rows(and_(Handoff.id > after, Handoff.state.not_in(OPEN_STATES),
                                             ~settled_handoff())).order_by(Handoff.id).limit(HANDOFF_BATCH)).all()
    if rows:
        session.execute(insert(AnalyticsHandoff), [
            {"handoff_id": h.id, "created_at": as_utc(h.created_at), "reason": h.reason,
             "final": h.claimed_at is None or h.first_staff is not None,
             "claim_us": micros(h.claimed_at, h.created_at) if h.claimed_at is not None else None,
             "reply_us": micros(h.first_staff, h.claimed_at) if h.first_staff is not None else None}
            for h in rows])
    return rows[-1].id if len(rows) == HANDOFF_BATCH else None


def handoffs_through(session: Session) -> tuple[datetime, int] | None:
    """Every handoff up to this id that had ended before this time is in ``analytics_handoffs``."""
    value = session.scalar(select(KeyValue.value).where(KeyValue.key == HANDOFFS_THROUGH))
    if not value:
        return None
    moment, last_id = value.split(" ")
    return datetime.fromisoformat(moment), int(last_id)


def _settle_all(db: Database) -> None:
    # A change stamped before the pass began may commit a moment later, unseen by the pass: keep a margin.
    through = utcnow() - COMMIT_MARGIN
    last_id = db.run_sync(lambda s: s.scalar(select(func.max(Handoff.id)))) or 0
    after: int | None = 0
    while after is not None:
        after = db.run_sync(lambda s, after=after: settle_handoffs(s, after))

    def mark(session: Session) -> None:
        value = f"{through.isoformat()} {last_id}"
        row = session.get(KeyValue, HANDOFFS_THROUGH)
        if row is None:
            session.add(KeyValue(key=HANDOFFS_THROUGH, value=value))
        else:
            row.value = value

    db.run_sync(mark)


def _returning(session: Session, offset: int, day: str) -> None:
    """The day's senders counted by the previous day they wrote on (metric ``senders``, key: that day or None):
    the distinct senders of days a..b are the counts of those days keyed before a."""
    session.execute(delete(AnalyticsCount).where(AnalyticsCount.tz_offset == offset, AnalyticsCount.day == day,
                                                 AnalyticsCount.metric == "senders"))
    session.execute(insert(AnalyticsCount).from_select(
        ["tz_offset", "day", "metric", "key", "count", "senders"],
        select(literal(offset), literal(day), literal("senders"), AnalyticsSender.prev_day, func.count(), literal(0))
        .where(AnalyticsSender.tz_offset == offset, AnalyticsSender.day == day)
        .group_by(AnalyticsSender.prev_day)))


def due(session: Session, zone: ZoneInfo, now: datetime) -> tuple[list[tuple[date, int]], list[int]]:
    """Days to aggregate — ended, not rolled up yet, or changed since — and the change markers that covers."""
    first = session.scalar(select(func.min(Message.created_at)))
    if first is None:
        return [], []
    rolled = {(offset, day) for offset, day in session.execute(select(AnalyticsDay.tz_offset, AnalyticsDay.day))}
    days: dict[tuple[date, int], None] = {}
    markers = session.execute(select(AnalyticsStale.id, AnalyticsStale.created_at)
                              .order_by(AnalyticsStale.id).limit(STALE_BATCH)).all()
    for _, at in markers:
        for offset, day in session.execute(select(AnalyticsDay.tz_offset, AnalyticsDay.day).where(
                AnalyticsDay.start_at <= at, AnalyticsDay.end_at > at)):
            days[(date.fromisoformat(day), offset)] = None
    day = as_utc(first).astimezone(zone).date() - timedelta(days=1)  # the first message's day at any offset
    while True:
        offset = zone_offset(zone, day)
        if day_start(day, offset) + timedelta(days=1) + ROLLUP_GRACE > now:
            break
        if (offset, day.isoformat()) not in rolled:
            days[(day, offset)] = None
        day += timedelta(days=1)
    return list(days), [marker_id for marker_id, _ in markers]


def catch_up(db: Database, timezone: str, *, now: datetime | None = None, renew=None) -> int:
    """Aggregate every day that is due, one transaction per day; the number of days aggregated.
    ``renew()`` is called between days (the job keeps its lease)."""
    zone = ZoneInfo(timezone)
    days, markers = db.run_sync(lambda s: due(s, zone, now or utcnow()))
    for day, offset in days:
        db.run_sync(lambda s, day=day, offset=offset: roll_day(s, day, offset))
        if renew is not None:
            renew()
    if markers:
        db.run_sync(lambda s: s.execute(delete(AnalyticsStale).where(AnalyticsStale.id.in_(markers))))
    _settle_all(db)
    if len(days) >= ANALYZE_AFTER_DAYS and db.engine.dialect.name == "postgresql":
        # After a backfill: PostgreSQL planned the live senders' anti-join against the empty-table statistics of
        # analytics_senders as a nested loop over all its rows (12 s instead of 0.1 s on 100k messages).
        with db.engine.connect() as conn:
            conn.execute(text(f"ANALYZE {', '.join(ROLLUP_TABLES)}"))
            conn.commit()
    return len(days)


async def run(db: Database, leases: Leases, timezone: str, interval_s: float) -> None:
    """Background loop of every gateway process; only the lease holder aggregates."""
    import anyio

    loop = asyncio.get_running_loop()

    def renew() -> None:
        asyncio.run_coroutine_threadsafe(leases.acquire(LEASE, LEASE_TTL_S), loop).result()

    while True:
        try:
            if await leases.acquire(LEASE, LEASE_TTL_S):
                done = await anyio.to_thread.run_sync(lambda: catch_up(db, timezone, renew=renew))
                if done:
                    log.info("analytics: aggregated %s days", done)
        except Exception:
            log.exception("analytics rollup pass failed")
        await asyncio.sleep(interval_s)
