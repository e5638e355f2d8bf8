"""The queue and one conversation: claim, reply, notes, hand back to the bot, close."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Query

from connectors.console import inbox, store, views
from connectors.console.api_session import FORBIDDEN, UNAUTHORIZED
from connectors.console.deps import HandoffDep, LoginDep
from connectors.console.schemas import (
    AvailabilityOut,
    CloseIn,
    ConversationOut,
    ErrorOut,
    InboxRow,
    LiveConversation,
    MessageIn,
    MessageOut,
    NoteIn,
    NoteOut,
    QueueItem,
    QueueOut,
    TakeoverIn,
)
from connectors.deps import ServicesDep
from connectors.errors import ConnectorError
from connectors.models import as_utc

router = APIRouter(prefix="/api")
RASA_DOWN = {502: {"model": ErrorOut, "description": "The bot could not be resumed; the conversation stays with staff."}}
REFUSED = {
    **UNAUTHORIZED, **FORBIDDEN,
    404: {"model": ErrorOut, "description": "No such conversation."},
    409: {"model": ErrorOut, "description": "Owned by someone else (``owner`` says who), or already ended."},
}


@router.get("/queue", responses=UNAUTHORIZED)
async def queue(current: LoginDep, services: ServicesDep, handoff: HandoffDep) -> QueueOut:
    """Waiting and owned conversations (waiting first, oldest first) and whether staff can answer now."""
    rows = await services.db.run(store.queue)
    availability = await handoff.availability()
    return QueueOut(
        items=[views.queue_item(h, owner) for h, owner in rows],
        availability=AvailabilityOut(
            open_now=availability.open_now, staff_online=availability.staff_online, notice=availability.notice
        ),
    )


@router.get("/live", responses=UNAUTHORIZED)
async def live(current: LoginDep, services: ServicesDep) -> list[LiveConversation]:
    """Conversations with the most recent user messages, so staff can take over one the bot is handling."""

    def work(session):
        users = store.recent_conversations(session)
        return [(u, store.open_for_sender(session, u.sender_id)) for u in users]

    return [
        LiveConversation(sender_id=u.sender_id, channel=u.channel, last_inbound_at=as_utc(u.last_inbound_at),
                         handoff_id=h.id if h else None)
        for u, h in await services.db.run(work)
    ]


@router.get("/inbox", responses=UNAUTHORIZED)
async def inbox_rows(
    current: LoginDep, services: ServicesDep, channel: str | None = None,
    state: Annotated[str | None, Query(pattern="^(bot|waiting|owned)$")] = None,
    q: Annotated[str, Query(max_length=100)] = "", limit: Annotated[int, Query(ge=1, le=inbox.MAX_ROWS)] = 50,
) -> list[InboxRow]:
    """Every recent conversation as a person reads it: company or visitor name, channel, last message and its
    time, waiting time, unread count and state; filter by ``channel`` and ``state``, search ``q`` in company
    names and message text."""
    wanted = inbox.InboxFilter(channel=channel or None, state=state, q=q.strip(), limit=limit)
    return [InboxRow(**row) for row in await services.db.run(lambda s: inbox.rows(s, wanted))]


@router.post("/takeover", responses=REFUSED)
async def takeover(body: TakeoverIn, current: LoginDep, handoff: HandoffDep) -> QueueItem:
    """Take over a live conversation from the bot (it is paused) and own it."""
    row = await handoff.takeover(body.sender_id, current)
    return views.queue_item(row, current.name)


@router.get("/conversations/{conversation_id}", responses=REFUSED)
async def conversation(conversation_id: int, current: LoginDep, services: ServicesDep) -> ConversationOut:
    """Transcript (the bot's turns and citations included), company profile, notes, owner and state."""

    def work(session):
        row = store.get(session, conversation_id)
        if row is None:
            return None
        return (row, store.owner_name(session, row.owner_id), store.transcript(session, row.sender_id),
                store.notes(session, row.id))

    found = await services.db.run(work)
    if found is None:
        raise HTTPException(404, "会话不存在")
    row, owner, transcript, notes = found
    try:
        tracker = await services.rasa.tracker(row.sender_id)
    except ConnectorError:
        tracker = None  # Rasa down: show the profile sent with the handoff
    profile = views.profile_from_tracker(tracker, row.profile)
    return views.conversation(row, owner, profile=profile, transcript=transcript, notes=notes)


@router.post("/conversations/{conversation_id}/claim", responses=REFUSED)
async def claim(conversation_id: int, current: LoginDep, handoff: HandoffDep) -> QueueItem:
    """Become the one owner of a waiting conversation; a second claimer gets 409 with the owner's name."""
    row = await handoff.claim(conversation_id, current)
    return views.queue_item(row, current.name)


@router.post("/conversations/{conversation_id}/messages", status_code=201, responses=REFUSED)
async def send_message(conversation_id: int, body: MessageIn, current: LoginDep, handoff: HandoffDep) -> MessageOut:
    """Reply to the user over their channel. ``status`` says whether it was delivered; failures are retried."""
    return views.message_out(await handoff.reply(conversation_id, current, body.text))


@router.post("/conversations/{conversation_id}/messages/{message_id}/retry", responses=REFUSED)
async def retry_message(conversation_id: int, message_id: int, current: LoginDep, handoff: HandoffDep) -> MessageOut:
    """Try delivering a failed reply again now."""
    return views.message_out(await handoff.retry(conversation_id, message_id, current))


@router.post("/conversations/{conversation_id}/notes", status_code=201, responses=REFUSED)
async def add_note(conversation_id: int, body: NoteIn, current: LoginDep, services: ServicesDep,
                   handoff: HandoffDep) -> NoteOut:
    """An internal note for colleagues; never sent to the user."""

    def work(session):
        if store.get(session, conversation_id) is None:
            return None
        note = store.add_note(session, conversation_id, current.staff_id, body.text)
        store.touch(session, conversation_id)
        return note

    note = await services.db.run(work)
    if note is None:
        raise HTTPException(404, "会话不存在")
    handoff.notify()
    return views.note_out(note, current.name)


@router.post("/conversations/{conversation_id}/release", responses={**REFUSED, **RASA_DOWN})
async def release(conversation_id: int, current: LoginDep, handoff: HandoffDep, services: ServicesDep) -> QueueItem:
    """Hand the conversation back to the bot (resumed in Rasa); the user is told."""
    row = await handoff.release(conversation_id, current)
    return views.queue_item(row, await services.db.run(lambda s: store.owner_name(s, row.owner_id)))


@router.post("/conversations/{conversation_id}/close", responses={**REFUSED, **RASA_DOWN})
async def close(conversation_id: int, body: CloseIn, current: LoginDep, handoff: HandoffDep,
                services: ServicesDep) -> QueueItem:
    """Close with a resolution tag; the bot answers the user's next message again."""
    row = await handoff.close(conversation_id, current, body.resolution)
    return views.queue_item(row, await services.db.run(lambda s: store.owner_name(s, row.owner_id)))
