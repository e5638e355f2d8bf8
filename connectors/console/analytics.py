"""How the bot is doing, aggregated in SQL from the message log and the handoff queue (SQLite and PostgreSQL).

Days are calendar days in the service time zone. The zone's UTC offset at the start of the range is applied
in SQL (a fixed shift is what both databases can index-scan and group cheaply); for zones with daylight saving
a day boundary may then be off by an hour for part of a long range, which these charts tolerate.

What the log can tell and how:
- conversations: distinct senders with at least one user message that day; messages per author;
- answer outcomes: the bot offers a person with a button whose payload names why (``handoff_reason``,
  actions/handoff.py): ``unanswerable`` (nothing in the documents), ``fallback`` (not understood),
  ``feedback_bad`` (the user said the answer did not help); handed off = handoffs created;
  answered = user messages less those three (an upper bound: a user message during a handoff counts too;
  "not stated" and "no document" are not told apart in the log);
- answers by the outcome the bot recorded with each knowledge answer (answered / not_stated / no_document /
  ambiguous / out_of_scope) and the most asked programmes (the cited notice's title), from the reply's payload;
- 👍/👎 given in the widget on a reply (``feedback`` in its payload), and ``unhappy``: the bot's offers of a
  person after a user said an answer did not help;
- handoff rate, time to claim and staff reply time from ``console_handoffs`` and the first staff message
  after the claim.

Whole days the rollup job has aggregated (connectors/console/rollup.py) are read from its rows; the rest of the
range (today, days not aggregated yet or changed since) is counted from the messages with the same queries
(``aggregate``), so the page shows the same numbers either way.
"""

from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Text, and_, case, cast, func, literal, or_, select, union_all
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from connectors.console import rollup
from connectors.console.models import OPEN_STATES, Handoff
from connectors.models import AnalyticsCount, AnalyticsHandoff, AnalyticsSender, Message, as_utc

OFFER_REASONS = ("unanswerable", "fallback", "feedback_bad")
TOP_PROGRAMMES = 10


def _day(session: Session, column: Any, offset_minutes: int) -> ColumnElement[str]:
    """``column`` (a UTC timestamp) as the local calendar day 'YYYY-MM-DD'."""
    if session.get_bind().dialect.name == "postgresql":
        shifted = column + timedelta(minutes=offset_minutes)
        return func.to_char(func.timezone("UTC", shifted), "YYYY-MM-DD")
    return func.strftime("%Y-%m-%d", column, f"{offset_minutes:+d} minutes")


def _seconds(values: list[float]) -> dict[str, float | None]:
    if not values:
        return {"count": 0, "median_s": None, "mean_s": None}
    return {"count": len(values), "median_s": round(statistics.median(values), 1),
            "mean_s": round(statistics.fmean(values), 1)}


@dataclass
class Counts:
    """Per-day counters of some spans of the message log: (day, keys…) → count."""

    messages: dict[tuple[str, str, str], tuple[int, int]] = field(default_factory=dict)  # → (messages, senders)
    offers: Counter = field(default_factory=Counter)  # (day, reason)
    answers: Counter = field(default_factory=Counter)  # (day, outcome)
    programmes: Counter = field(default_factory=Counter)  # (day, title)
    ratings: Counter = field(default_factory=Counter)  # (day, rating)

    def rows(self, day: str) -> list[tuple[str, str | None, str | None, int, int]]:
        """One day's counters as rollup rows (metric, key, key2, count, senders)."""
        rows = [("messages", channel, author, n, senders)
                for (d, channel, author), (n, senders) in self.messages.items() if d == day]
        for metric in ("offers", "answers", "programmes", "ratings"):
            rows += [(metric, key, None, n, 0) for (d, key), n in getattr(self, metric).items() if d == day]
        return rows


def _answer_rows(where: ColumnElement[bool]) -> ColumnElement[bool]:
    return and_(where, Message.direction == "out", Message.author == "bot",
                cast(Message.payload, Text).like('%"outcome"%'))


def _title() -> ColumnElement[str]:
    return Message.payload["answer"]["title"].as_string()


