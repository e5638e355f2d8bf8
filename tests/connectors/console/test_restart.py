"""A gateway restart loses nothing: the queue, owner, transcript, notes and logins are in the database, and a
conversation a human owns stays paused — the user's messages still go to staff only."""

from __future__ import annotations

import httpx
import pytest

from connectors.db import Database
from tests.connectors.conftest import RasaPeer
from tests.connectors.console.conftest import add_staff, console_app, log_in
from tests.connectors.servers import serve

pytestmark = pytest.mark.integration
SENDER = "web:restart-user-0001"


def say(url: str, text: str) -> dict:
    response = httpx.post(f"{url}/web/messages", json={"session": "restart-user-0001", "text": text}, timeout=30)
    response.raise_for_status()
    return response.json()


def gateway(**settings):
    app, _ = console_app(**settings)
    return serve(app)


def test_restart_keeps_the_handoff_and_the_pause(tmp_path):
    peer = RasaPeer()
    with serve(peer.app) as rasa_url:
        settings = {"database_url": f"sqlite:///{tmp_path / 'gateway.db'}", "rasa_url": rasa_url}
        with gateway(**settings) as url:
            db = Database(settings["database_url"])
            add_staff(db, "zhang")
            db.dispose()
            agent = log_in(url, "zhang")
            peer.extra = [{"custom": {"type": "handoff", "reason": "user_request", "question": "找人工"}}]
            say(url, "转人工")
            peer.extra = []
            conversation_id = agent.get("/console/api/queue").json()["items"][0]["id"]
            agent.post(f"/console/api/conversations/{conversation_id}/claim").raise_for_status()
            agent.post(f"/console/api/conversations/{conversation_id}/notes", {"text": "重启前的备注"})
            agent.post(f"/console/api/conversations/{conversation_id}/messages", {"text": "重启前的回复"})
            before = agent.get(f"/console/api/conversations/{conversation_id}").json()

        with gateway(**settings) as url:  # a new process over the same database file
            agent.client.base_url = url
            after = agent.get(f"/console/api/conversations/{conversation_id}").json()  # the login survived
            assert {k: after[k] for k in ("state", "owner", "notes", "transcript")} == {
                k: before[k] for k in ("state", "owner", "notes", "transcript")}
            assert after["state"] == "owned"
            turn = say(url, "重启后还在吗")
            assert turn["handed_off"] and turn["messages"] == []
            assert [r["message"] for r in peer.received] == ["转人工"]  # the bot never got the later message
            sent = agent.post(f"/console/api/conversations/{conversation_id}/messages", {"text": "还在，请讲"})
            assert sent.json()["status"] == "sent"
            agent.post(f"/console/api/conversations/{conversation_id}/release").raise_for_status()
            assert say(url, "谢谢")["messages"][0]["text"] == "收到：谢谢"
        agent.client.close()
