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

from connectors import senders
from connectors.deps import ServicesDep, SettingsDep
from connectors.events import sender_topic
from connectors.models import Status

router = APIRouter(tags=["web"])
templates = Jinja2Templates(directory=Path(__file__).resolve().parents[1] / "templates")

SESSION = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
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
    text: str = Field(..., min_length=1, max_length=20_000)


@router.post("/web/messages")
async def post_message(body: WebMessage, services: ServicesDep) -> dict:
    """The user sends a message; the bot's replies come back in the response (and on the live stream)."""
    sender = web_sender(body.session)
    turn = await services.conversation.handle_user_message(sender, body.text, reply_status=Status.SENT)
    return {"inbound_id": turn.inbound_id, "handed_off": turn.handed_off,
            "messages": [{"from": "bot", **r.to_dict()} for r in turn.replies]}


@router.get("/web/history")
async def history(services: ServicesDep, session: str, after: Annotated[int, Query(ge=0)] = 0) -> dict:
    """The conversation so far, so a reloaded page shows it again."""
    rows = await services.messages.history(web_sender(session), after_id=after)
    return {"messages": [public(row.to_dict()) for row in rows]}


@router.get("/web/events")
async def events(
    request: Request, services: ServicesDep, session: str,
    after: Annotated[int, Query(ge=0)] = 0,
    last_event_id: Annotated[str | None, Header()] = None,
) -> EventSourceResponse:
    """Live stream of this session's messages (SSE); replays what was missed since ``Last-Event-ID``."""
    sender = web_sender(session)
    if last_event_id and last_event_id.isdigit():
        after = max(after, int(last_event_id))

    async def stream():
        seen = after
        async with services.bus.subscribe(sender_topic(sender)) as queue:
            for row in await services.messages.history(sender, after_id=seen):
                seen = row.id
                yield {"id": str(row.id), "event": "message", "data": json.dumps(public(row.to_dict()), ensure_ascii=False)}
            while not await request.is_disconnected():
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=KEEPALIVE_S)
                except TimeoutError:
                    continue
                message = event["message"]
                if event["type"] != "message" or message["id"] <= seen:
                    continue
                seen = message["id"]
                yield {"id": str(seen), "event": "message", "data": json.dumps(public(message), ensure_ascii=False)}

    return EventSourceResponse(stream(), ping=KEEPALIVE_S)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
async def demo_page(request: Request, settings: SettingsDep) -> HTMLResponse:
    """A mock district enterprise-service website that embeds the widget with one script tag."""
    return templates.TemplateResponse(request, "demo.html", {"settings": settings})
