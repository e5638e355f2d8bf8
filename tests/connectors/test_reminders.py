"""Deadline reminders: stored from the bot's payload, sent once at remind_at over the user's channel."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, update

from connectors import services as services_module
from connectors.models import ChannelUser, Reminder, Status
from connectors.settings import Settings
from tests.connectors.conftest import OA, oa_settings

pytestmark = pytest.mark.integration
PAYLOAD = {"type": "reminder", "doc": "zjtx-2026", "title": "2026年专精特新中小企业申报通知",
           "deadline": "2026-12-31T17:00:00+08:00", "remind_at": "2026-12-28T09:00:00+08:00"}
DUE = datetime(2026, 12, 28, 1, 0, tzinfo=UTC)  # 09:00 Beijing time


@pytest.fixture
def make_services(tmp_path, wechat_api):
    built = []

    async def make(**extra):
        settings = Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}", rasa_url="http://127.0.0.1:9",
                            **oa_settings(wechat_api[1], **extra))  # several calls: replicas of one database
        built.append(await services_module.build(settings))
        return built[-1]

    yield make


async def test_web_reminder_is_sent_once_at_its_time(make_services):
    services = await make_services()
    assert await services.reminders.schedule("web:sessionabc", PAYLOAD) is not None
    assert await services.reminders.schedule("web:sessionabc", PAYLOAD) is None  # same reminder twice
    assert await services.reminders.run_due(DUE - timedelta(minutes=1)) == []
    [sent] = await services.reminders.run_due(DUE)
    assert (sent.status, sent.route) == ("sent", "web")
    assert await services.reminders.run_due(DUE + timedelta(days=1)) == []
    [message] = await services.messages.history("web:sessionabc")
    assert message.text == "【申报提醒】《2026年专精特新中小企业申报通知》将于2026年12月31日 17:00截止申报，请抓紧准备材料并按时提交。"
    await services.aclose()


async def test_reminders_survive_a_restart(make_services):
    first = await make_services()
    await first.reminders.schedule("web:sessionxyz", PAYLOAD)
    await first.aclose()
    second = await make_services()
    assert [r.status for r in await second.reminders.run_due(DUE)] == ["sent"]
    await second.aclose()


async def _wechat_user(services, openid: str, last_seen: datetime) -> str:
    sender = f"wechat:{OA['appid']}:{openid}"
    await services.messages.record_inbound(sender, "提醒我")
    await services.db.run(lambda s: s.execute(
        update(ChannelUser).where(ChannelUser.sender_id == sender).values(last_inbound_at=last_seen)))
    return sender


async def test_wechat_inside_48_hours_uses_the_customer_service_api(make_services, wechat_api):
    services = await make_services()
    sender = await _wechat_user(services, "oRecent", DUE - timedelta(hours=47))
    await services.reminders.schedule(sender, PAYLOAD)
    [sent] = await services.reminders.run_due(DUE)
    assert sent.status == "sent"
    assert wechat_api[0].sent("/cgi-bin/message/custom/send")[0]["touser"] == "oRecent"
    await services.aclose()


async def test_wechat_outside_48_hours_without_template_is_recorded_undeliverable(make_services, wechat_api):
    services = await make_services()
    sender = await _wechat_user(services, "oQuiet", DUE - timedelta(hours=49))
    await services.reminders.schedule(sender, PAYLOAD)
    [result] = await services.reminders.run_due(DUE)
    assert result.status == "undeliverable" and "48-hour" in result.last_error
    assert wechat_api[0].calls == []
    message = (await services.messages.history(sender))[-1]
    assert message.status == Status.UNDELIVERABLE and message.text.startswith("【申报提醒】")
    await services.aclose()


async def test_wechat_outside_48_hours_uses_the_subscription_template(make_services, wechat_api):
    services = await make_services(wechat_oa_reminder_template_id="tmpl-deadline")
    sender = await _wechat_user(services, "oQuiet2", DUE - timedelta(days=5))
    await services.reminders.schedule(sender, PAYLOAD)
    [result] = await services.reminders.run_due(DUE)
    assert (result.status, result.route) == ("sent", "template")
    [call] = wechat_api[0].sent("/cgi-bin/message/subscribe/bizsend")
    assert call["template_id"] == "tmpl-deadline" and call["touser"] == "oQuiet2"
    assert call["data"]["time2"]["value"] == "2026年12月31日 17:00"
    await services.aclose()


async def test_malformed_payload_is_refused(make_services):
    services = await make_services()
    assert await services.reminders.schedule("web:sessionabc", {"type": "reminder", "deadline": "soon"}) is None
    await services.aclose()


async def test_a_replica_starting_up_leaves_another_replicas_reminder_in_flight_alone(make_services):
    """recover() at startup used to reset every 'sending' reminder, so one in flight on another replica was
    sent twice; only a claim whose lease ran out is taken back."""
    sending, starting = await make_services(), await make_services()
    reminder = await sending.reminders.schedule("web:sessioninflight", PAYLOAD)
    await sending.db.run(lambda s: s.execute(update(Reminder).where(Reminder.id == reminder.id).values(
        status="sending", lease_until=datetime.now(UTC) + timedelta(minutes=2))))
    assert await starting.reminders.recover() == 0
    assert await starting.reminders.run_due(DUE) == []
    await sending.db.run(lambda s: s.execute(update(Reminder).where(Reminder.id == reminder.id).values(
        lease_until=datetime.now(UTC) - timedelta(seconds=1))))  # that replica died before logging it
    assert [r.status for r in await starting.reminders.run_due(DUE)] == ["sent"]
    assert len(await starting.messages.history("web:sessioninflight")) == 1
    await sending.aclose()
    await starting.aclose()


async def test_a_reminder_handed_to_the_outbox_before_a_crash_is_sent_once(make_services, wechat_api):
    sim = wechat_api[0]
    services = await make_services()
    sender = await _wechat_user(services, "oCrashReminder", DUE - timedelta(hours=1))
    reminder = await services.reminders.schedule(sender, PAYLOAD)
    sim.token_hang_s = 30.0  # the send hangs; the process "dies" with the message logged, not sent
    attempt = asyncio.ensure_future(services.reminders.run_due(DUE))
    await asyncio.sleep(1.0)
    attempt.cancel()
    await services.aclose()
    sim.token_hang_s = 0.0
    survivor = await make_services(outbox_lease_s=1.0)
    await survivor.db.run(lambda s: s.execute(update(Reminder).where(Reminder.id == reminder.id).values(
        lease_until=datetime.now(UTC) - timedelta(seconds=1))))
    assert await survivor.reminders.run_due(DUE) == []  # its message is already in the outbox: not sent again
    assert await survivor.delivery.retry_due() == 1
    await survivor.reminders.run_due(DUE)
    [row] = await survivor.db.run(lambda s: list(s.scalars(select(Reminder))))
    assert row.status == "sent"
    assert [m["text"]["content"][:6] for m in sim.sent("/cgi-bin/message/custom/send")] == ["【申报提醒】"]
    await survivor.aclose()