def aggregate(session: Session, spans: list[rollup.Span], offset: int) -> Counts:
    """The counters of messages created in ``spans`` (UTC), by local day at ``offset`` minutes."""
    counts = Counts()
    if not spans:
        return counts
    where = rollup.in_spans([(as_utc(lo), as_utc(hi)) for lo, hi in spans])
    day = _day(session, Message.created_at, offset).label("day")
    for row_day, channel, author, n, senders in session.execute(
        select(day, Message.channel, Message.author, func.count(), func.count(func.distinct(
            case((Message.direction == "in", Message.sender_id)))))
        .where(where).group_by(day, Message.channel, Message.author)
    ):
        counts.messages[(row_day, channel, author)] = (n, senders)

    payload = cast(Message.payload, Text)
    # The reason sits in a button payload string ('/request_human{"handoff_reason":"…"}'), escaped inside the
    # JSON column, so a LIKE on the reason after the key matches it on both databases.
    reason = case(*((payload.like(f"%handoff_reason%{r}%"), r) for r in OFFER_REASONS), else_="other").label("r")
    bot = and_(where, Message.direction == "out", Message.author == "bot")
    for target, key, condition in (
        (counts.offers, reason, payload.like("%handoff_reason%")),
        # Knowledge answers carry the bot's own account of them (actions/answer.py files it in the reply's
        # payload under "answer", docs/CONTRACTS.md): outcome (answered / not_stated …) and the cited notice.
        (counts.answers, Message.payload["answer"]["outcome"].as_string(), payload.like('%"outcome"%')),
        (counts.programmes, _title(), and_(payload.like('%"outcome"%'), _title().is_not(None))),
        # 👍/👎 from the widget, kept on the rated reply (connectors/feedback.py).
        (counts.ratings, Message.payload["feedback"].as_string(), payload.like('%"feedback"%')),
    ):
        for row_day, value, n in session.execute(
                select(day, key, func.count()).where(bot, condition).group_by(day, key)):
            target[(row_day, value)] += n
    return counts


def _stored(session: Session, days: list[str], offset: int) -> Counts:
    counts = Counts()
    if not days:
        return counts
    for day, metric, key, key2, n, senders in session.execute(
        select(AnalyticsCount.day, AnalyticsCount.metric, AnalyticsCount.key, AnalyticsCount.key2,
               AnalyticsCount.count, AnalyticsCount.senders)
        .where(AnalyticsCount.tz_offset == offset, AnalyticsCount.day.in_(days),
               AnalyticsCount.metric.in_(("messages", "offers", "answers", "ratings")))
    ):
        if metric == "messages":
            counts.messages[(day, key, key2)] = (n, senders)
        else:
            getattr(counts, metric)[(day, key)] += n
    return counts


def _programmes(session: Session, cover: rollup.Coverage, offset: int) -> list[dict[str, Any]]:
    """The most asked notices: rolled-up days' counts and the live spans' answers, summed and ranked in SQL."""
    parts = []
    if cover.days:
        parts.append(select(AnalyticsCount.key.label("title"), AnalyticsCount.count.label("n")).where(
            AnalyticsCount.tz_offset == offset, AnalyticsCount.metric == "programmes",
            AnalyticsCount.day.in_(cover.days)))
    if cover.live:
        parts.append(select(_title().label("title"), literal(1).label("n"))
                     .where(_answer_rows(rollup.in_spans(cover.live)), _title().is_not(None)))
    if not parts:
        return []
    rows = union_all(*parts).subquery() if len(parts) > 1 else parts[0].subquery()
    asked = func.sum(rows.c.n).label("asked")
    return [{"title": name, "count": int(count)} for name, count in session.execute(
        select(rows.c.title, asked).group_by(rows.c.title).order_by(asked.desc(), rows.c.title).limit(TOP_PROGRAMMES)
    )]


def _conversations(session: Session, cover: rollup.Coverage, offset: int) -> int:
    """Distinct senders of inbound messages in the range: rolled-up days' senders counted once each (those whose
    previous day is before the first one, from the per-day counts by previous day), plus live senders not among
    them."""
    total = 0
    first, last = (min(cover.days), max(cover.days)) if cover.days else ("", "")
    if cover.days:
        total += session.scalar(select(func.sum(AnalyticsCount.count)).where(
            AnalyticsCount.tz_offset == offset, AnalyticsCount.metric == "senders",
            AnalyticsCount.day >= first, AnalyticsCount.day <= last,
            or_(AnalyticsCount.key.is_(None), AnalyticsCount.key < first))) or 0
    if cover.live:
        counted = select(AnalyticsSender.sender_id).where(
            AnalyticsSender.tz_offset == offset, AnalyticsSender.sender_id == Message.sender_id,
            AnalyticsSender.day >= first, AnalyticsSender.day <= last).exists()
        total += session.scalar(select(func.count(func.distinct(Message.sender_id))).where(
            rollup.in_spans(cover.live), Message.direction == "in", ~counted)) or 0
    return total


