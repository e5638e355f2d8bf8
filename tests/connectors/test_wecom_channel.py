"""企业微信 self-built app and 微信客服 callbacks through the simulator (Rasa REST test peer as the bot)."""

import time

import pytest

from connectors.models import Status
from tests.connectors.conftest import WORK, aes_key, wait_for, work_settings
from tests.connectors.simulator import WeComPusher

pytestmark = pytest.mark.integration


@pytest.fixture
def work(make_gateway, rasa_peer, wechat_api):
    key = aes_key()
    gateway = make_gateway(rasa_url=rasa_peer[1], **work_settings(wechat_api[1], key))
    pusher = WeComPusher(gateway.url + "/wechat/work", token=WORK["token"], aes_key=key,
                         corp_id=WORK["corp_id"], agent_id=WORK["agent_id"])
    return gateway, pusher, rasa_peer[0], wechat_api[0]


def test_encrypted_url_verification_returns_the_plaintext_fast(work):
    _, pusher, _, _ = work
    started = time.monotonic()
    response = pusher.verify("5927782489442352469")
    assert (response.status_code, response.text) == (200, "5927782489442352469")
    assert time.monotonic() - started < 1.0
    other = WeComPusher(pusher.url, token=WORK["token"], aes_key=aes_key(), corp_id=WORK["corp_id"], agent_id="1")
    assert other.verify("1").status_code == 403


def test_app_message_is_answered_through_message_send_once(work):
    gateway, pusher, _peer, sim = work
    xml = pusher.text("zhangsan", "高新技术企业认定条件", msg_id=9001)
    assert pusher.push(xml).status_code == 200
    assert pusher.push(xml).status_code == 200  # WeCom's retry of the same MsgId
    sent = wait_for(lambda: sim.sent("/cgi-bin/message/send"))
    time.sleep(0.3)
    assert sim.sent("/cgi-bin/message/send") == [{
        "touser": "zhangsan", "msgtype": "text", "agentid": int(WORK["agent_id"]),
        "text": {"content": "收到：高新技术企业认定条件"},
        "enable_duplicate_check": 1, "duplicate_check_interval": 600}] == sent  # a resend would not show twice
    sender = f"wecom:{WORK['corp_id']}:{WORK['agent_id']}:zhangsan"
    assert [(m.direction, m.status) for m in gateway.messages(sender)] == [("in", "received"), ("out", "sent")]


def test_a_message_is_logged_before_wecom_gets_its_acknowledgement(work):
    """Once WeCom has our reply it never sends the message again: it must already be in the log then, even
    while the bot is slow (or the process dies right after)."""
    gateway, pusher, peer, sim = work
    peer.delay_s = 2.0
    assert pusher.push(pusher.text("lisi", "研发费用加计扣除", msg_id=9101)).status_code == 200
    sender = f"wecom:{WORK['corp_id']}:{WORK['agent_id']}:lisi"
    assert [(m.direction, m.text, m.turn_state) for m in gateway.messages(sender)] == [
        ("in", "研发费用加计扣除", "open")]
    wait_for(lambda: sim.sent("/cgi-bin/message/send"))


def test_tampered_wecom_callback_is_rejected(work):
    gateway, pusher, peer, _ = work
    forged = WeComPusher(pusher.url, token="not-the-token", aes_key=aes_key(), corp_id=WORK["corp_id"],
                         agent_id=WORK["agent_id"])
    assert forged.push(forged.text("lisi", "你好", msg_id=9002)).status_code == 403
    assert peer.received == [] and gateway.messages() == []


def test_kf_messages_are_pulled_with_the_cursor_and_answered(work):
    gateway, pusher, _peer, sim = work
    kfid = "wkAJ2GCAAAZSfhHCt7IFSvLKtMPxyJTw"

    def message(msgid, text, origin=3):
        return {"msgid": msgid, "open_kfid": kfid, "external_userid": "wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw",
                "send_time": int(time.time()), "origin": origin, "msgtype": "text", "text": {"content": text}}

    sim.kf_pages = [{"msg_list": [message("m1", "专精特新申报条件"), message("m0", "客服自己发的", origin=5)]},
                    {"msg_list": [message("m2", "截止时间")]}]
    assert pusher.push(pusher.kf_event(kfid, "ENCApHxnGDNAVNY4AaSJKj4Tb5mwsEMzxhFmHVGcra996NR"), "/kf").status_code == 200
    sent = wait_for(lambda: len(sim.sent("/cgi-bin/kf/send_msg")) == 2 and sim.sent("/cgi-bin/kf/send_msg"))
    assert [s["text"]["content"] for s in sent] == ["收到：专精特新申报条件", "收到：截止时间"]
    assert sim.kf_cursors == ["", "1"]
    # the next callback continues from the saved cursor: nothing is answered twice
    pusher.push(pusher.kf_event(kfid, "token2"), "/kf")
    wait_for(lambda: len(sim.kf_cursors) == 3)
    assert sim.kf_cursors[-1] == "2" and len(sim.sent("/cgi-bin/kf/send_msg")) == 2
    rows = gateway.messages(f"wecomkf:{kfid}:wmAJ2GCAAAme1XQRC-NI-q0_ZM9ukoAw")
    assert all(m.status in (Status.RECEIVED, Status.SENT) for m in rows) and len(rows) == 4
