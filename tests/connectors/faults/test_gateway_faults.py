"""Gateway crashes and WeChat API failures with real gateway processes on PostgreSQL + Redis.

The bot here is the Rasa REST test peer (the content of answers does not matter, their count does); the real
Rasa and action servers are crashed in test_bot_faults.py.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from connectors.conversation import BOT_PENDING
from connectors.db import Database
from tests.connectors.conftest import OA, wait_for
from tests.connectors.console.conftest import add_staff, log_in
from tests.connectors.simulator import OfficialAccountPusher

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.slow]


def pusher(gateway) -> OfficialAccountPusher:
    return OfficialAccountPusher(gateway.url + "/wechat/oa", token=OA["token"], appid=OA["appid"])


def sender(openid: str) -> str:
    return f"wechat:{OA['appid']}:{openid}"


def staff_reply(agent, openid: str, text: str) -> httpx.Response:
    """Take the user over from the bot in the console and write to them."""
    taken = agent.post("/console/api/takeover", json={"sender_id": sender(openid)})
    taken.raise_for_status()
    return agent.post(f"/console/api/conversations/{taken.json()['id']}/messages", json={"text": text})


def test_a_staff_reply_on_gateway_2_reaches_a_user_of_gateway_1_once_with_one_token(launch, rasa_peer, wechat_api):
    """Done-when: two replicas, WeChat's API refusing the first try of every message (-1 system busy)."""
    rasa_url = rasa_peer[1]
    sim = wechat_api[0]
    sim.fail_first_try = True
    first, second = launch(rasa_url), launch(rasa_url)
    push = pusher(first).push(pusher(first).text("oUserOne", "专精特新怎么申报", msg_id=7001))
    assert push.reply["Content"] == "收到：专精特新怎么申报"  # answered passively by gateway 1
    add_staff(Database(first.env["POLICYBOT_DATABASE_URL"]), "wang")
    agent = log_in(second.url, "wang")
    assert staff_reply(agent, "oUserOne", "您好，我是区企业服务中心的工作人员").status_code == 201
    wait_for(lambda: sim.shown() == ["您好，我是区企业服务中心的工作人员"], timeout_s=20)
    time.sleep(2.0)  # both replicas' outbox loops had time to send it again, if they were going to
    assert sim.shown() == ["您好，我是区企业服务中心的工作人员"]
    assert len(sim.sent("/cgi-bin/message/custom/send")) == 2  # the refused try and the shown one
    assert sim.token_requests == 1  # one access token between the two gateways
    agent.client.close()


def test_killing_a_gateway_with_a_staff_reply_and_a_late_answer_in_flight_loses_and_doubles_nothing(
        launch, rasa_peer, wechat_api):
    peer, rasa_url = rasa_peer
    sim = wechat_api[0]
    doomed = launch(rasa_url, rasa_timeout_s=9)
    survivor = launch(rasa_url, rasa_timeout_s=9)
    pusher(doomed).push(pusher(doomed).text("oStaffUser", "我要找人工", msg_id=7101))
    add_staff(Database(doomed.env["POLICYBOT_DATABASE_URL"]), "li")
    agent = log_in(doomed.url, "li")
    sim.token_hang_s = 60.0  # the staff reply is logged, then stuck before it reaches WeChat
    threading.Thread(target=lambda: _quiet(staff_reply, agent, "oStaffUser", "材料已收到，请放心"),
                     daemon=True).start()
    peer.delay_s = 8.0  # the bot's answer to this one is still being computed when the gateway dies
    late = pusher(doomed).push(pusher(doomed).text("oLateUser", "研发费用加计扣除比例", msg_id=7102))
    assert late.reply["Content"] == BOT_PENDING  # the polite text came inside WeChat's 5 s
    doomed.kill9()
    sim.token_hang_s, peer.delay_s = 0.0, 0.0
    expected = {"材料已收到，请放心", "收到：研发费用加计扣除比例"}
    wait_for(lambda: set(sim.shown()) == expected, timeout_s=45)
    time.sleep(3.0)
    assert sorted(sim.shown()) == sorted(expected)  # each exactly once
    survivor_db = Database(survivor.env["POLICYBOT_DATABASE_URL"])
    from connectors.models import Message

    rows = survivor_db.run_sync(lambda s: [(m.sender_id, m.author, m.status) for m in s.query(Message)
                                           .filter(Message.direction == "out").order_by(Message.id)])
    assert all(status == "sent" for _, _, status in rows)
    agent.client.close()


def test_wechat_api_5xx_timeouts_and_system_busy_still_deliver_exactly_once(launch, rasa_peer, wechat_api):
    peer, rasa_url = rasa_peer
    sim = wechat_api[0]
    gateway = launch(rasa_url, redis=False, wechat_reply_budget_s=0.2, delivery_max_attempts=8)
    peer.delay_s = 0.6  # past the budget: a polite text now, the answer through the CS API
    sim.http_errors = [502, 503]
    sim.delays = [0.0, 0.0, 12.0]  # the third try hangs past the gateway's 10 s timeout
    sim.fail_with = [-1]
    push = pusher(gateway).push(pusher(gateway).text("oFlaky", "首台套保险补偿怎么申请", msg_id=7201))
    assert push.reply["Content"] == BOT_PENDING
    wait_for(lambda: sim.shown() == ["收到：首台套保险补偿怎么申请"], timeout_s=40)
    time.sleep(2.0)
    assert sim.shown() == ["收到：首台套保险补偿怎么申请"]


def _quiet(call, *args) -> None:
    """Run a request that is expected to die with its gateway."""
    try:
        call(*args)
    except httpx.HTTPError:
        pass