def report(session: Session, start: datetime, end: datetime, timezone: str) -> dict[str, Any]:
    """Every chart's data for messages created in [start, end) (aware datetimes)."""
    offset = int((start.astimezone(ZoneInfo(timezone)).utcoffset() or timedelta()).total_seconds() // 60)
    # In UTC: SQLite compares the stored UTC wall-clock text, so an aware local time must be converted, not tagged.
    start_utc, end_utc = as_utc(start).astimezone(UTC), as_utc(end).astimezone(UTC)
    cover = rollup.coverage(session, start_utc, end_utc, offset)
    stored, live = _stored(session, cover.days, offset), aggregate(session, cover.live, offset)

    daily: dict[tuple[str, str], dict[str, Any]] = {}
    for part in (stored, live):
        for (row_day, channel, author), (count, senders) in part.messages.items():
            entry = daily.setdefault((row_day, channel), {"day": row_day, "channel": channel, "conversations": 0,
                                                          "user": 0, "bot": 0, "staff": 0, "system": 0})
            entry[author] = entry.get(author, 0) + count
            entry["conversations"] = max(entry["conversations"], senders)

    def total(metric: str) -> Counter:
        summed: Counter = Counter()
        for part in (stored, live):
            for (_, key), n in getattr(part, metric).items():
                summed[key] += n
        return summed

    offers, answers, ratings = total("offers"), total("answers"), total("ratings")
    good, bad = ratings.get("good", 0), ratings.get("bad", 0)

    # Ended handoffs were recorded by the rollup job; open ones, those changed since its last pass and those
    # written after it (an import with old times) are read live.
    recorded = and_(AnalyticsHandoff.created_at >= start_utc, AnalyticsHandoff.created_at < end_utc)
    reasons = Counter(dict(session.execute(
        select(AnalyticsHandoff.reason, func.count()).where(recorded).group_by(AnalyticsHandoff.reason)).all()))
    claim_us = list(session.scalars(select(AnalyticsHandoff.claim_us).where(
        recorded, AnalyticsHandoff.claim_us.is_not(None))))
    reply_us = list(session.scalars(select(AnalyticsHandoff.reply_us).where(
        recorded, AnalyticsHandoff.final.is_(True), AnalyticsHandoff.reply_us.is_not(None))))
    claimed_unanswered = session.execute(rollup.handoff_rows(Handoff.id.in_(
        select(AnalyticsHandoff.handoff_id).where(recorded, AnalyticsHandoff.final.is_(False))))).all()
    reply_us += [rollup.micros(h.first_staff, h.claimed_at) for h in claimed_unanswered if h.first_staff is not None]
    in_range = and_(Handoff.created_at >= start_utc, Handoff.created_at < end_utc, ~rollup.settled_handoff())
    through = rollup.handoffs_through(session)
    live = [in_range] if through is None else [
        and_(in_range, Handoff.state.in_(OPEN_STATES)),
        and_(in_range, Handoff.state.not_in(OPEN_STATES), Handoff.updated_at >= through[0]),
        and_(in_range, Handoff.state.not_in(OPEN_STATES), Handoff.updated_at < through[0], Handoff.id > through[1])]
    for where in live:
        for h in session.execute(rollup.handoff_rows(where)):
            reasons[h.reason] += 1
            if h.claimed_at is not None:
                claim_us.append(rollup.micros(h.claimed_at, h.created_at))
                if h.first_staff is not None:
                    reply_us.append(rollup.micros(h.first_staff, h.claimed_at))
    to_claim = [us / 1_000_000 for us in claim_us]  # == timedelta.total_seconds()
    to_reply = [us / 1_000_000 for us in reply_us]
    conversations = _conversations(session, cover, offset)
    by_reason = {reason: n for reason, n in reasons.items() if n}
    handed_off = sum(by_reason.values())
    questions = sum(entry["user"] for entry in daily.values())
    not_answered = sum(offers.get(r, 0) for r in ("unanswerable", "fallback")) + handed_off
    return {
        "from": start.isoformat(), "to": end.isoformat(), "timezone": timezone,
        "daily": sorted(daily.values(), key=lambda e: (e["day"], e["channel"])),
        "outcomes": {"questions": questions, "answered": max(questions - not_answered, 0),
                     "unanswerable": offers.get("unanswerable", 0), "not_understood": offers.get("fallback", 0),
                     "handed_off": handed_off},
        "answers": {key: value for key, value in answers.items() if key},
        "programmes": _programmes(session, cover, offset),
        "feedback": {"good": good, "bad": bad, "rate": round(good / (good + bad), 4) if good + bad else None,
                     "unhappy": offers.get("feedback_bad", 0)},
        "handoffs": {"count": handed_off, "conversations": conversations,
                     "rate": round(handed_off / conversations, 4) if conversations else None,
                     "by_reason": by_reason, "time_to_claim": _seconds(to_claim),
                     "staff_reply": _seconds(to_reply)},
    }
