"""The widget's session id never travels in a URL: history takes a header, the live stream a short-lived
opaque token that does not reveal the session."""

import time
from pathlib import Path

import httpx
import pytest

from connectors.streamtoken import StreamTokens

pytestmark = pytest.mark.integration
SESSION = "widget-session-0001"
WIDGET = Path(__file__).resolve().parents[3] / "connectors" / "static" / "widget.js"


def test_history_takes_the_session_from_a_header(make_gateway, rasa_peer):
    gateway = make_gateway(rasa_url=rasa_peer[1])
    httpx.post(gateway.url + "/web/messages", json={"session": SESSION, "text": "你好"})
    history = httpx.get(gateway.url + "/web/history", headers={"X-Policybot-Session": SESSION})
    assert [m["text"] for m in history.json()["messages"]] == ["你好", "收到：你好"]
    assert httpx.get(gateway.url + "/web/history", params={"session": SESSION}).status_code == 422


def test_the_stream_token_is_opaque_and_short_lived(make_gateway, rasa_peer):
    gateway = make_gateway(rasa_url=rasa_peer[1])
    issued = httpx.post(gateway.url + "/web/stream-token", headers={"X-Policybot-Session": SESSION}).json()
    assert SESSION not in issued["token"] and issued["expires_in"] <= 600
    with httpx.stream("GET", gateway.url + "/web/events", params={"token": issued["token"]}, timeout=10) as ok:
        assert ok.status_code == 200
    forged = httpx.get(gateway.url + "/web/events", params={"token": issued["token"][:-4] + "AAAA"})
    assert forged.status_code == 401
    tokens = StreamTokens("some-secret", ttl_s=1)
    token = tokens.issue(SESSION)
    assert tokens.read(token) == SESSION
    assert StreamTokens("another-secret").read(token) is None  # replicas must share the secret
    time.sleep(2.1)
    assert tokens.read(token) is None


def test_the_widget_puts_no_session_in_urls():
    source = WIDGET.read_text(encoding="utf-8")
    assert "session=" not in source
    assert "X-Policybot-Session" in source and "/web/stream-token" in source
