"""The in-process event bus behind live web delivery and console updates."""

import pytest

from connectors.events import EventBus, sender_topic

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
