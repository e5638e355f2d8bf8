"""Sending to a sender id outside a request: routed by prefix, retried, never dropped silently."""

import pytest

from connectors import services as services_module
from connectors.events import sender_topic
from connectors.models import Author, Status
from connectors.replies import Reply
from connectors.settings import Settings
from tests.connectors.conftest import OA, oa_settings

pytestmark = pytest.mark.integration
CS = "/cgi-bin/message/custom/send"


@pytest.fixture
async def services(tmp_path, wechat_api):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}", rasa_url="http://127.0.0.1:9",
                        delivery_retry_s=0.0, delivery_max_attempts=2, **oa_settings(wechat_api[1]))
    built = await services_module.build(settings)
    yield built
    await built.aclose()


async def test_web_delivery_is_live_and_in_the_history(services):
    async with services.bus.subscribe(sender_topic("web:session123")) as live:
        rows = await services.delivery.send("web:session123", [Reply(text="工作人员：您好，材料已收到")])
        event = await live.get()
    assert rows[0].status == Status.SENT and rows[0].author == Author.STAFF
    assert event["message"]["text"] == "工作人员：您好，材料已收到"
    assert [m.text for m in await services.messages.history("web:session123")] == ["工作人员：您好，材料已收到"]


async def test_wechat_delivery_goes_through_the_customer_service_api(services, wechat_api):
    sim = wechat_api[0]
    rows = await services.delivery.send(f"wechat:{OA['appid']}:oStaffTarget", [Reply(text="您的问题已转交")])
    assert rows[0].status == Status.SENT
    assert sim.sent(CS) == [{"touser": "oStaffTarget", "msgtype": "text", "text": {"content": "您的问题已转交"}}]


async def test_failures_are_retried_then_marked_undeliverable(services, wechat_api):
    sim = wechat_api[0]
    sim.fail_with = [-1, -1]
    row = (await services.delivery.send(f"wechat:{OA['appid']}:oBusy", [Reply(text="稍后送达")]))[0]
    assert (row.status, row.attempts) == (Status.FAILED, 1)
    assert await services.delivery.retry_due() == 1
    row = await services.messages.get(row.id)
    assert (row.status, row.attempts) == (Status.UNDELIVERABLE, 2) and "simulated failure" in row.last_error
    assert await services.delivery.retry_due() == 0


async def test_a_channel_without_transport_is_recorded_undeliverable(services):
    row = (await services.delivery.send("api:integration-1", [Reply(text="无法推送")]))[0]
    assert row.status == Status.UNDELIVERABLE and "no outbound transport" in row.last_error
    other_app = (await services.delivery.send("wechat:wxotherapp0000000:oX", [Reply(text="x")]))[0]
    assert other_app.status == Status.FAILED and "no credentials" in other_app.last_error
