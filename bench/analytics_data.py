"""Generated message-log data for the analytics tests and bench (no real conversations involved).

``fill(db, days, users_per_day, start)`` writes, per user, a question, a bot reply (every 5th one offering a
person because nothing was found, every 13th because the user was unhappy, the others carrying the bot's
recorded answer outcome and notice title), and for every 10th user a handoff
claimed after 60 s and answered by staff 30 s later. Rows are inserted with SQLAlchemy Core in large batches.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import insert

from connectors.console.models import Handoff
from connectors.db import Database
from connectors.models import Message

CHANNELS = ("web", "wechat", "wecom")
OFFER = '/request_human{{"handoff_reason":"{reason}"}}'
BATCH = 20_000


def _offer(reason: str) -> dict:
    return {"buttons": [{"title": "转人工", "payload": OFFER.format(reason=reason)}]}


def _answer(n: int) -> dict:
    """The bot's account of a knowledge answer (docs/CONTRACTS.md): mostly answered, some not stated, over
    twenty generated notices."""
    outcome = "not_stated" if n % 7 == 0 else "answered"
    return {"answer": {"outcome": outcome, "answer_type": "deadline", "doc": f"notice-{n % 20}",
                       "title": f"示例专项{n % 20}申报通知"}}


def _copy(session, model, rows: list[dict]) -> None:
    if not rows:
        return
    defaults = {c.name: c.default.arg if c.default.is_scalar else c.default.arg(None)  # ORM defaults COPY skips
                for c in model.__table__.columns if c.default is not None and not c.primary_key}
    rows = [{**defaults, **row} for row in rows]
    columns = sorted({key for row in rows for key in row})
    cursor = session.connection().connection.driver_connection.cursor()
    with cursor.copy(f"COPY {model.__tablename__} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([json.dumps(row[c], ensure_ascii=False) if c == "payload" and row.get(c) is not None
                            else row.get(c) for c in columns])


def fill(db: Database, *, days: int, users_per_day: int, start: datetime) -> dict[str, int]:
    """Write the data; returns what was written (messages, handoffs, offers per reason)."""
    written = {"messages": 0, "handoffs": 0, "unanswerable": 0, "feedback_bad": 0}
    messages: list[dict] = []
    handoffs: list[dict] = []

    def flush() -> None:
        def work(session) -> None:
            if session.get_bind().dialect.name == "postgresql":  # COPY: ~10x faster than batched INSERTs
                _copy(session, Message, messages)
                _copy(session, Handoff, handoffs)
                return
            if messages:
                session.execute(insert(Message), messages)
            if handoffs:
                session.execute(insert(Handoff), handoffs)
        db.run_sync(work)
        messages.clear()
        handoffs.clear()

    n = 0
    for day in range(days):
        for user in range(users_per_day):
            n += 1
            channel = CHANNELS[n % len(CHANNELS)]
            sender = f"{channel}:bench-{day}-{user}"
            at = start + timedelta(days=day, seconds=(user * 37) % 86_000)
            base = {"channel": channel, "sender_id": sender, "status": "sent", "attempts": 0}
            messages.append({**base, "direction": "in", "author": "user", "text": "申报截止时间是哪天", "created_at": at})
            reason = "unanswerable" if n % 5 == 0 else "feedback_bad" if n % 13 == 0 else None
            messages.append({**base, "direction": "out", "author": "bot", "text": "答复", "created_at": at,
                             "payload": _offer(reason) if reason else _answer(n)})
            if reason:
                written[reason] += 1
            if n % 10 == 0:
                handoffs.append({"sender_id": sender, "channel": channel, "state": "closed", "reason": "user_request",
                                 "created_at": at, "claimed_at": at + timedelta(seconds=60), "updated_at": at})
                messages.append({**base, "direction": "out", "author": "staff", "text": "您好",
                                 "created_at": at + timedelta(seconds=90)})
                written["handoffs"] += 1
            if len(messages) >= BATCH:
                written["messages"] += len(messages)
                flush()
    written["messages"] += len(messages)
    flush()
    return written
