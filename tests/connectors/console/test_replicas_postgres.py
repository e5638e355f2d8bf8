"""Two gateway replicas on one PostgreSQL: two agents racing for the same conversations, each on a different
replica, never both win; two replicas queueing the same user at once open one handoff."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import httpx
import pytest

from connectors.console import store
from connectors.console.models import Handoff
from connectors.db import Database
from tests.connectors.conftest import RasaPeer
from tests.connectors.console.conftest import add_staff, log_in
from tests.connectors.servers import serve

pytestmark = pytest.mark.integration
ROUNDS = 12


@pytest.fixture
def rasa_url() -> Iterator[str]:
    peer = RasaPeer()
    peer.extra = [{"custom": {"type": "handoff", "reason": "user_request", "question": "我要找人工"}}]
    with serve(peer.app) as url:
        yield url


def test_two_agents_on_two_replicas_never_both_claim(postgres_url, rasa_url, console_gateway):
    first = console_gateway(database_url=postgres_url, rasa_url=rasa_url)
    second = console_gateway(database_url=postgres_url, rasa_url=rasa_url)
    add_staff(first.db, "zhang")
    add_staff(first.db, "li")
    zhang, li = log_in(first.url, "zhang"), log_in(second.url, "li")
    for i in range(ROUNDS):
        httpx.post(f"{first.url}/web/messages", json={"session": f"race-user-{i:04d}", "text": "转人工"},
                   timeout=30).raise_for_status()
    ids = [item["id"] for item in li.get("/console/api/queue").json()["items"]]
    assert len(ids) == ROUNDS  # the second replica sees what the first queued

    def race(conversation_id: int) -> list[httpx.Response]:
        barrier = Barrier(2)

        def claim(agent):
            barrier.wait()
            return agent.post(f"/console/api/conversations/{conversation_id}/claim")

        with ThreadPoolExecutor(2) as pool:
            return list(pool.map(claim, (zhang, li)))

    for conversation_id in ids:
        responses = race(conversation_id)
        assert sorted(r.status_code for r in responses) == [200, 409]
        won = next(r for r in responses if r.status_code == 200).json()["owner"]
        lost = next(r for r in responses if r.status_code == 409).json()
        assert lost["owner"] == won  # the loser is told who owns it
        stored = first.db.run_sync(lambda s, cid=conversation_id: s.get(Handoff, cid))
        assert stored.owner_id == (zhang.staff_id if won == "zhang" else li.staff_id)
    zhang.client.close()
    li.client.close()


def test_two_replicas_queueing_one_user_at_once_open_one_handoff(postgres_url):
    replicas = [Database(postgres_url), Database(postgres_url)]
    replicas[0].upgrade()
    barrier = Barrier(2)

    def enqueue(db: Database):
        barrier.wait()
        return db.run_sync(lambda s: store.enqueue(
            s, sender_id="wechat:wx1234567890abcdef:oRace", channel="wechat", reason="user_request",
            question="转人工", profile=None, after_hours=False,
        ))

    try:
        for _ in range(5):
            with ThreadPoolExecutor(2) as pool:
                results = list(pool.map(enqueue, replicas))
            assert sorted(created for _, created in results) == [False, True]
            assert results[0][0].id == results[1][0].id
            replicas[0].run_sync(lambda s, hid=results[0][0].id: store.touch(s, hid, state="closed"))
    finally:
        for db in replicas:
            db.dispose()
