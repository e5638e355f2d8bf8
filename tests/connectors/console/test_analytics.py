"""Answer outcomes and most asked programmes in the analytics: the bot's account of each knowledge answer
(``{"type": "answer", …}`` after the answer's text, docs/CONTRACTS.md) is filed in the reply's message-log payload
and counted per outcome and cited notice, on SQLite and PostgreSQL; their CSV neutralises formula cells; the
widget's 👍/👎 (``POST /web/feedback``) is kept on the rated reply and counted. The
last test runs the chain against the real Rasa and action servers."""

from __future__ import annotations

import httpx
import pytest
from sqlalchemy import func, select

from connectors.db import Database
from connectors.models import ChannelUser, Message, utcnow
from connectors.replies import split_rasa

pytestmark = pytest.mark.integration
NOTICE = "示例区技术改造专项资金申报通知"
EVIL = "=HYPERLINK(\"http://evil.example\",\"点我\")"
ANSWERED = "技术改造专项啥时候截止"  # the sample notice states the deadline (tests/connectors/console/test_handoff_e2e.py)


def answers(session) -> None:
    """Three users: two asked about the notice (one answered, one not stated), one about nothing we have."""
    now = utcnow()
    rasa = {
        "web:sessiona1": [{"text": "截止到2月4日"}, {"custom": {"type": "answer", "outcome": "answered",
                                                  "answer_type": "deadline", "doc": "n1", "title": NOTICE}}],
        "web:sessionb2": [{"text": "通知未写明"}, {"custom": {"type": "answer", "outcome": "not_stated",
                                               "answer_type": "amount", "doc": "n1", "title": NOTICE}}],
        "web:sessionc3": [{"text": "没有找到相关文件"}, {"custom": {"type": "answer", "outcome": "no_document",
                                                   "answer_type": "other", "doc": None, "title": None}},
                  {"text": "需要转人工吗？", "buttons": [{"title": "转人工", "payload": "/request_human"}]}],
        "web:sessiond4": [{"text": "答复"}, {"custom": {"type": "answer", "outcome": "answered",
                                              "answer_type": "other", "doc": "n2", "title": EVIL}}],
    }
    for sender, items in rasa.items():
        replies, customs = split_rasa(items)
        assert customs == []  # the answer account is filed on the reply, never acted on or shown
        session.add(ChannelUser(sender_id=sender, channel="web", first_seen_at=now, last_inbound_at=now))
        session.add(Message(channel="web", sender_id=sender, direction="in", author="user", text="问题",
                            status="received", created_at=now))
        for reply in replies:
            session.add(Message(channel="web", sender_id=sender, direction="out", author="bot", text=reply.text,
                                payload=reply.payload(), status="sent", created_at=now))


def check_answers(gateway) -> None:
    gateway.db.run_sync(answers)
    agent = gateway.agent("wang", "agent")
    data = agent.get("/console/api/analytics").json()
    assert data["answers"] == {"answered": 2, "not_stated": 1, "no_document": 1}
    assert data["programmes"] == [{"title": NOTICE, "count": 2}, {"title": EVIL, "count": 1}]
    csv = agent.get("/console/api/analytics.csv", params={"chart": "programmes"}).text.lstrip("\ufeff").splitlines()
    assert csv[0] == "文件,被问次数" and csv[1] == f"{NOTICE},2" and csv[2].startswith('"\'=HYPERLINK(')
    answers_csv = agent.get("/console/api/analytics.csv", params={"chart": "answers"}).text
    assert "not_stated,1" in answers_csv

    # 👍/👎 from the widget land on the rated reply; a user can rate only their own session's bot replies.
    def bot_reply(sender: str) -> int:
        return gateway.db.run_sync(lambda s: s.scalar(select(func.min(Message.id)).where(
            Message.sender_id == sender, Message.author == "bot")))

    def rate(session: str, message_id: int, rating: str) -> httpx.Response:
        return httpx.post(gateway.url + "/web/feedback",
                          json={"session": session, "message_id": message_id, "rating": rating})

    assert rate("sessiona1", bot_reply("web:sessiona1"), "bad").status_code == 204
    assert rate("sessiona1", bot_reply("web:sessiona1"), "good").status_code == 204  # changed their mind
    assert rate("sessionb2", bot_reply("web:sessionb2"), "bad").status_code == 204
    assert rate("sessionc3", bot_reply("web:sessionb2"), "good").status_code == 404  # not theirs
    assert rate("sessionc3", bot_reply("web:sessionc3"), "meh").status_code == 422
    feedback = agent.get("/console/api/analytics").json()["feedback"]
    assert (feedback["good"], feedback["bad"], feedback["rate"]) == (1, 1, 0.5)
    assert gateway.db.run_sync(lambda s: s.get(Message, bot_reply("web:sessiona1")).payload["answer"]["outcome"]) \
        == "answered"  # the rating kept the recorded outcome


def test_answers_on_sqlite(console_gateway):
    check_answers(console_gateway())


def test_answers_on_postgresql(console_gateway, postgres_url):
    Database(postgres_url).upgrade()
    check_answers(console_gateway(database_url=postgres_url))


def test_real_bot_answers_are_counted_by_outcome(console_gateway, bot_servers):
    gateway = console_gateway(rasa_url=bot_servers.rasa_url)
    reply = httpx.post(gateway.url + "/api/chat", json={"sender": "analytics-1", "message": ANSWERED}, timeout=120)
    assert reply.status_code == 200 and "2月4日" in str(reply.json()), reply.text
    data = gateway.agent("wang", "agent").get("/console/api/analytics").json()
    assert data["answers"] == {"answered": 1}
    assert [row["count"] for row in data["programmes"] if "技术改造" in row["title"]] == [1]
