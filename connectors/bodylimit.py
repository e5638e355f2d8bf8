"""ASGI middleware that caps request bodies per route class while they are read, answering 413.

Why ASGI and not a check in each route: ``await request.body()`` buffers everything first, so a 10 MB body would
be in memory before any route could refuse it. Here a declared ``Content-Length`` over the limit is refused before
a byte of the body is read, and a chunked body is cut off as soon as the running total passes the limit.
Starlette has no such limit of its own.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connectors.settings import Settings


@dataclass(frozen=True)
class RouteClass:
    """Requests whose path starts with ``prefix`` may carry at most ``max_bytes``."""

    name: str
    prefix: str
    max_bytes: int


def route_classes(settings: Settings) -> list[RouteClass]:
    """Longest prefix first; anything unmatched gets the chat limit (no other route takes bodies)."""
    classes = [
        RouteClass("callbacks", "/wechat/", settings.wechat_max_body_bytes),
        RouteClass("uploads", "/console/api/documents", settings.max_body_bytes_upload),
        RouteClass("console", "/console/", settings.max_body_bytes_console),
        RouteClass("chat", "/web/", settings.max_body_bytes_chat),
        RouteClass("chat", "/api/", settings.max_body_bytes_chat),
    ]
    return sorted(classes, key=lambda c: len(c.prefix), reverse=True)


def limit_for(classes: list[RouteClass], path: str, default: int) -> int:
    for route_class in classes:
        if path.startswith(route_class.prefix):
            return route_class.max_bytes
    return default


class _TooLarge(Exception):
    """Raised into the app's ``receive`` when the body passes the limit; the middleware answers 413."""


def _human(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{max(1, size // 1024)} KB"


class BodyLimitMiddleware:
    def __init__(self, app: ASGIApp, limit: Callable[[str], int]) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit)  # refused before reading: the body is never received
            return
        received = 0
        exceeded = started = False

        async def limited_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise _TooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:  # the app's own reaction to the aborted read (e.g. FastAPI's 400) is replaced by 413
                return
            started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            pass
        if exceeded and not started:
            await _refuse(send, limit)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _refuse(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"请求内容过大（上限 {_human(limit)}），请精简后重试"}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json; charset=utf-8"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close"),
    ]})
    await send({"type": "http.response.body", "body": body})
