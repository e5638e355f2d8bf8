"""The event bus behind live web delivery and console updates: in-process, and shared through Redis."""

import asyncio

import pytest

from connectors.events import EventBus, RedisEventBus, sender_topic

pytestmark = pytest.mark.unit


async def test_subscribers_get_events_of_their_topic_only():
    bus = EventBus()
    async with bus.subscribe(sender_topic("web:a")) as a, bus.subscribe(sender_topic("web:b")) as b:
        assert bus.publish(sender_topic("web:a"), {"n": 1}) == 1
        assert await a.get() == {"n": 1} and b.empty()
    assert bus.subscriber_count(sender_topic("web:a")) == 0
    assert bus.publish(sender_topic("web:a"), {"n": 2}) == 0


async def test_a_slow_subscriber_loses_its_oldest_events_not_the_publisher():
    bus = EventBus(queue_size=3)
    async with bus.subscribe("messages") as queue:
        for n in range(5):
            bus.publish("messages", n)
        assert [queue.get_nowait() for _ in range(3)] == [2, 3, 4]


REDIS = "redis://127.0.0.1:6379/0"  # the local server; each test uses its own channel prefix


@pytest.fixture
async def redis_buses():
    """Two buses as two gateway replicas see them: one Redis, a prefix no other test run uses."""
    import os

    import redis.asyncio as redis

    probe = redis.from_url(REDIS)
    try:
        await probe.ping()
    except Exception as exc:  # noqa: BLE001 - shown in the skip reason
        pytest.skip(f"Redis at {REDIS} unavailable: {exc}")
    finally:
        await probe.aclose()
    prefix = f"pbtest{os.urandom(4).hex()}:events:"
    buses = [RedisEventBus(REDIS, prefix=prefix), RedisEventBus(REDIS, prefix=prefix)]
    for bus in buses:
        await bus.start()
    yield buses
    for bus in buses:
        await bus.aclose()


@pytest.mark.integration
async def test_an_event_published_on_one_replica_reaches_subscribers_on_both(redis_buses):
    first, second = redis_buses
    async with first.subscribe(sender_topic("web:a")) as here, second.subscribe(sender_topic("web:a")) as there:
        for n in range(20):
            second.publish(sender_topic("web:a"), {"n": n, "text": "工作人员回复"})
        got_here = [await asyncio.wait_for(here.get(), 5) for _ in range(20)]
        got_there = [await asyncio.wait_for(there.get(), 5) for _ in range(20)]
    assert got_here == got_there == [{"n": n, "text": "工作人员回复"} for n in range(20)]  # in order, once
    assert here.empty() and there.empty()
