"""Schema migrations and the message log on SQLite (default) and PostgreSQL (by URL)."""


import pytest
from sqlalchemy import inspect

from connectors.db import Database
from connectors.events import EventBus
from connectors.message_log import MessageLog
from connectors.replies import Reply

pytestmark = pytest.mark.integration


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path):
    if request.param == "sqlite":
        db = Database(f"sqlite:///{tmp_path / 'nested' / 'gateway.db'}")
        yield db
        db.dispose()
        return
    db = Database(request.getfixturevalue("postgres_url"))
    yield db
    db.dispose()


def test_upgrade_creates_the_schema_and_is_idempotent(database):
    database.upgrade()
    database.upgrade()
    tables = set(inspect(database.engine).get_table_names())
    assert {"gateway_messages", "gateway_reminders", "gateway_channel_users", "gateway_state",
            "alembic_version"} <= tables


async def test_message_log_keeps_the_transcript_and_drops_retries(database):
    database.upgrade()
    bus = EventBus()
    log = MessageLog(database, bus)
    sender = "wechat:wx1234567890abcdef:oUser"
    async with bus.subscribe("messages") as firehose:
        first = await log.record_inbound(sender, "截止时间？", external_id="123")
        assert await log.record_inbound(sender, "截止时间？", external_id="123") is None
        rows = await log.record_outbound(sender, [Reply(text="12月31日截止", buttons=[{"title": "提醒我",
                                                                                    "payload": "/remind"}])])
        await log.mark_sent([rows[0].id])
        events = [firehose.get_nowait() for _ in range(firehose.qsize())]
    history = await log.history(sender)
    assert [(m.direction, m.text, m.status) for m in history] == [
        ("in", "截止时间？", "received"), ("out", "12月31日截止", "sent")]
    assert history[1].payload == {"buttons": [{"title": "提醒我", "payload": "/remind"}]}
    assert [e["type"] for e in events] == ["message", "message", "status"]
    assert [m.id for m in await log.history(sender, after_id=first.id)] == [history[1].id]
    assert await log.last_buttons(sender) == [{"title": "提醒我", "payload": "/remind"}]
    assert (await log.last_inbound_at(sender)).tzinfo is not None


def test_try_insert_reports_a_conflict_and_leaves_the_transaction_usable(database):
    from sqlalchemy import func, select
    from sqlalchemy.exc import IntegrityError

    from connectors.db import try_insert
    from connectors.models import Lease, utcnow

    database.upgrade()

    def work(session):
        first = try_insert(session, Lease(name="job", owner="a", expires_at=utcnow()))
        again = try_insert(session, Lease(name="job", owner="b", expires_at=utcnow()))
        other = try_insert(session, Lease(name="other", owner="b", expires_at=utcnow()))
        return first, again, other, session.scalars(select(Lease.owner).order_by(Lease.name)).all()

    first, again, other, owners = database.run_sync(work)
    assert first is None and other is None
    assert isinstance(again, IntegrityError)
    assert owners == ["a", "b"]
    assert database.run_sync(lambda s: s.scalar(select(func.count()).select_from(Lease))) == 2
