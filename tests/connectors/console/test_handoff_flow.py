"""Handoff through the gateway over real HTTP: queue, pause, staff-only messages, reply, hand back, close,
service hours, contact details, take-over, unanswered log. The bot is the Rasa REST test peer here (it records
pause/resume); test_handoff_e2e.py repeats the main flow against the real Rasa in a real browser."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx
import pytest
from fastapi import Request

from connectors.handoff import CLOSED_BY_STAFF, CONTACT_NOTED, OFFLINE_NOTICE, RELEASED_NOTICE
from tests.connectors.conftest import OA, WORK, RasaPeer, aes_key, oa_settings, wait_for, work_settings
from tests.connectors.servers import serve
from tests.connectors.simulator import WeChatAPISimulator

pytestmark = pytest.mark.integration
SESSION = "flow-user-0001"
RESUME = [{"event": "resume"}, {"event": "action", "name": "action_listen"}]  # docs/CONTRACTS.md
SENDER = f"web:{SESSION}"
HANDOFF = {"custom": {"type": "handoff", "reason": "user_request", "question": "小巨人奖励怎么申请",
                      "profile": {"company_name": "上海示例精密机械有限公司", "region": "徐汇区"}}}


@pytest.fixture
def peer() -> Iterator[tuple[RasaPeer, str]]:
    rasa = RasaPeer()
    with serve(rasa.app) as url:
        yield rasa, url


def say(url: str, text: str, session: str = SESSION) -> dict:
    response = httpx.post(f"{url}/web/messages", json={"session": session, "text": text}, timeout=30)
    response.raise_for_status()
    return response.json()


def widget(url: str, session: str = SESSION) -> list[dict]:
    response = httpx.get(f"{url}/web/history", headers={"X-Policybot-Session": session}, timeout=10)
    return response.json()["messages"]


def ask_for_human(rasa: RasaPeer, url: str, session: str = SESSION) -> dict:
    rasa.extra = [HANDOFF]
    try:
        return say(url, "转人工", session)
    finally:
        rasa.extra = []


def test_full_handoff_and_hand_back(peer, console_gateway):
    rasa, rasa_url = peer
    gw = console_gateway(rasa_url=rasa_url)
    agent = gw.agent("zhang")
    ask_for_human(rasa, gw.url)

    [item] = agent.get("/console/api/queue").json()["items"]
    assert (item["state"], item["channel"], item["question"], item["company_name"]) == (
        "waiting", "web", "小巨人奖励怎么申请", "上海示例精密机械有限公司")
    assert (SENDER, {"event": "pause"}) in rasa.events

    turn = say(gw.url, "请尽快回复，谢谢")
    assert turn["handed_off"] and turn["messages"] == []
    assert [r["message"] for r in rasa.received] == ["转人工"]  # the bot never saw the second message

    assert agent.post(f"/console/api/conversations/{item['id']}/claim").json()["owner"] == "zhang"
    sent = agent.post(f"/console/api/conversations/{item['id']}/messages", {"text": "您好，我是工作人员小张。"})
    assert sent.status_code == 201 and sent.json()["status"] == "sent"
    assert widget(gw.url)[-1] == {**widget(gw.url)[-1], "from": "staff", "text": "您好，我是工作人员小张。"}

    detail = agent.get(f"/console/api/conversations/{item['id']}").json()
    assert [(m["author"], m["text"]) for m in detail["transcript"]] == [
        ("user", "转人工"), ("bot", "收到：转人工"), ("user", "请尽快回复，谢谢"), ("staff", "您好，我是工作人员小张。")]
    assert detail["profile"]["region"] == "徐汇区"

    agent.post(f"/console/api/conversations/{item['id']}/notes", {"text": "企业想了解小巨人奖励"}).raise_for_status()
    assert agent.get(f"/console/api/conversations/{item['id']}").json()["notes"][0]["text"] == "企业想了解小巨人奖励"

    released = agent.post(f"/console/api/conversations/{item['id']}/release")
    assert released.json()["state"] == "released"
    assert (SENDER, RESUME) in rasa.events
    assert widget(gw.url)[-1]["text"] == RELEASED_NOTICE
    assert say(gw.url, "申报截止是哪天")["messages"][0]["text"] == "收到：申报截止是哪天"
    assert agent.get("/console/api/queue").json()["items"] == []


def test_close_with_a_resolution_gives_the_user_back_to_the_bot(peer, console_gateway):
    rasa, rasa_url = peer
    gw = console_gateway(rasa_url=rasa_url)
    agent = gw.agent("zhang")
    ask_for_human(rasa, gw.url)
    conversation_id = agent.get("/console/api/queue").json()["items"][0]["id"]
    agent.post(f"/console/api/conversations/{conversation_id}/claim").raise_for_status()
    bad = agent.post(f"/console/api/conversations/{conversation_id}/close", {"resolution": "whatever"})
    assert bad.status_code == 422
    closed = agent.post(f"/console/api/conversations/{conversation_id}/close", {"resolution": "follow_up"}).json()
    assert closed["state"] == "closed"
    detail = agent.get(f"/console/api/conversations/{conversation_id}").json()
    assert detail["resolution"] == "follow_up" and detail["ended_at"]
    assert widget(gw.url)[-1]["text"] == CLOSED_BY_STAFF
    assert say(gw.url, "还有个问题")["messages"][0]["text"] == "收到：还有个问题"


def test_outside_service_hours_the_user_is_told_when_and_may_leave_contact_details(peer, console_gateway):
    rasa, rasa_url = peer
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    closed = ",".join(str(today + timedelta(days=d)) for d in range(2))
    opens = today + timedelta(days=2)
    gw = console_gateway(rasa_url=rasa_url, service_hours="always", service_closed_dates=closed)
    agent = gw.agent("zhang")  # online, but the desk is closed
    ask_for_human(rasa, gw.url)
    [notice] = [m for m in widget(gw.url) if m["from"] == "system"]
    assert "非工作时间" in notice["text"] and f"{opens.month}月{opens.day}日" in notice["text"]
    say(gw.url, "我的电话是 13812345678，下午都在")
    assert widget(gw.url)[-1]["text"] == CONTACT_NOTED.format(contact="13812345678")
    [item] = agent.get("/console/api/queue").json()["items"]
    assert item["after_hours"] and item["contact"] == "13812345678" and item["state"] == "waiting"
    queue = agent.get("/console/api/queue").json()
    assert queue["availability"]["open_now"] is False


def test_with_nobody_online_the_user_is_told_the_request_waits(peer, console_gateway):
    rasa, rasa_url = peer
    gw = console_gateway(rasa_url=rasa_url)
    ask_for_human(rasa, gw.url)
    assert [m["text"] for m in widget(gw.url) if m["from"] == "system"] == [OFFLINE_NOTICE]
    agent = gw.agent("zhang")
    [item] = agent.get("/console/api/queue").json()["items"]
    assert item["after_hours"] and item["state"] == "waiting"


def test_staff_can_take_over_a_conversation_the_bot_is_handling(peer, console_gateway):
    rasa, rasa_url = peer
    gw = console_gateway(rasa_url=rasa_url)
    agent = gw.agent("zhang")
    say(gw.url, "专精特新有什么条件")
    [live] = agent.get("/console/api/live").json()
    assert live == {**live, "sender_id": SENDER, "handoff_id": None}
    taken = agent.post("/console/api/takeover", {"sender_id": SENDER}).json()
    assert taken["state"] == "owned" and taken["reason"] == "staff"
    assert (SENDER, {"event": "pause"}) in rasa.events
    assert say(gw.url, "你好？")["handed_off"]
    assert agent.post("/console/api/takeover", {"sender_id": "nonsense"}).status_code == 422


def test_unanswered_questions_are_listed_and_exported(peer, console_gateway):
    rasa, rasa_url = peer
    gw = console_gateway(rasa_url=rasa_url)
    agent = gw.agent("zhang")
    rasa.extra = [{"text": "没有找到相关规定，需要转人工吗？", "buttons": [
        {"title": "转人工", "payload": '/request_human{"handoff_reason":"unanswerable"}'},
        {"title": "不用了", "payload": "/deny"}]}]
    for session in ("unans-user-0001", "unans-user-0002"):
        say(gw.url, "研发费用加计扣除比例是多少", session)
    rasa.extra = []
    [row] = agent.get("/console/api/unanswered").json()
    assert (row["question"], row["count"], row["senders"], row["kinds"]) == (
        "研发费用加计扣除比例是多少", 2, 2, ["unanswerable"])
    csv = agent.get("/console/api/unanswered.csv")
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "问题,次数,提问用户数,类型,最近一次" and lines[1].startswith("研发费用加计扣除比例是多少,2,2,")


def test_live_stream_pushes_new_queue_items_and_messages(peer, console_gateway):
    rasa, rasa_url = peer
    gw = console_gateway(rasa_url=rasa_url)
    agent = gw.agent("zhang")
    seen: list[tuple[str, str]] = []
    deadline = time.monotonic() + 30
    with agent.client.stream("GET", "/console/api/events", timeout=20) as stream:
        event = None
        for line in stream.iter_lines():
            assert time.monotonic() < deadline, seen
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
            elif line.startswith("data:"):
                seen.append((event, line[5:].strip()))
                if event == "queue" and len(seen) == 1:
                    ask_for_human(rasa, gw.url)
                if any(e == "queue" and "小巨人奖励怎么申请" in d for e, d in seen) and any(
                        e == "message" and "转人工" in d for e, d in seen):
                    break
    assert seen[0] == ("queue", "[]")


def test_a_failed_staff_reply_is_shown_and_can_be_retried(peer, console_gateway, wechat_api):
    _rasa, rasa_url = peer
    sim, api_url = wechat_api
    gw = console_gateway(rasa_url=rasa_url, delivery_retry_s=3600, **oa_settings(api_url))
    agent = gw.agent("zhang")
    sender = f"wechat:{OA['appid']}:oFail_0001"
    handoff = agent.post("/console/api/takeover", {"sender_id": sender}).json()
    sim.fail_with = [45009]  # "reach max api daily quota limit": a failure worth retrying
    failed = agent.post(f"/console/api/conversations/{handoff['id']}/messages", {"text": "您好，请问您的企业名称？"})
    assert failed.json()["status"] == "failed" and failed.json()["last_error"]
    shown = agent.get(f"/console/api/conversations/{handoff['id']}").json()["transcript"][-1]
    assert shown["status"] == "failed" and shown["attempts"] == 1
    retried = agent.post(f"/console/api/conversations/{handoff['id']}/messages/{shown['id']}/retry").json()
    assert retried["status"] == "sent"
    wait_for(lambda: sim.sent("/cgi-bin/message/custom/send"))
    assert sim.sent("/cgi-bin/message/custom/send")[-1]["text"]["content"] == "您好，请问您的企业名称？"


def test_wecom_kf_session_moves_to_human_service_and_back(peer, console_gateway):
    _, rasa_url = peer
    sim = WeChatAPISimulator(appid="", secret="", corp_id=WORK["corp_id"], corp_secret=WORK["secret"])

    @sim.app.post("/cgi-bin/kf/service_state/trans")  # the simulator does not play this endpoint itself
    async def trans(request: Request):
        sim.calls.append({"path": request.url.path, "json": await request.json(), "ok": True, "at": time.time()})
        return {"errcode": 0, "errmsg": "ok"}

    with serve(sim.app) as api_url:
        gw = console_gateway(rasa_url=rasa_url, wecom_kf_servicer_userid="ZhangSan",
                             **work_settings(api_url, aes_key()))
        agent = gw.agent("zhang")
        sender = "wecomkf:wkKF0001:wmUser0001"
        handoff = agent.post("/console/api/takeover", {"sender_id": sender}).json()
        sent = agent.post(f"/console/api/conversations/{handoff['id']}/messages", {"text": "您好，这里是人工客服"})
        assert sent.json()["status"] == "sent"
        agent.post(f"/console/api/conversations/{handoff['id']}/release").raise_for_status()
    states = [c["json"] for c in sim.calls if c["path"] == "/cgi-bin/kf/service_state/trans"]
    assert states == [
        {"open_kfid": "wkKF0001", "external_userid": "wmUser0001", "service_state": 3, "servicer_userid": "ZhangSan"},
        {"open_kfid": "wkKF0001", "external_userid": "wmUser0001", "service_state": 4}]
    assert sim.sent("/cgi-bin/kf/send_msg")[0]["text"]["content"] == "您好，这里是人工客服"
