"""Turn database rows into the console API's response models."""

from __future__ import annotations

from typing import Any

from connectors.console.inbox import visitor_name
from connectors.console.models import Handoff, Note
from connectors.console.schemas import (
    ConversationOut,
    MessageOut,
    NoteOut,
    QueueItem,
)
from connectors.models import Message, as_utc, utcnow

# Rasa's own bookkeeping slots: not part of the company profile.
INTERNAL_SLOTS = frozenset({"requested_slot", "session_started_metadata"})


def queue_item(handoff: Handoff, owner: str) -> QueueItem:
    created = as_utc(handoff.created_at)
    end = as_utc(handoff.claimed_at) or as_utc(handoff.ended_at) or utcnow()
    return QueueItem(
        id=handoff.id, sender_id=handoff.sender_id, channel=handoff.channel, state=handoff.state,
        reason=handoff.reason, question=handoff.question, company_name=handoff.company_name,
        name=handoff.company_name or visitor_name(handoff.sender_id, handoff.channel),
        contact=handoff.contact, owner=owner, owner_id=handoff.owner_id, after_hours=handoff.after_hours,
        created_at=created, waiting_seconds=max(0, int((end - created).total_seconds())),
    )


def message_out(row: Message) -> MessageOut:
    payload = row.payload or {}
    return MessageOut(
        id=row.id, direction=row.direction, author=row.author, text=row.text,
        buttons=list(payload.get("buttons", [])), status=row.status, attempts=row.attempts,
        last_error=row.last_error, created_at=as_utc(row.created_at),
    )


def note_out(note: Note, author: str) -> NoteOut:
    return NoteOut(id=note.id, text=note.text, author=author, created_at=as_utc(note.created_at))


def profile_from_tracker(tracker: dict[str, Any] | None, stored: dict[str, Any] | None) -> dict[str, Any]:
    """The company profile: the tracker's filled slots, falling back to the profile sent with the handoff."""
    profile = {k: v for k, v in (stored or {}).items() if v not in (None, "", [], {})}
    slots = (tracker or {}).get("slots") or {}
    profile.update({k: v for k, v in slots.items() if k not in INTERNAL_SLOTS and v not in (None, "", [], {})})
    return profile


def conversation(handoff: Handoff, owner: str, *, profile: dict[str, Any], transcript: list[Message],
                 notes: list[tuple[Note, str]]) -> ConversationOut:
    item = queue_item(handoff, owner)
    return ConversationOut(
        **item.model_dump(), resolution=handoff.resolution, handoff_after_message_id=handoff.first_message_id,
        claimed_at=as_utc(handoff.claimed_at),
        ended_at=as_utc(handoff.ended_at), profile=profile, transcript=[message_out(m) for m in transcript],
        notes=[note_out(n, a) for n, a in notes],
    )
