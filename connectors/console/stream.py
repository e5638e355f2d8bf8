"""The console's live stream (Server-Sent Events): queue changes, new messages and delivery status.

Events come from this replica's event bus at once; a one-second database poll catches what other replicas
wrote (the queue signature and new message-log rows). The stream also keeps the staff member's presence fresh
(so users are not told "nobody is online" while an agent has the console open) and ends with a ``logout``
event when the login expires or is ended elsewhere. After a reconnect the page re-reads the queue and the open
conversation, so nothing is missed.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from functools import partial
from typing import Any

from fastapi import APIRouter, Request
from sse_starlette.sse import EventSourceResponse

from connectors.console import auth, store, views
from connectors.console.api_session import UNAUTHORIZED
from connectors.console.deps import LoginDep, session_policy
from connectors.deps import ServicesDep
from connectors.events import ALL_MESSAGES
from connectors.handoff import CONSOLE_TOPIC
from connectors.services import Services

router = APIRouter(prefix="/api")
_UNSEEN = object()  # the first pass always sends the queue
POLL_S = 1.0
PRESENCE_S = 20.0
PING_S = 15


@router.get("/events", responses={**UNAUTHORIZED, 200: {"content": {"text/event-stream": {}}}})
async def events(request: Request, current: LoginDep, services: ServicesDep) -> EventSourceResponse:
    """SSE: ``queue`` (the whole queue), ``message`` (a new message in any conversation), ``status`` (a message's
    delivery status changed), ``logout`` (the login ended)."""
    return EventSourceResponse(_stream(request, services), ping=PING_S)


async def _stream(request: Request, services: Services) -> AsyncIterator[dict[str, str]]:
    token = request.cookies.get(auth.COOKIE_NAME, "")
    policy = session_policy(request.app.state.settings)
    last_id = await services.db.run(store.last_message_id)
    signature: object = _UNSEEN
    presence_at = time.monotonic()
    async with services.bus.subscribe(CONSOLE_TOPIC) as queue_events, \
            services.bus.subscribe(ALL_MESSAGES) as message_events:
        while not await request.is_disconnected():
            woke = await _wait_any((queue_events, message_events), POLL_S)
            for event in woke:
                if event.get("type") == "status":
                    yield _sse("status", event["message"])
            current = await services.db.run(store.queue_signature)
            if current != signature:
                signature = current
                rows = await services.db.run(store.queue)
                yield _sse("queue", [views.queue_item(h, o).model_dump(mode="json") for h, o in rows])
            for row in await services.db.run(partial(store.messages_after, after_id=last_id)):
                last_id = row.id
                yield _sse("message", {"sender_id": row.sender_id, **views.message_out(row).model_dump(mode="json")})
            if time.monotonic() - presence_at >= PRESENCE_S:
                presence_at = time.monotonic()
                if await services.db.run(lambda s: auth.resume_session(s, token, policy)) is None:
                    yield _sse("logout", {"detail": "登录已过期，请重新登录"})
                    return


async def _wait_any(queues: tuple[asyncio.Queue, ...], timeout: float) -> list[dict[str, Any]]:
    """Events waiting on any of ``queues`` (blocking up to ``timeout`` for the first)."""
    ready = [q.get_nowait() for q in queues if not q.empty()]
    if ready:
        return ready
    getters = [asyncio.ensure_future(q.get()) for q in queues]
    done, pending = await asyncio.wait(getters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    return [task.result() for task in done]


def _sse(event: str, data: Any) -> dict[str, str]:
    return {"event": event, "data": json.dumps(data, ensure_ascii=False)}
