"""Publish/subscribe bus: live delivery to web widgets and live updates for the staff console.

Topics are plain strings. The gateway publishes every logged message twice: on ``sender:<sender_id>`` (what a
widget listens to) and on ``messages`` (the console's firehose). Subscribers that fall behind lose the oldest
events rather than blocking publishers; they recover from the message log, which is the source of truth.

``EventBus`` is in-process (one gateway process). ``RedisEventBus`` (``POLICYBOT_REDIS_URL`` set) shares events
between gateway replicas through Redis pub/sub, so a staff reply logged on replica B reaches a widget stream
held by replica A. Redis pub/sub is at-most-once: events published while Redis is unreachable are lost, and
streams catch up from the message log (web streams re-read it on every keep-alive tick).
"""

from __future__ import annotations

import asyncio
import json
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


class RedisEventBus(EventBus):
    """``EventBus`` whose events travel through Redis channels ``<prefix><topic>``, so every replica's
    subscribers see every replica's events. ``publish`` stays synchronous (callers are in the middle of
    database work): events are queued in order and one task sends them; one pattern subscription per process
    feeds the local queues."""

    def __init__(self, url: str, *, prefix: str = "policybot:", queue_size: int = 256) -> None:
        super().__init__(queue_size)
        self.url = url
        self.prefix = prefix
        self._outgoing: asyncio.Queue[tuple[str, str]] = asyncio.Queue(10_000)
        self._tasks: list[asyncio.Task] = []
        self._redis = None
        self.connected = asyncio.Event()

    async def start(self) -> None:
        import redis.asyncio as redis  # only needed when Redis is configured

        self._redis = redis.from_url(self.url, socket_timeout=5, socket_connect_timeout=5)
        self._tasks = [asyncio.create_task(self._pump(), name="bus-publish"),
                       asyncio.create_task(self._listen(), name="bus-listen")]
        try:  # subscribed before the app serves, so its own first events are not missed
            await asyncio.wait_for(self.connected.wait(), timeout=5)
        except TimeoutError:
            log.error("Redis at %s not reachable yet; live events resume once it is", self.url)

    async def aclose(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._redis is not None:
            await self._redis.aclose()

    def publish(self, topic: str, event: Any) -> int:
        """Queue ``event`` for every replica; returns this process's current subscriber count."""
        try:
            self._outgoing.put_nowait((topic, json.dumps(event, ensure_ascii=False, default=str)))
        except asyncio.QueueFull:
            log.warning("event bus backlog full (Redis unreachable?); dropped an event on %s", topic)
        return self.subscriber_count(topic)

    async def _pump(self) -> None:
        while True:
            topic, data = await self._outgoing.get()
            while True:
                try:
                    await self._redis.publish(self.prefix + topic, data)
                    break
                except Exception as exc:  # noqa: BLE001 - Redis down: keep the event and retry
                    log.warning("publishing to Redis failed (%s); retrying", exc)
                    await asyncio.sleep(1.0)

    async def _listen(self) -> None:
        while True:
            pubsub = self._redis.pubsub()
            try:
                await pubsub.psubscribe(self.prefix + "*")
                self.connected.set()
                async for item in pubsub.listen():
                    if item.get("type") != "pmessage":
                        continue
                    channel = item["channel"].decode() if isinstance(item["channel"], bytes) else item["channel"]
                    super().publish(channel[len(self.prefix):], json.loads(item["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - reconnect after any Redis failure
                self.connected.clear()
                log.warning("Redis event subscription lost (%s); reconnecting", exc)
                await asyncio.sleep(1.0)
            finally:
                try:
                    await pubsub.aclose()
                except Exception as exc:  # noqa: BLE001 - the connection is already gone
                    log.debug("closing a lost Redis subscription: %s", exc)
