"""Human handoff end to end against the REAL Rasa and action servers (tests/rasa_fixtures.py).

Web: a widget user in headless chromium asks for a human → the request appears live in a logged-in agent's
console (a second browser) → the agent claims and replies → the widget shows it → while paused the bot stays
silent → the agent hands back → the bot answers the next question.
WeChat OA: the same through the WeChat simulator; staff replies arrive via the customer-service API.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import httpx
import pytest

from connectors.db import Database
from connectors.handoff import RELEASED_NOTICE
from tests.connectors.conftest import OA, oa_settings, wait_for
from tests.connectors.console.conftest import PASSWORD, add_staff, console_app, log_in
from tests.connectors.servers import serve
from tests.connectors.simulator import OfficialAccountPusher, WeChatAPISimulator

QUESTION = "技术改造专项啥时候截止"
ANSWER_MARK = "2月4日"  # the deadline in the sample notice
CS = "/cgi-bin/message/custom/send"
pytestmark = [pytest.mark.integration, pytest.mark.slow]


@dataclass
class Site:
    url: str
    db: Database
    wechat: WeChatAPISimulator


@pytest.fixture(scope="module")
def site(bot_servers, tmp_path_factory) -> Iterator[Site]:
    sim = WeChatAPISimulator(appid=OA["appid"], secret=OA["secret"])
    with ExitStack() as stack:
        api_url = stack.enter_context(serve(sim.app))
        app, settings = console_app(
            database_url=f"sqlite:///{tmp_path_factory.mktemp('handoff-e2e') / 'gateway.db'}",
            rasa_url=bot_servers.rasa_url, **oa_settings(api_url),
        )
        url = stack.enter_context(serve(app))
        db = Database(settings.database_url)
        stack.callback(db.dispose)
        add_staff(db, "xiaozhang")
        add_staff(db, "xiaoli")
        # warm the action server so the WeChat 4-second passive-reply budget measures a normal answer
        httpx.post(url + "/api/chat", json={"sender": "warmup", "message": QUESTION}, timeout=120)
        yield Site(url, db, sim)



@pytest.mark.browser
def test_web_user_is_served_by_staff_and_handed_back_to_the_bot(site, browser):
    user = browser.new_context(locale="zh-CN").new_page()
    agent = browser.new_context(locale="zh-CN").new_page()
    for page in (user, agent):
        page.set_default_timeout(60_000)

    agent.goto(site.url + "/console/")
    assert agent.url.endswith("/console/login")  # logged out: redirected, no data
    agent.fill("#username", "xiaozhang")
    agent.fill("#password", PASSWORD)
    agent.click("#login-button")
    agent.wait_for_url("**/console/")
    agent.locator("#availability", has_text="服务中").wait_for()

    user.goto(site.url + "/")
    user.locator("#policybot-widget .fab").click()
    widget = user.locator("#policybot-widget")
    ask(user, QUESTION)
    widget.locator(".msg.bot", has_text=ANSWER_MARK).wait_for()
    ask(user, "转人工")
    widget.locator(".msg.bot", has_text="转接人工").wait_for()

    item = agent.locator("#queue li", has_text=QUESTION)  # arrives live, no reload
    item.wait_for()
    assert "排队中" in item.inner_text() and "网页" in item.inner_text()
    item.click()
    agent.locator("#transcript .msg.bot", has_text=ANSWER_MARK).wait_for()  # the bot's turns, with citations
    agent.click("#claim")
    agent.locator("#conv-state", has_text="接待中").wait_for()
    agent.fill("#reply-text", "您好，我是人工客服小张，技术改造专项的材料清单稍后发您。")
    agent.click("#send")
    widget.locator(".msg.staff", has_text="人工客服小张").wait_for()
    agent.locator("#transcript .msg.staff .status", has_text="已送达").wait_for()

    bot_answers = widget.locator(".msg.bot").count()
    ask(user, "申报截止时间还能延期吗")
    agent.locator("#transcript .msg.user", has_text="申报截止时间还能延期吗").wait_for()  # staff see it live
    time.sleep(3)
    assert widget.locator(".msg.bot").count() == bot_answers  # paused: the bot does not answer

    agent.click("#release")
    widget.locator(".msg.system", has_text="智能助手").wait_for()
    ask(user, QUESTION)
    widget.locator(".msg.bot", has_text=ANSWER_MARK).nth(1).wait_for()  # the bot answers again
    assert agent.locator("#queue li", has_text=QUESTION).count() == 0


def ask(page, text: str) -> None:
    page.locator("#policybot-widget textarea").fill(text)
    page.locator("#policybot-widget form button").click()


def wechat_answer(site: Site, pusher: OfficialAccountPusher, openid: str, text: str) -> str:
    """The bot's answer to ``text``: passive when ready within WeChat's 5 s, else via the customer-service API."""
    before = len(site.wechat.sent(CS))
    push = pusher.push(pusher.text(openid, text))
    if push.reply is not None:
        return push.reply["Content"]
    return wait_for(lambda: "".join(c["text"]["content"] for c in site.wechat.sent(CS)[before:]
                                    if c["touser"] == openid), timeout_s=60)


def test_wechat_user_is_served_by_staff_over_the_customer_service_api(site):
    openid = f"o{uuid.uuid4().hex[:12]}"
    sender = f"wechat:{OA['appid']}:{openid}"
    pusher = OfficialAccountPusher(site.url + "/wechat/oa", token=OA["token"], appid=OA["appid"])
    agent = log_in(site.url, "xiaoli")

    assert ANSWER_MARK in wechat_answer(site, pusher, openid, QUESTION)
    assert "转接人工" in wechat_answer(site, pusher, openid, "转人工")

    item = wait_for(lambda: next(
        (i for i in agent.get("/console/api/queue").json()["items"] if i["sender_id"] == sender), None))
    assert (item["channel"], item["question"]) == ("wechat", QUESTION)
    agent.post(f"/console/api/conversations/{item['id']}/claim").raise_for_status()
    reply = agent.post(f"/console/api/conversations/{item['id']}/messages", {"text": "您好，我是人工客服小李。"})
    assert reply.json()["status"] == "sent"
    assert {"touser": openid, "msgtype": "text", "text": {"content": "您好，我是人工客服小李。"}} in site.wechat.sent(CS)

    paused = pusher.push(pusher.text(openid, QUESTION))
    assert paused.reply is None  # while a human owns it the bot does not answer
    time.sleep(2)
    transcript = agent.get(f"/console/api/conversations/{item['id']}").json()["transcript"]
    assert (transcript[-1]["author"], transcript[-1]["text"]) == ("user", QUESTION)  # staff got it, the bot did not

    agent.post(f"/console/api/conversations/{item['id']}/release").raise_for_status()
    wait_for(lambda: any(c["touser"] == openid and c["text"]["content"] == RELEASED_NOTICE
                         for c in site.wechat.sent(CS)))
    assert ANSWER_MARK in wechat_answer(site, pusher, openid, QUESTION)
    agent.client.close()


def test_gateway_restart_keeps_a_paused_conversation_paused(bot_servers, tmp_path):
    database = f"sqlite:///{tmp_path / 'gateway.db'}"
    session = f"restart-{uuid.uuid4().hex[:10]}"
    tracker_url = f"{bot_servers.rasa_url}/conversations/web:{session}/tracker"

    def say(url: str, text: str) -> dict:
        response = httpx.post(f"{url}/web/messages", json={"session": session, "text": text}, timeout=60)
        response.raise_for_status()
        return response.json()

    app, _ = console_app(database_url=database, rasa_url=bot_servers.rasa_url)
    with serve(app) as url:
        assert any("转接人工" in m["text"] for m in say(url, "转人工")["messages"])
    assert httpx.get(tracker_url, timeout=30).json()["paused"] is True

    app, _ = console_app(database_url=database, rasa_url=bot_servers.rasa_url)  # a fresh process, same database
    with serve(app) as url:
        turn = say(url, QUESTION)
        assert turn["handed_off"] and turn["messages"] == []
        assert httpx.get(tracker_url, timeout=30).json()["paused"] is True
        db = Database(database)
        add_staff(db, "restarter")
        db.dispose()
        agent = log_in(url, "restarter")
        [item] = [i for i in agent.get("/console/api/queue").json()["items"] if i["sender_id"] == f"web:{session}"]
        agent.post(f"/console/api/conversations/{item['id']}/claim").raise_for_status()
        agent.post(f"/console/api/conversations/{item['id']}/release").raise_for_status()
        assert httpx.get(tracker_url, timeout=30).json()["paused"] is False
        assert any(ANSWER_MARK in m["text"] for m in say(url, QUESTION)["messages"])
        agent.client.close()
