"""Web chat widget channel: send messages, read history, receive live messages over Server-Sent Events,
and the demo page (a mock district enterprise-service site embedding the widget).

Live delivery is SSE + POST: the browser's EventSource reconnects by itself and sends ``Last-Event-ID`` (the
last message id it saw), and the stream first replays everything logged after it, so a reconnect after a
network loss loses nothing.
"""

from __future__ import annotations

import asyncio
import json
import re
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from sse_starlette.sse import EventSourceResponse
from starlette.background import BackgroundTask

from connectors import feedback, senders
from connectors.deps import ClientIpDep, GuardsDep, ServicesDep, SettingsDep
from connectors.events import sender_topic
from connectors.models import Status, TurnState
from connectors.services import Services
from connectors.textcheck import SafeText

router = APIRouter(tags=["web"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")

SESSION = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
SESSION_HEADER = "X-Policybot-Session"  # the session id travels in a header or body, never in a URL (access logs)
KEEPALIVE_S = 15


def web_sender(session: str) -> str:
    if not SESSION.match(session):
        raise HTTPException(422, "会话标识无效")
    return senders.make("web", session)


def public(message: dict) -> dict:
    """What the widget may see of a logged message (``Message.to_dict()``)."""
    payload = message["payload"] or {}
    return {"id": message["id"], "from": "user" if message["direction"] == "in" else message["author"],
            "text": message["text"], "buttons": payload.get("buttons", []), "image": payload.get("image"),
            "time": message["created_at"]}


class WebMessage(BaseModel):
    session: str
    text: SafeText = Field(..., min_length=1, max_length=20_000)
    client_id: str | None = Field(None, pattern=r"^[A-Za-z0-9_-]{1,63}$",
                                  description="The widget's id for this message; a resend with the same id "
                                              "returns the original turn instead of starting a second one.")


@router.post("/web/messages")
async def post_message(body: WebMessage, services: ServicesDep, settings: SettingsDep, guards: GuardsDep,
                       ip: ClientIpDep) -> dict:
    """The user sends a message; the bot's replies come back in the response (and on the live stream)."""
    sender = web_sender(body.session)
    await guards.limiter.check(settings.rate_limit_web_ip, "web-ip", ip)
    await guards.limiter.check(settings.rate_limit_web_session, "web-session", body.session)
    key = f"{body.session}/{body.client_id}" if body.client_id else None
    inbound = await services.conversation.receive(sender, body.text, external_id=key)
    if inbound is None:
        return await _original_turn(services, key)
    turn = await services.conversation.answer(inbound, reply_status=Status.SENT)
    return {"inbound_id": turn.inbound_id, "handed_off": turn.handed_off, "duplicate": False,
            "messages": [{"from": "system" if turn.deferred else "bot", **r.to_dict()} for r in turn.replies]}


async def _original_turn(services, key: str) -> dict:
    """A resent message (same ``client_id``): the first request's turn, waiting briefly while it is still
    being answered; its replies then also arrive on the live stream."""
    inbound = await services.messages.find_inbound("web", key)
    deadline = asyncio.get_running_loop().time() + services.settings.rasa_timeout_s
    while inbound.turn_state == TurnState.OPEN and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.2)
        inbound = await services.messages.get(inbound.id)
    replies = await services.messages.replies_to(inbound.id)
    return {"inbound_id": inbound.id, "handed_off": False, "duplicate": True,
            "messages": [{"from": row.author, "id": row.id, "text": row.text,
                          "buttons": (row.payload or {}).get("buttons", []), "image": (row.payload or {}).get("image")}
                         for row in replies]}


class WebFeedback(BaseModel):
    session: str
    message_id: int
    rating: feedback.Rating


@router.post("/web/feedback", status_code=204, responses={404: {"description": "Not a bot reply of this session."}})
async def post_feedback(body: WebFeedback, services: ServicesDep, settings: SettingsDep, guards: GuardsDep) -> None:
    """👍/👎 on one of the bot's replies in this session (console analytics)."""
    sender = web_sender(body.session)
    await guards.limiter.check(settings.rate_limit_web_session, "web-session", body.session)
    if not await services.db.run(lambda s: feedback.record(s, sender, body.message_id, body.rating)):
        raise HTTPException(404, "消息不存在")


SessionHeader = Annotated[str, Header(alias=SESSION_HEADER, description="the widget's session id")]


@router.get("/web/history")
async def history(services: ServicesDep, session: SessionHeader, after: Annotated[int, Query(ge=0)] = 0) -> dict:
    """The conversation so far, so a reloaded page shows it again."""
    rows = await services.messages.history(web_sender(session), after_id=after)
    return {"messages": [public(row.to_dict()) for row in rows]}


@router.post("/web/stream-token")
async def stream_token(session: SessionHeader, guards: GuardsDep) -> dict:
    """A short-lived opaque token for ``/web/events`` (EventSource cannot send the session header)."""
    web_sender(session)
    return {"token": guards.stream_tokens.issue(session), "expires_in": guards.stream_tokens.ttl_s}


@router.get("/web/events", responses={401: {"description": "Unknown or expired token: fetch a new one."},
                                      429: {"description": "Too many open streams; see Retry-After."}})
async def events(
    request: Request, services: ServicesDep, guards: GuardsDep, ip: ClientIpDep,
    token: Annotated[str, Query(max_length=512, description="from POST /web/stream-token")],
    after: Annotated[int, Query(ge=0)] = 0,
    last_event_id: Annotated[str | None, Header()] = None,
) -> EventSourceResponse:
    """Live stream of this session's messages (SSE); replays what was missed since ``Last-Event-ID``."""
    session = guards.stream_tokens.read(token)
    if session is None:
        raise HTTPException(401, "实时连接凭证无效或已过期，请刷新")
    sender = web_sender(session)
    if last_event_id and last_event_id.isdigit():
        after = max(after, int(last_event_id))
    release = guards.streams.reserve(session, ip)

    async def stream():
        try:
            async for event in _live(request, services, sender, after):
                yield event
        finally:
            release()

    return EventSourceResponse(stream(), ping=KEEPALIVE_S, background=BackgroundTask(release))


async def _live(request: Request, services: Services, sender: str, after: int):
    """Replay from the log after ``after``, then follow the bus (``events`` holds the stream caps around it)."""
    seen = after
    async with services.bus.subscribe(sender_topic(sender)) as queue:
        for row in await services.messages.history(sender, after_id=seen):
            seen = row.id
            yield {"id": str(row.id), "event": "message", "data": json.dumps(public(row.to_dict()), ensure_ascii=False)}
        while not await request.is_disconnected():
            try:
                event = await asyncio.wait_for(queue.get(), timeout=KEEPALIVE_S)
            except TimeoutError:
                # catch up from the log: an event lost on the way (Redis restarting) still arrives
                for row in await services.messages.history(sender, after_id=seen):
                    seen = row.id
                    yield {"id": str(row.id), "event": "message",
                           "data": json.dumps(public(row.to_dict()), ensure_ascii=False)}
                continue
            message = event["message"]
            if event["type"] != "message" or message["id"] <= seen:
                continue
            seen = message["id"]
            yield {"id": str(seen), "event": "message", "data": json.dumps(public(message), ensure_ascii=False)}


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def demo_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """A mock district enterprise-service website that embeds the widget with one script tag."""
    return templates.TemplateResponse(request, "demo.html", {"settings": settings})
