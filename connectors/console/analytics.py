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
"""

from __future__ import annotations

import statistics
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Text, and_, case, cast, func, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from connectors.console.models import Handoff
from connectors.models import Message, as_utc

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


def report(session: Session, start: datetime, end: datetime, timezone: str) -> dict[str, Any]:
    """Every chart's data for messages created in [start, end) (aware datetimes)."""
    offset = int((start.astimezone(ZoneInfo(timezone)).utcoffset() or timedelta()).total_seconds() // 60)
    start_utc, end_utc = as_utc(start), as_utc(end)
    in_range = and_(Message.created_at >= start_utc, Message.created_at < end_utc)
    day = _day(session, Message.created_at, offset).label("day")

    daily: dict[tuple[str, str], dict[str, Any]] = {}
    rows = session.execute(
        select(day, Message.channel, Message.author, func.count(), func.count(func.distinct(
            case((Message.direction == "in", Message.sender_id)))))
        .where(in_range).group_by(day, Message.channel, Message.author)
    ).all()
    for row_day, channel, author, count, senders in rows:
        entry = daily.setdefault((row_day, channel), {"day": row_day, "channel": channel, "conversations": 0,
                                                      "user": 0, "bot": 0, "staff": 0, "system": 0})
        entry[author] = entry.get(author, 0) + count
        entry["conversations"] = max(entry["conversations"], senders)

    payload = cast(Message.payload, Text)
    # The reason sits in a button payload string ('/request_human{"handoff_reason":"…"}'), escaped inside the
    # JSON column, so a LIKE on the reason after the key matches it on both databases.
    reason = case(*((payload.like(f"%handoff_reason%{r}%"), r) for r in OFFER_REASONS), else_="other").label("r")
    offers = dict(session.execute(
        select(reason, func.count())
        .where(in_range, Message.direction == "out", Message.author == "bot", payload.like("%handoff_reason%"))
        .group_by(reason)
    ).all())

    # Knowledge answers carry the bot's own account of them (actions/answer.py files it in the reply's payload
    # under "answer", docs/CONTRACTS.md): outcome (answered / not_stated / no_document …) and the cited notice.
    outcome = Message.payload["answer"]["outcome"].as_string()
    title = Message.payload["answer"]["title"].as_string()
    answer_rows = and_(in_range, Message.direction == "out", Message.author == "bot", payload.like('%"outcome"%'))
    answers = dict(session.execute(select(outcome, func.count()).where(answer_rows).group_by(outcome)).all())
    asked = func.count().label("n")
    programmes = [{"title": name, "count": count} for name, count in session.execute(
        select(title, asked).where(answer_rows, title.is_not(None))
        .group_by(title).order_by(asked.desc(), title).limit(TOP_PROGRAMMES)
    ).all()]

    # 👍/👎 from the widget, kept on the rated reply (connectors/feedback.py).
    rated = Message.payload["feedback"].as_string()
    ratings = dict(session.execute(
        select(rated, func.count())
        .where(in_range, Message.direction == "out", Message.author == "bot", payload.like('%"feedback"%'))
        .group_by(rated)
    ).all())
    good, bad = ratings.get("good", 0), ratings.get("bad", 0)

    handoffs = session.execute(
        select(Handoff.id, Handoff.sender_id, Handoff.channel, Handoff.reason, Handoff.created_at, Handoff.claimed_at)
        .where(Handoff.created_at >= start_utc, Handoff.created_at < end_utc)
    ).all()
    first_staff = {}
    claimed = [h for h in handoffs if h.claimed_at is not None]
    if claimed:
        first_staff = dict(session.execute(
            select(Handoff.id, func.min(Message.created_at))
            .join(Message, and_(Message.sender_id == Handoff.sender_id, Message.author == "staff",
                                Message.created_at >= Handoff.claimed_at))
            .where(Handoff.id.in_([h.id for h in claimed]))
            .group_by(Handoff.id)
        ).all())
    to_claim = [(as_utc(h.claimed_at) - as_utc(h.created_at)).total_seconds() for h in claimed]
    to_reply = [(as_utc(first_staff[h.id]) - as_utc(h.claimed_at)).total_seconds() for h in claimed
                if first_staff.get(h.id) is not None]
    conversations = session.execute(
        select(func.count(func.distinct(Message.sender_id))).where(in_range, Message.direction == "in")
    ).scalar_one()
    by_reason: dict[str, int] = {}
    for h in handoffs:
        by_reason[h.reason] = by_reason.get(h.reason, 0) + 1
    questions = sum(entry["user"] for entry in daily.values())
    not_answered = sum(offers.get(r, 0) for r in ("unanswerable", "fallback")) + len(handoffs)
    return {
        "from": start.isoformat(), "to": end.isoformat(), "timezone": timezone,
        "daily": sorted(daily.values(), key=lambda e: (e["day"], e["channel"])),
        "outcomes": {"questions": questions, "answered": max(questions - not_answered, 0),
                     "unanswerable": offers.get("unanswerable", 0), "not_understood": offers.get("fallback", 0),
                     "handed_off": len(handoffs)},
        "answers": {key: value for key, value in answers.items() if key},
        "programmes": programmes,
        "feedback": {"good": good, "bad": bad, "rate": round(good / (good + bad), 4) if good + bad else None,
                     "unhappy": offers.get("feedback_bad", 0)},
        "handoffs": {"count": len(handoffs), "conversations": conversations,
                     "rate": round(len(handoffs) / conversations, 4) if conversations else None,
                     "by_reason": by_reason, "time_to_claim": _seconds(to_claim),
                     "staff_reply": _seconds(to_reply)},
    }
