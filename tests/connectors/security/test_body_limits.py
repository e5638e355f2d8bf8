"""Request bodies are capped per route class while they are read: 413 before a declared 10 MB body is sent."""

import json
import socket
import time
from urllib.parse import urlsplit

import httpx
import pytest

pytestmark = pytest.mark.integration
TEN_MB = 10 * 1024 * 1024


def declare_and_wait(url: str, path: str, length: int) -> tuple[int, dict, float]:
    """Send only the headers of a POST announcing ``length`` bytes; return the status the server answers with
    before any of the body was sent, its JSON, and how long it took."""
    parts = urlsplit(url)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), timeout=5) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {length}\r\n\r\n".encode())
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < 10:
            chunk = sock.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body.decode()), time.monotonic() - started


@pytest.mark.parametrize("path", ["/web/messages", "/api/chat", "/wechat/oa?signature=x&timestamp=1&nonce=n",
                                  "/wechat/work?msg_signature=x&timestamp=1&nonce=n", "/console/api/login",
                                  "/web/stream-token"])
def test_a_10_mb_body_is_refused_before_it_is_sent(make_gateway, path):
    gateway = make_gateway(wechat_oa_token="oa-token-for-limits", wechat_oa_appid="wxlimits")
    status, body, elapsed = declare_and_wait(gateway.url, path, TEN_MB)
    assert status == 413
    assert "请求内容过大" in body["detail"]
    assert elapsed < 2.0


def test_a_chunked_body_is_cut_off_once_past_the_limit(make_gateway):
    gateway = make_gateway()
    sent = 0

    def chunks():
        nonlocal sent
        for _ in range(160):  # 10 MB in 64 KiB chunks, no Content-Length
            sent += 65536
            yield b"x" * 65536

    try:
        response = httpx.post(gateway.url + "/web/messages", content=chunks(), timeout=10)
        assert response.status_code == 413
    except httpx.WriteError:
        pass  # the server answered 413 and closed while we were still writing
    assert sent < 10 * 1024 * 1024  # the server stopped reading long before the end


def test_each_route_class_has_its_own_limit(make_gateway):
    gateway = make_gateway(max_body_bytes_chat=1000, max_body_bytes_console=4000, wechat_max_body_bytes=2000)
    padding = "政" * 500  # 1500 bytes in UTF-8
    chat = httpx.post(gateway.url + "/web/messages", json={"session": "s" * 16, "text": padding})
    login = httpx.post(gateway.url + "/console/api/login", headers={"Content-Type": "application/json"},
                       content='{"username": "nobody", "password": "wrong-password"}' + " " * 1500)
    assert chat.status_code == 413
    assert login.status_code == 401  # under the console's limit: the request was read and judged
    callback = httpx.post(gateway.url + "/wechat/oa", content=b"<xml>" + b"x" * 2500 + b"</xml>")
    assert callback.status_code == 413
