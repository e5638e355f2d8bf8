"""Sending to a sender id outside a request: routed by prefix, retried, never dropped silently."""

import asyncio
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import update

from connectors import services as services_module
from connectors.errors import WeChatAPIError
from connectors.events import sender_topic
from connectors.models import Author, Message, Status, utcnow
from connectors.replies import Reply
from connectors.settings import Settings
from connectors.wechat.replies import split_text
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


async def test_a_long_message_whose_second_part_failed_resends_only_that_part(services, wechat_api):
    """Two WeChat messages make one long reply; WeChat refuses each message's first try."""
    sim = wechat_api[0]
    sim.fail_first_try = True
    services.delivery.max_attempts = 3
    text = "政策原文摘录。" * 150  # 3150 bytes: two WeChat messages
    parts = split_text(text)
    row = (await services.delivery.send(f"wechat:{OA['appid']}:oLong", [Reply(text=text)]))[0]
    while row.status == Status.FAILED:
        await services.delivery.retry_due()
        row = await services.messages.get(row.id)
    assert row.status == Status.SENT and len(parts) == 2
    assert sim.shown() == parts  # the first part is not shown again when the second is retried


async def test_a_send_whose_answer_was_lost_is_marked_as_possibly_shown():
    """Sent, then the connection timed out: WeChat may have shown it (no idempotency key), unlike a request
    that never got there."""
    from connectors.wechat.api import OfficialAccountAPI, OutcomeUnknown

    class Tokens:
        async def get(self) -> str:
            return "token"

    def failing(error: type[httpx.TransportError]):
        def handler(request: httpx.Request) -> httpx.Response:
            raise error("simulated", request=request)
        return OfficialAccountAPI(httpx.AsyncClient(transport=httpx.MockTransport(handler)), "http://wx", Tokens())

    with pytest.raises(OutcomeUnknown):
        await failing(httpx.ReadTimeout).send_text("oUser", "您好")
    with pytest.raises(WeChatAPIError) as refused:
        await failing(httpx.ConnectError).send_text("oUser", "您好")
    assert not isinstance(refused.value, OutcomeUnknown)


async def test_a_channel_without_transport_is_recorded_undeliverable(services):
    row = (await services.delivery.send("api:integration-1", [Reply(text="无法推送")]))[0]
    assert row.status == Status.UNDELIVERABLE and "no outbound transport" in row.last_error
    other_app = (await services.delivery.send("wechat:wxotherapp0000000:oX", [Reply(text="x")]))[0]
    assert other_app.status == Status.FAILED and "no credentials" in other_app.last_error


async def _strand(services, sender: str, texts: list[str]) -> list[int]:
    """Pending rows as a process leaves them when it dies between logging and sending (its lease expired)."""
    rows = await services.messages.record_outbound(sender, [Reply(text=t) for t in texts], author=Author.STAFF)
    ids = [row.id for row in rows]
    await services.db.run(lambda s: s.execute(update(Message).where(Message.id.in_(ids))
                                              .values(lease_owner="dead:1", lease_until=utcnow() - timedelta(seconds=1))))
    return ids


async def test_a_pending_message_of_a_dead_process_is_sent_once_by_another(services, wechat_api):
    sim = wechat_api[0]
    sender = f"wechat:{OA['appid']}:oStranded"
    [stranded] = await _strand(services, sender, ["工作人员：材料齐全"])
    [held] = await services.messages.record_outbound(sender, [Reply(text="发送中")], author=Author.STAFF)
    assert await services.delivery.retry_due() == 1  # the live lease on "发送中" is respected
    assert await services.delivery.retry_due() == 0
    assert [m["text"]["content"] for m in sim.sent(CS)] == ["工作人员：材料齐全"]
    assert (await services.messages.get(stranded)).status == Status.SENT
    assert (await services.messages.get(held.id)).status == Status.PENDING


async def test_shutdown_hands_unsent_messages_to_the_other_processes(tmp_path, wechat_api):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}", rasa_url="http://127.0.0.1:9",
                        delivery_retry_s=3600.0, **oa_settings(wechat_api[1]))
    leaving, staying = await services_module.build(settings), await services_module.build(settings)
    sender = f"wechat:{OA['appid']}:oHandover"
    await leaving.messages.record_outbound(sender, [Reply(text="交接")], author=Author.STAFF)
    assert await staying.delivery.retry_due() == 0  # still leased to the process that logged it
    await leaving.aclose()
    assert await staying.delivery.retry_due() == 1
    assert [m["text"]["content"] for m in wechat_api[0].sent(CS)] == ["交接"]
    await staying.aclose()


async def test_two_processes_on_postgresql_never_send_the_same_message(postgres_url, wechat_api):
    """Both replicas' outbox loops race over the same stranded rows: SKIP LOCKED + leases split them."""
    settings = Settings(database_url=postgres_url, rasa_url="http://127.0.0.1:9", delivery_retry_s=3600.0,
                        **oa_settings(wechat_api[1]))
    first, second = await services_module.build(settings), await services_module.build(settings)
    texts = [f"回复{i}" for i in range(40)]
    await _strand(first, f"wechat:{OA['appid']}:oRace", texts)

    async def drain(services) -> int:
        total = 0
        while count := await services.delivery.retry_due():
            total += count
        return total

    counts = await asyncio.gather(drain(first), drain(second), drain(first), drain(second))
    assert sum(counts) == len(texts)
    assert sorted(m["text"]["content"] for m in wechat_api[0].sent(CS)) == sorted(texts)
    assert wechat_api[0].token_requests == 1  # one access token for both processes
    await first.aclose()
    await second.aclose()
