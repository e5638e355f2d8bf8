"""公众号 callback through the WeChat simulator. The bot here is the Rasa REST test peer (content does not
matter for these protocol tests); test_oa_with_rasa.py repeats the round trip against the real Rasa."""

import time

import httpx
import pytest

from connectors.conversation import BOT_PENDING
from connectors.models import Status
from tests.connectors.conftest import OA, aes_key, oa_settings, wait_for
from tests.connectors.simulator import OfficialAccountPusher

pytestmark = pytest.mark.integration
CS = "/cgi-bin/message/custom/send"
OPENID = "oUser_0001"
SENDER = f"wechat:{OA['appid']}:{OPENID}"


@pytest.fixture
def oa(make_gateway, rasa_peer, wechat_api):
    """(gateway, pusher, rasa peer, API simulator) factory; keyword args become settings."""

    def build(*, safe: bool = False, pusher_appid: str | None = None, timeout_s: float = 5.0, **settings):
        key = aes_key() if safe else None
        gateway = make_gateway(rasa_url=rasa_peer[1], **oa_settings(wechat_api[1], wechat_oa_aes_key=key, **settings))
        pusher = OfficialAccountPusher(gateway.url + "/wechat/oa", token=OA["token"],
                                       appid=pusher_appid or OA["appid"], aes_key=key, timeout_s=timeout_s)
        return gateway, pusher, rasa_peer[0], wechat_api[0]

    return build


def test_url_verification_echoes_only_for_wechat(oa):
    _, pusher, _, _ = oa()
    good = pusher.verify("echo-1234")
    assert (good.status_code, good.text) == (200, "echo-1234")
    bad = pusher.verify("echo-1234", tamper=True)
    assert bad.status_code == 403 and "echo" not in bad.text


def test_plaintext_round_trip_answers_passively(oa):
    gateway, pusher, peer, sim = oa()
    push = pusher.push(pusher.text(OPENID, "专精特新什么时候截止", msg_id=1001))
    assert push.reply == {**push.reply, "ToUserName": OPENID, "FromUserName": "gh_test", "MsgType": "text",
                          "Content": "收到：专精特新什么时候截止"}
    assert [(r["sender"], r["message"]) for r in peer.received] == [(SENDER, "专精特新什么时候截止")]
    wait_for(lambda: gateway.messages(SENDER)[-1].status == Status.SENT)  # marked once written in time
    log = gateway.messages(SENDER)
    assert [(m.direction, m.text, m.status) for m in log] == [
        ("in", "专精特新什么时候截止", Status.RECEIVED), ("out", "收到：专精特新什么时候截止", Status.SENT)]
    assert sim.sent(CS) == []


def test_safe_mode_round_trip_is_encrypted_both_ways(oa):
    _gateway, pusher, _peer, _ = oa(safe=True)
    push = pusher.push(pusher.text(OPENID, "申报需要哪些材料", msg_id=1002))
    assert "<Encrypt>" in push.attempts[0].body and "收到" not in push.attempts[0].body
    assert push.reply["Content"] == "收到：申报需要哪些材料"  # decrypted by wechatpy


def test_safe_mode_refuses_other_appid_and_plaintext(oa):
    gateway, pusher, peer, _ = oa(safe=True, pusher_appid="wxSOMEONEELSE0000")
    assert pusher.push(pusher.text(OPENID, "你好", msg_id=1003)).attempts[-1].status == 403
    plain = OfficialAccountPusher(pusher.url, token=OA["token"], appid=OA["appid"])
    assert plain.push(plain.text(OPENID, "你好", msg_id=1004)).attempts[-1].status == 403
    assert peer.received == [] and gateway.messages() == []


def test_tampered_signature_is_rejected_logged_and_not_processed(oa, caplog):
    gateway, pusher, peer, _ = oa()
    push = pusher.push(pusher.text(OPENID, "你好", msg_id=1005), tamper=True)
    assert [a.status for a in push.attempts] == [403]
    assert peer.received == [] and gateway.messages() == []
    assert "bad signature" in caplog.text


@pytest.mark.parametrize(("body", "status"), [(b"<xml><Content>broken", 400), (b"x" * 70_000, 413)])
def test_malformed_or_oversize_xml_is_rejected_cleanly(oa, body, status):
    gateway, pusher, peer, _ = oa()
    push = pusher.push(body)
    assert [a.status for a in push.attempts] == [status]
    assert peer.received == [] and gateway.messages() == []
    assert httpx.get(gateway.url + "/healthz").status_code == 200


def test_subscribe_gets_the_greeting_once(oa):
    gateway, pusher, peer, _ = oa()
    event = pusher.event(OPENID, "subscribe", create_time=1_700_000_000)
    assert "感谢关注" in pusher.push(event).reply["Content"]
    assert pusher.push(event).attempts[-1].body == "success"  # WeChat's retry: no second greeting
    assert peer.received == []
    assert next(m.text for m in gateway.messages(SENDER)) == "[关注公众号]"


@pytest.mark.parametrize("kind", ["image", "voice", "location"])
def test_unsupported_types_get_a_polite_reply_and_are_logged(oa, kind):
    gateway, pusher, peer, _ = oa()
    reply = pusher.push(pusher.media(OPENID, kind)).reply
    assert "文字" in reply["Content"]
    inbound = gateway.messages(SENDER)[0]
    assert inbound.payload["MsgType"] == kind and peer.received == []


