"""The inbox over real HTTP on SQLite and PostgreSQL: a person reads a company or a stable visitor name (never
a raw sender id), channel, last message, unread count, waiting time and state; filters and search narrow it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from connectors.console import store
from connectors.db import Database
from connectors.models import ChannelUser, Message, utcnow

pytestmark = pytest.mark.integration


def log(session, sender: str, channel: str, author: str, text: str, minutes_ago: float) -> None:
    at = utcnow() - timedelta(minutes=minutes_ago)
    direction = "in" if author == "user" else "out"
    session.add(Message(channel=channel, sender_id=sender, direction=direction, author=author, text=text,
                        status="received" if direction == "in" else "sent", created_at=at))
    user = session.get(ChannelUser, sender)
    if user is None:
        session.add(ChannelUser(sender_id=sender, channel=channel, first_seen_at=at, last_inbound_at=at))
    elif direction == "in":
        user.last_inbound_at = at
    session.flush()


def conversations(session) -> None:
    web, wechat = "web:89e3c0ffee", "wechat:wxapp:openid-42"
    log(session, web, "web", "user", "研发费用加计扣除怎么申请", 30)
    log(session, web, "web", "bot", "根据通知，……", 29.9)
    log(session, wechat, "wechat", "user", "专精特新小巨人有什么奖励", 12)
    log(session, wechat, "wechat", "bot", "没有找到相关文件，为您转人工", 11.9)
    store.enqueue(session, sender_id=wechat, channel="wechat", reason="unanswerable", question="专精特新小巨人有什么奖励",
                  profile={"company_name": "示例精密机械有限公司"}, after_hours=False)
    log(session, wechat, "wechat", "user", "有人吗", 10)
    log(session, wechat, "wechat", "user", "我们是制造业企业", 5)


def check_inbox(gateway) -> None:
    gateway.db.run_sync(conversations)
    agent = gateway.agent("zhang", "agent")
    rows = agent.get("/console/api/inbox").json()
    assert [r["channel"] for r in rows] == ["wechat", "web"]  # newest user activity first
    wechat, web = rows
    assert wechat["name"] == "示例精密机械有限公司" and wechat["state"] == "waiting"
    assert wechat["last_message"] == "我们是制造业企业" and wechat["unread"] == 2
    assert 10 * 60 - 5 <= wechat["waiting_seconds"] <= 10 * 60 + 60  # since the first unanswered message
    assert web["name"].startswith("网页访客 ") and "89e3" not in web["name"] and len(web["name"]) == 9
    assert web["state"] == "bot" and web["unread"] == 0 and web["waiting_seconds"] == 0
    assert agent.get("/console/api/inbox").json()[1]["name"] == web["name"]  # stable across requests

    def names(**params) -> list[str]:
        return [r["channel"] for r in agent.get("/console/api/inbox", params=params).json()]

    assert names(channel="web") == ["web"]
    assert names(state="bot") == ["web"] and names(state="waiting") == ["wechat"] and names(state="owned") == []
    assert names(q="精密机械") == ["wechat"]  # company
    assert names(q="加计扣除") == ["web"]  # message text
    assert names(q="100%") == []  # LIKE wildcards are literal
    assert agent.get("/console/api/inbox", params={"state": "nonsense"}).status_code == 422


def test_inbox_on_sqlite(console_gateway):
    check_inbox(console_gateway())


def test_inbox_on_postgresql(console_gateway, postgres_url):
    Database(postgres_url).upgrade()
    check_inbox(console_gateway(database_url=postgres_url))
