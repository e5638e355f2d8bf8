"""Database operations of the handoff queue, run inside ``Database.run`` (one transaction each).

Claiming, releasing and closing are conditional UPDATEs checked by their row count, so two agents on two gateway
replicas can race for the same conversation and exactly one wins, on SQLite and PostgreSQL alike, without
row locks held across requests.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Text, cast, func, or_, select, true, update
from sqlalchemy.orm import Session

from connectors.console.models import (
    OPEN_STATES,
    CannedReply,
    Handoff,
    HandoffState,
    Note,
    Staff,
)
from connectors.db import try_insert
from connectors.models import ChannelUser, Message, as_utc, utcnow

# Slot names the bot may use for the company's name (first non-empty wins).
COMPANY_SLOTS = ("company_name", "company", "enterprise_name", "企业名称")
_KEY_STRIP = re.compile(r"[\s，。！？、,.!?;；:：\"'“”‘’（）()]+")
_REASON = re.compile(r"handoff_reason\W+(\w+)")
MAX_OFFERS_SCANNED = 20_000


@dataclass(frozen=True)
class Outcome:
    """Result of a conditional state change: ``ok`` or why not (with the current owner's name)."""

    ok: bool
    handoff: Handoff | None
    owner_name: str = ""


def company_name(profile: dict[str, Any] | None) -> str:
    for slot in COMPANY_SLOTS:
        value = (profile or {}).get(slot)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def open_for_sender(session: Session, sender_id: str) -> Handoff | None:
    return session.scalar(
        select(Handoff).where(Handoff.sender_id == sender_id, Handoff.state.in_(OPEN_STATES))
    )


def enqueue(
    session: Session, *, sender_id: str, channel: str, reason: str, question: str,
    profile: dict[str, Any] | None, after_hours: bool, owner_id: int | None = None,
) -> tuple[Handoff, bool]:
    """Open a handoff for ``sender_id`` or return the one already open; ``True`` when newly created.

    The partial unique index makes this safe when two replicas enqueue the same sender at once.
    """
    existing = open_for_sender(session, sender_id)
    if existing is not None:
        return existing, False
    now = utcnow()
    first_message = session.scalar(select(func.max(Message.id)).where(Message.sender_id == sender_id)) or 0
    handoff = Handoff(
        sender_id=sender_id, channel=channel, reason=reason, question=question[:2000], profile=profile or None,
        company_name=company_name(profile), after_hours=after_hours, first_message_id=first_message,
        state=HandoffState.OWNED if owner_id else HandoffState.WAITING, owner_id=owner_id,
        claimed_at=now if owner_id else None, contact="", resolution="", created_at=now, updated_at=now,
    )
    conflict = try_insert(session, handoff)
    if conflict is not None:
        existing = open_for_sender(session, sender_id)
        if existing is None:
            raise conflict
        return existing, False
    return handoff, True


def claim(session: Session, handoff_id: int, staff_id: int) -> Outcome:
    """Make ``staff_id`` the owner if nobody owns the handoff yet (atomic across replicas)."""
    now = utcnow()
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.state == HandoffState.WAITING, Handoff.owner_id.is_(None))
        .values(state=HandoffState.OWNED, owner_id=staff_id, claimed_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return _outcome(session, handoff_id, result.rowcount == 1)


def finish(
    session: Session, handoff_id: int, staff_id: int, *, state: HandoffState, resolution: str, any_owner: bool
) -> Outcome:
    """End an open handoff (released to the bot or closed). Only its owner may, or anyone with ``any_owner``
    (admins); a waiting handoff nobody claimed yet may be ended by any agent."""
    now = utcnow()
    allowed = true() if any_owner else or_(Handoff.owner_id == staff_id, Handoff.owner_id.is_(None))
    result = session.execute(
        update(Handoff)
        .where(Handoff.id == handoff_id, Handoff.state.in_(OPEN_STATES), allowed)
        .values(state=state, resolution=resolution, ended_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return _outcome(session, handoff_id, result.rowcount == 1)


def touch(session: Session, handoff_id: int, **values: Any) -> None:
    """Update fields of a handoff (contact details, profile …) and bump ``updated_at`` for live views."""
    session.execute(
        update(Handoff).where(Handoff.id == handoff_id).values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )


def get(session: Session, handoff_id: int) -> Handoff | None:
    return session.get(Handoff, handoff_id)


def queue(session: Session, *, include_closed_since: datetime | None = None) -> list[tuple[Handoff, str]]:
    """Open handoffs (waiting first, oldest first) with their owner's name."""
    condition = Handoff.state.in_(OPEN_STATES)
    if include_closed_since is not None:
        condition = or_(condition, Handoff.ended_at >= include_closed_since)
    rows = session.execute(
        select(Handoff, Staff)
        .outerjoin(Staff, Staff.id == Handoff.owner_id)
        .where(condition)
        .order_by(Handoff.state.desc(), Handoff.created_at)  # 'waiting' sorts after 'owned': waiting first
    ).all()
    return [(h, s.name if s else "") for h, s in rows]


def queue_signature(session: Session) -> datetime | None:
    """Changes whenever any handoff changes, on any replica (every change bumps ``updated_at``, rows are never
    deleted); the live stream polls it. Indexed, so cheap at any queue size."""
    return session.scalar(select(func.max(Handoff.updated_at)))


def owner_name(session: Session, staff_id: int | None) -> str:
    staff = session.get(Staff, staff_id) if staff_id else None
    return staff.name if staff else ""


def add_note(session: Session, handoff_id: int, staff_id: int, text: str) -> Note:
    note = Note(handoff_id=handoff_id, staff_id=staff_id, text=text, created_at=utcnow())
    session.add(note)
    session.flush()
    return note


def notes(session: Session, handoff_id: int) -> list[tuple[Note, str]]:
    rows = session.execute(
        select(Note, Staff).join(Staff, Staff.id == Note.staff_id)
        .where(Note.handoff_id == handoff_id).order_by(Note.id)
    ).all()
    return [(n, s.name) for n, s in rows]


def transcript(session: Session, sender_id: str, *, limit: int = 500) -> list[Message]:
    """The sender's whole conversation (bot and staff turns included), oldest first."""
    rows = session.scalars(
        select(Message).where(Message.sender_id == sender_id).order_by(Message.id.desc()).limit(limit)
    ).all()
    return list(reversed(rows))


def messages_after(session: Session, after_id: int, *, limit: int = 200) -> list[Message]:
    return list(session.scalars(select(Message).where(Message.id > after_id).order_by(Message.id).limit(limit)))


def last_message_id(session: Session) -> int:
    return session.scalar(select(func.max(Message.id))) or 0


def recent_conversations(session: Session, *, limit: int = 50) -> list[ChannelUser]:
    """Senders who wrote most recently: staff may take over any live conversation."""
    return list(session.scalars(select(ChannelUser).order_by(ChannelUser.last_inbound_at.desc()).limit(limit)))


def unanswered_ranking(session: Session, *, since: datetime | None = None, limit: int = 500) -> list[dict]:
    """The questions the bot could not answer, most frequent first, read from the message log.

    When the bot cannot answer (no answer in the documents, repeated misunderstanding, a thumbs-down) it offers
    a person with a button whose payload carries ``handoff_reason`` (actions/handoff.py); the question is the
    user's last typed message before that offer — before the feedback message itself for ``feedback_bad``.
    """
    offers = session.execute(
        select(Message.id, Message.sender_id, Message.payload, Message.created_at)
        .where(Message.direction == "out", Message.author == "bot",
               cast(Message.payload, Text).like("%handoff_reason%"),
               Message.created_at >= since if since else true())
        .order_by(Message.id.desc())
        .limit(MAX_OFFERS_SCANNED)
    ).all()
    groups: dict[str, dict] = {}
    for offer in offers:
        reason = _offer_reason(offer.payload)
        question = _question_before(session, offer.sender_id, offer.id, skip_feedback=reason == "feedback_bad")
        if reason is None or not question:
            continue
        group = groups.setdefault(question_key(question), {
            "texts": Counter(), "count": 0, "senders": set(), "kinds": set(), "last_asked_at": None})
        group["texts"][question] += 1
        group["count"] += 1
        group["senders"].add(offer.sender_id)
        group["kinds"].add(reason)
        asked = as_utc(offer.created_at)
        group["last_asked_at"] = max(filter(None, (group["last_asked_at"], asked)))
    ranked = sorted(groups.values(), key=lambda g: (-g["count"], -g["last_asked_at"].timestamp()))
    return [
        {"question": g["texts"].most_common(1)[0][0], "count": g["count"], "senders": len(g["senders"]),
         "kinds": sorted(g["kinds"]), "last_asked_at": g["last_asked_at"]}
        for g in ranked[:limit]
    ]


def question_key(question: str) -> str:
    """Questions that differ only in spacing, punctuation or case count as one."""
    return _KEY_STRIP.sub("", question).lower()


def _offer_reason(payload: dict | None) -> str | None:
    for button in (payload or {}).get("buttons", []):
        match = _REASON.search(str(button.get("payload", "")))
        if match:
            return match.group(1)
    return None


def _question_before(session: Session, sender_id: str, message_id: int, *, skip_feedback: bool) -> str:
    texts = list(session.scalars(
        select(Message.text)
        .where(Message.sender_id == sender_id, Message.direction == "in", Message.id < message_id)
        .order_by(Message.id.desc())
        .limit(3)
    ))
    if skip_feedback:
        texts = texts[1:]
    return next((t.strip() for t in texts if t.strip() and not t.startswith("/")), "")


def canned_replies(session: Session) -> list[CannedReply]:
    return list(session.scalars(select(CannedReply).order_by(CannedReply.id)))


def add_canned_reply(session: Session, title: str, text: str) -> CannedReply:
    row = CannedReply(title=title, text=text, created_at=utcnow())
    session.add(row)
    session.flush()
    return row


def delete_canned_reply(session: Session, reply_id: int) -> bool:
    row = session.get(CannedReply, reply_id)
    if row is None:
        return False
    session.delete(row)
    return True


def _outcome(session: Session, handoff_id: int, ok: bool) -> Outcome:
    handoff = session.get(Handoff, handoff_id)
    if handoff is not None:
        session.refresh(handoff)
    return Outcome(ok=ok, handoff=handoff, owner_name=owner_name(session, handoff.owner_id if handoff else None))