def test_slow_answer_gets_a_polite_text_at_once_then_the_answer_via_customer_service_api(oa):
    gateway, pusher, peer, sim = oa(wechat_reply_budget_s=0.3)
    peer.delay_s = 1.0
    started = time.monotonic()
    push = pusher.push(pusher.text(OPENID, "慢一点的问题", msg_id=2001))
    assert push.reply["Content"] == BOT_PENDING and time.monotonic() - started < 1.0
    sent = wait_for(lambda: sim.sent(CS))
    assert sent == [{"touser": OPENID, "msgtype": "text", "text": {"content": "收到：慢一点的问题"}}]
    wait_for(lambda: all(m.status == Status.SENT for m in gateway.messages(SENDER)[1:]))
    assert [(m.author, m.text) for m in gateway.messages(SENDER)] == [
        ("user", "慢一点的问题"), ("system", BOT_PENDING), ("bot", "收到：慢一点的问题")]


def test_rasa_hanging_gets_the_fallback_in_time_and_the_answer_once_it_is_back(oa):
    """Rasa hangs past its timeout: the fallback arrives inside WeChat's 5 s, the turn is kept, and once
    Rasa answers again the real answer is sent exactly once through the customer-service API."""
    gateway, pusher, peer, sim = oa(rasa_timeout_s=1.0, bot_retry_s=0.3)
    peer.delay_s = 3.0
    started = time.monotonic()
    push = pusher.push(pusher.text(OPENID, "卡住时的问题", msg_id=2004))
    assert push.reply["Content"] == BOT_PENDING and time.monotonic() - started < 6.0
    assert len(push.attempts) == 1
    time.sleep(1.5)  # Rasa timed out meanwhile: nothing sent yet, the turn is kept
    assert sim.sent(CS) == []
    peer.delay_s = 0.0
    sent = wait_for(lambda: sim.sent(CS), timeout_s=15)
    time.sleep(1.0)
    assert [m["text"]["content"] for m in sim.sent(CS)] == ["收到：卡住时的问题"] == [m["text"]["content"] for m in sent]
    assert [(m.author, m.text) for m in gateway.messages(SENDER)] == [
        ("user", "卡住时的问题"), ("system", BOT_PENDING), ("bot", "收到：卡住时的问题")]


def test_a_passive_answer_written_after_wechats_5_s_is_sent_again_not_marked_sent(oa):
    """A budget over 5 s (misconfigured) lets the passive reply arrive after WeChat stopped waiting: it was
    never shown, so it goes out through the customer-service API instead of being marked sent."""
    gateway, pusher, peer, sim = oa(wechat_reply_budget_s=7.0, timeout_s=8.0)
    peer.delay_s = 5.5
    pusher.push(pusher.text(OPENID, "迟到的被动回复", msg_id=2005))
    wait_for(lambda: sim.sent(CS))
    row = wait_for(lambda: [m for m in gateway.messages(SENDER) if m.direction == "out" and m.status == Status.SENT])
    assert [m["text"]["content"] for m in sim.sent(CS)] == ["收到：迟到的被动回复"] and len(row) == 1


def test_wechat_retries_never_produce_a_second_answer(oa):
    # The gateway's budget (1.5 s) is longer than this simulator's timeout (0.5 s), so WeChat retries.
    gateway, pusher, peer, sim = oa(wechat_reply_budget_s=1.5, timeout_s=0.5)
    peer.delay_s = 1.0
    push = pusher.push(pusher.text(OPENID, "重试的问题", msg_id=2002))
    assert push.attempts[0].error and push.attempts[-1].body == "success"
    wait_for(lambda: sim.sent(CS))
    time.sleep(2.0)  # let the first attempt's handler finish too
    assert len(sim.sent(CS)) == 1
    assert len(peer.received) == 1
    assert [m.direction for m in gateway.messages(SENDER)] == ["in", "out"]


def test_long_answers_are_split_to_wechats_limit(oa):
    gateway, pusher, peer, sim = oa()
    long_text = "。".join(f"第{i}项材料：营业执照复印件并加盖公章" for i in range(150))
    peer.extra = [{"text": long_text}]
    push = pusher.push(pusher.text(OPENID, "材料清单", msg_id=2003))
    assert push.attempts[-1].body == "success"
    wait_for(lambda: gateway.messages(SENDER)[-1].status == Status.SENT)  # every part of the answer went out
    parts = [m["text"]["content"] for m in sim.sent(CS)][1:]
    assert len(parts) > 1
    assert all(len(p.encode()) <= 2048 for p in parts)
    assert "".join(parts).replace("。", "") == long_text.replace("。", "")


def test_expired_token_is_refreshed_and_the_message_still_delivered(oa):
    _gateway, pusher, peer, sim = oa(wechat_reply_budget_s=0.1)
    peer.delay_s = 0.3
    pusher.push(pusher.text(OPENID, "第一条", msg_id=3001))
    wait_for(lambda: sim.sent(CS))
    sim.expire_tokens()
    pusher.push(pusher.text(OPENID, "第二条", msg_id=3002))
    wait_for(lambda: [c for c in sim.calls if c["ok"] and c["json"]["text"]["content"] == "收到：第二条"])
    assert sim.token_requests == 2


def test_failed_delivery_is_retried_and_final_errors_are_visible(oa):
    gateway, pusher, peer, sim = oa(wechat_reply_budget_s=0.1)
    peer.delay_s = 0.3
    sim.fail_with = [-1]  # "system busy": retried
    pusher.push(pusher.text(OPENID, "会重试的", msg_id=4001))
    row = wait_for(lambda: [m for m in gateway.messages(SENDER) if m.author == "bot" and m.status == Status.SENT])
    assert row[0].attempts == 1 and len(sim.sent(CS)) == 2
    sim.fail_with = [45015]  # outside the 48-hour window: final
    pusher.push(pusher.text(OPENID, "发不出去的", msg_id=4002))
    row = wait_for(lambda: [m for m in gateway.messages(SENDER) if m.status == Status.UNDELIVERABLE])
    assert "45015" in row[0].last_error
