"""Rate limits answer 429 with Retry-After: per widget session and IP, per /api/chat sender and IP, open live
streams per session and IP; with Redis configured, replicas count together."""

import os
import threading

import httpx
import pytest

pytestmark = pytest.mark.integration
REDIS = "redis://127.0.0.1:6379/0"


def send(url: str, session: str, text: str = "你好", **headers) -> httpx.Response:
    return httpx.post(url + "/web/messages", json={"session": session, "text": text}, headers=headers, timeout=10)


def test_widget_session_gets_429_with_retry_after_past_its_limit(make_gateway, rasa_peer):
    gateway = make_gateway(rasa_url=rasa_peer[1], rate_limit_web_session="3/minute")
    assert [send(gateway.url, "session-aaaa").status_code for _ in range(3)] == [200, 200, 200]
    refused = send(gateway.url, "session-aaaa")
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "频繁" in refused.json()["detail"]
    assert send(gateway.url, "session-bbbb").status_code == 200  # another visitor is not affected
    assert len(rasa_peer[0].received) == 4  # the refused message never reached the bot


def test_one_ip_is_limited_across_sessions(make_gateway, rasa_peer):
    gateway = make_gateway(rasa_url=rasa_peer[1], rate_limit_web_ip="4/minute")
    statuses = [send(gateway.url, f"session-{i:04d}", **{"X-Forwarded-For": "203.0.113.7"}).status_code
                for i in range(6)]
    assert statuses == [200] * 4 + [429] * 2
    assert send(gateway.url, "session-9999", **{"X-Forwarded-For": "198.51.100.2"}).status_code == 200


def test_api_chat_is_limited_per_sender_and_per_ip(make_gateway, rasa_peer):
    gateway = make_gateway(rasa_url=rasa_peer[1], rate_limit_api_sender="2/minute", rate_limit_api_ip="5/minute")
    chat = lambda sender: httpx.post(gateway.url + "/api/chat", json={"sender": sender, "message": "你好"}).status_code
    assert [chat("alpha") for _ in range(3)] == [200, 200, 429]
    assert [chat(f"other-{i}") for i in range(3)] == [200, 200, 429]  # 5 per IP in all (one was refused above)


def test_live_streams_are_capped_per_session(make_gateway):
    gateway = make_gateway(sse_streams_per_session=2)
    headers = {"X-Policybot-Session": "stream-session-1"}
    token = httpx.post(gateway.url + "/web/stream-token", headers=headers).json()["token"]
    with httpx.Client(base_url=gateway.url, timeout=10) as client:
        with client.stream("GET", "/web/events", params={"token": token}) as first, \
                client.stream("GET", "/web/events", params={"token": token}) as second:
            assert first.status_code == second.status_code == 200
            third = client.get("/web/events", params={"token": token})
            assert third.status_code == 429 and "Retry-After" in third.headers
        # both closed: a new stream is allowed again once the server noticed
        for _ in range(50):
            with client.stream("GET", "/web/events", params={"token": token}) as again:
                if again.status_code == 200:
                    break
            threading.Event().wait(0.1)
        assert again.status_code == 200


def test_replicas_count_together_through_redis(make_gateway, rasa_peer):
    prefix = f"policybot-test-{os.urandom(4).hex()}"
    settings = {"rasa_url": rasa_peer[1], "redis_url": REDIS, "redis_key_prefix": prefix, "rate_limit_api_sender": "4/minute"}
    first, second = make_gateway(**settings), make_gateway(**settings)
    statuses = [httpx.post(url + "/api/chat", json={"sender": "shared", "message": "你好"}).status_code
                for url in (first.url, second.url) * 3]
    assert statuses == [200, 200, 200, 200, 429, 429]
