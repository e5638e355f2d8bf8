"""POST /web/messages idempotency: a widget resend with the same client_id gets the original turn, never a
second one — also when the resend races the first request (a timeout on a slow network)."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

pytestmark = pytest.mark.integration
SESSION = "idempotency-session-01"


def post(url: str, text: str, client_id: str | None) -> dict:
    body = {"session": SESSION, "text": text, **({"client_id": client_id} if client_id else {})}
    response = httpx.post(f"{url}/web/messages", json=body, timeout=30)
    response.raise_for_status()
    return response.json()


def test_a_resend_with_the_same_client_id_returns_the_original_turn(make_gateway, rasa_peer):
    peer, rasa_url = rasa_peer
    gateway = make_gateway(rasa_url=rasa_url)
    first = post(gateway.url, "高企认定需要什么材料", "c-0001")
    again = post(gateway.url, "高企认定需要什么材料", "c-0001")
    assert (first["duplicate"], again["duplicate"]) == (False, True)
    assert again["inbound_id"] == first["inbound_id"]
    assert [(m["id"], m["text"]) for m in again["messages"]] == [(m["id"], m["text"]) for m in first["messages"]]
    assert len(peer.received) == 1
    other = post(gateway.url, "高企认定需要什么材料", "c-0002")  # same words, new message: a new turn
    assert other["inbound_id"] != first["inbound_id"] and len(peer.received) == 2
    assert [m.direction for m in gateway.messages(f"web:{SESSION}")] == ["in", "out", "in", "out"]


def test_a_resend_racing_the_first_request_is_answered_once(make_gateway, rasa_peer):
    peer, rasa_url = rasa_peer
    gateway = make_gateway(rasa_url=rasa_url)
    peer.delay_s = 1.0
    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(lambda _: post(gateway.url, "专精特新申报截止时间", "c-race"), range(2)))
    assert sorted(r["duplicate"] for r in results) == [False, True]
    assert len({r["inbound_id"] for r in results}) == 1
    assert [m["text"] for m in results[0]["messages"]] == [m["text"] for m in results[1]["messages"]]
    assert len(peer.received) == 1
