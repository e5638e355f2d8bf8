"""In-process publish/subscribe bus: live delivery to web widgets and live updates for the staff console.

Topics are plain strings. The gateway publishes every logged message twice: on ``sender:<sender_id>`` (what a
widget listens to) and on ``messages`` (the console's firehose). Subscribers that fall behind lose the oldest
events rather than blocking publishers; they recover from the message log, which is the source of truth.
"""

from __future__ import annotations

import asyncio
import logging
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

log = logging.getLogger(__name__)

ALL_MESSAGES = "messages"


def sender_topic(sender_id: str) -> str:
    return f"sender:{sender_id}"


class EventBus:
    """Fan-out of events to per-subscriber bounded queues (one process; not shared across workers)."""

    def __init__(self, queue_size: int = 256) -> None:
        self._queue_size = queue_size
        self._subscribers: dict[str, set[asyncio.Queue[Any]]] = defaultdict(set)

    def publish(self, topic: str, event: Any) -> int:
        """Hand ``event`` to every current subscriber of ``topic``; returns how many received it."""
        queues = self._subscribers.get(topic, ())
        for queue in queues:
            if queue.full():
                queue.get_nowait()
                log.warning("event subscriber on %s fell behind; dropped its oldest event", topic)
            queue.put_nowait(event)
        return len(queues)

    def subscriber_count(self, topic: str) -> int:
        return len(self._subscribers.get(topic, ()))

    @asynccontextmanager
    async def subscribe(self, topic: str) -> AsyncIterator[asyncio.Queue[Any]]:
        """``async with bus.subscribe(topic) as queue: event = await queue.get()``."""
        queue: asyncio.Queue[Any] = asyncio.Queue(self._queue_size)
        self._subscribers[topic].add(queue)
        try:
            yield queue
        finally:
            self._subscribers[topic].discard(queue)
            if not self._subscribers[topic]:
                del self._subscribers[topic]
