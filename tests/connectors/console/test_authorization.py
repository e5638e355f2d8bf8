"""Every console endpoint refuses a logged-out caller (401 / redirect, never data), every unsafe one refuses a
missing or wrong CSRF token (403), and admin-only actions refuse agents."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass

import httpx
import pytest

from connectors.console import auth
from connectors.db import Database
from tests.connectors.conftest import RasaPeer
from tests.connectors.console.conftest import Agent, add_staff, console_app, log_in
from tests.connectors.servers import serve

SECRET_QUESTION = "高新技术企业认定需要哪些材料"  # must never appear in a refused response


@dataclass
class World:
    url: str
    db: Database
    peer: RasaPeer
    admin: Agent
    agent: Agent
    other: Agent
    handoff_id: int
    message_id: int


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One gateway with three accounts and a conversation owned by ``agent`` that has a staff reply."""
    tmp = tmp_path_factory.mktemp("console-auth")
    peer = RasaPeer()
    with ExitStack() as stack:
        rasa_url = stack.enter_context(serve(peer.app))
        app, settings = console_app(database_url=f"sqlite:///{tmp / 'gateway.db'}", rasa_url=rasa_url)
        url = stack.enter_context(serve(app))
        db = Database(settings.database_url)
        stack.callback(db.dispose)
        for name, role in (("admin", "admin"), ("agent", "agent"), ("other", "agent")):
            add_staff(db, name, role)
        admin, agent, other = log_in(url, "admin"), log_in(url, "agent"), log_in(url, "other")
        for a in (admin, agent, other):
            stack.callback(a.client.close)
        peer.extra = [{"custom": {"type": "handoff", "reason": "user_request", "question": SECRET_QUESTION}}]
        httpx.post(f"{url}/web/messages", json={"session": "auth-test-0001", "text": "转人工"}).raise_for_status()
        peer.extra = []
        handoff_id = agent.get("/console/api/queue").json()["items"][0]["id"]
        agent.post(f"/console/api/conversations/{handoff_id}/claim").raise_for_status()
        message = agent.post(f"/console/api/conversations/{handoff_id}/messages", {"text": "您好，我来帮您看看"})
        yield World(url, db, peer, admin, agent, other, handoff_id, message.json()["id"])


# Every console API operation but login (test_the_list_covers_the_whole_api keeps it complete).
OPERATIONS: list[tuple[str, str, dict | None]] = [
    ("POST", "/console/api/logout", None),
    ("GET", "/console/api/me", None),
    ("GET", "/console/api/staff", None),
    ("POST", "/console/api/staff", {"username": "newbie", "password": "another-pass-77", "role": "agent"}),
    ("GET", "/console/api/queue", None),
    ("GET", "/console/api/live", None),
    ("POST", "/console/api/takeover", {"sender_id": "web:auth-test-0002"}),
    ("GET", "/console/api/conversations/{conversation_id}", None),
    ("POST", "/console/api/conversations/{conversation_id}/claim", None),
    ("POST", "/console/api/conversations/{conversation_id}/messages", {"text": "伪造的回复"}),
    ("POST", "/console/api/conversations/{conversation_id}/messages/{message_id}/retry", None),
    ("POST", "/console/api/conversations/{conversation_id}/notes", {"text": "伪造的备注"}),
    ("POST", "/console/api/conversations/{conversation_id}/release", None),
    ("POST", "/console/api/conversations/{conversation_id}/close", {"resolution": "resolved"}),
    ("GET", "/console/api/unanswered", None),
    ("GET", "/console/api/unanswered.csv", None),
    ("GET", "/console/api/canned", None),
    ("POST", "/console/api/canned", {"title": "问候", "text": "您好"}),
    ("DELETE", "/console/api/canned/{reply_id}", None),
    ("GET", "/console/api/events", None),
    ("GET", "/console/api/inbox", None),
    ("PUT", "/console/api/staff/{staff_id}", {"active": False}),
    ("POST", "/console/api/staff/{staff_id}/password", {"password": "forged-pass-1234"}),
    ("PUT", "/console/api/canned/{reply_id}", {"title": "伪造", "text": "伪造的快捷回复"}),
    ("GET", "/console/api/analytics", None),
    ("GET", "/console/api/analytics.csv", None),
    ("GET", "/console/api/documents", None),
    ("POST", "/console/api/documents", None),
    ("GET", "/console/api/documents/{doc_id}", None),
    ("DELETE", "/console/api/documents/{doc_id}", None),
    ("POST", "/console/api/documents/{doc_id}/reindex", None),
    ("PUT", "/console/api/documents/{doc_id}/facts/{fact_id}", {"end": "2026-12-25", "why": "伪造"}),
    ("POST", "/console/api/documents/{doc_id}/facts", {"category": "materials", "text": "伪造的材料"}),
    ("DELETE", "/console/api/documents/{doc_id}/facts/{fact_id}", None),
    ("GET", "/console/api/faq", None),
    ("POST", "/console/api/faq", {"question": "伪造的问题", "answer": "伪造的答案"}),
    ("DELETE", "/console/api/faq/{entry_id}", None),
]
PUBLIC = {("POST", "/console/api/login")}


def endpoints(w: World) -> list[tuple[str, str, dict | None]]:
    ids = {"conversation_id": w.handoff_id, "message_id": w.message_id, "reply_id": 1, "staff_id": w.agent.staff_id,
           "doc_id": "some_notice", "fact_id": "windows-0", "entry_id": 1}
    return [(method, path.format(**ids), body) for method, path, body in OPERATIONS]


@pytest.mark.integration
def test_the_list_covers_the_whole_api(world):
    schema = httpx.get(f"{world.url}/openapi.json").json()
    documented = {(m.upper(), p) for p, ops in schema["paths"].items() if p.startswith("/console") for m in ops}
    assert documented == {(m, p) for m, p, _ in OPERATIONS} | PUBLIC


@pytest.mark.integration
@pytest.mark.parametrize("cookie", [None, "forged-session-token"])
def test_logged_out_callers_get_401_and_no_data(world, cookie):
    cookies = {auth.COOKIE_NAME: cookie} if cookie else {}
    with httpx.Client(base_url=world.url, cookies=cookies, timeout=10) as client:
        for method, path, body in endpoints(world):
            response = client.request(method, path, json=body)
            assert response.status_code == 401, (method, path, response.text)
            assert SECRET_QUESTION not in response.text
            assert set(response.json()) == {"detail"}


@pytest.mark.integration
def test_console_page_and_assets_need_a_login(world):
    with httpx.Client(base_url=world.url, timeout=10) as client:
        page = client.get("/console/", follow_redirects=False)
        assert page.status_code == 303 and page.headers["location"] == "/console/login"
        assert client.get("/console", follow_redirects=True).url.path == "/console/login"
        assert client.get("/console/assets/console.js").status_code == 401
        login_page = client.get("/console/login")
        assert login_page.status_code == 200 and "登录" in login_page.text and SECRET_QUESTION not in login_page.text
    assert world.agent.get("/console/").status_code == 200
    assert world.agent.get("/console/assets/console.js").status_code == 200


@pytest.mark.integration
@pytest.mark.parametrize("token", [None, "wrong-token"])
def test_unsafe_requests_without_the_right_csrf_token_are_refused(world, token):
    headers = {auth.CSRF_HEADER: token} if token else {}
    before = world.agent.get(f"/console/api/conversations/{world.handoff_id}").json()
    for method, path, body in endpoints(world):
        if method == "GET":
            continue
        response = world.agent.client.request(method, path, json=body, headers=headers)
        assert response.status_code == 403, (method, path, response.text)
    after = world.agent.get(f"/console/api/conversations/{world.handoff_id}").json()
    assert after["state"] == before["state"] == "owned"
    assert len(after["transcript"]) == len(before["transcript"]) and after["notes"] == before["notes"]


@pytest.mark.integration
def test_another_agents_csrf_token_does_not_work_either(world):
    response = world.agent.client.post(f"/console/api/conversations/{world.handoff_id}/notes",
                                       json={"text": "x"}, headers={auth.CSRF_HEADER: world.other.csrf})
    assert response.status_code == 403


@pytest.mark.integration
@pytest.mark.parametrize(("method", "path", "body"), [
    ("GET", "/console/api/staff", None),
    ("POST", "/console/api/staff", {"username": "made-by-agent", "password": "another-pass-77"}),
    ("POST", "/console/api/canned", {"title": "问候", "text": "您好，请问有什么可以帮您？"}),
    ("DELETE", "/console/api/canned/{canned}", None),
    ("PUT", "/console/api/canned/{canned}", {"title": "问候", "text": "您好！"}),
    ("PUT", "/console/api/staff/{target}", {"role": "editor", "active": False}),
    ("POST", "/console/api/staff/{target}/password", {"password": "reset-pass-1234"}),
])
def test_account_and_canned_reply_management_is_for_admins(world, method, path, body):
    if "{target}" in path:  # a fresh account, so the shared ones keep their logins
        username = f"target-{method.lower()}-{path.count('password')}"
        path = path.format(target=add_staff(world.db, username))
    if "{canned}" in path:
        made = world.admin.post("/console/api/canned", {"title": "问候", "text": "您好"})
        path = path.format(canned=made.json()["id"])
    refused = world.agent.client.request(method, path, json=body, headers={auth.CSRF_HEADER: world.agent.csrf})
    assert refused.status_code == 403
    allowed = world.admin.client.request(method, path, json=body, headers={auth.CSRF_HEADER: world.admin.csrf})
    assert allowed.status_code in (200, 201, 204), allowed.text


@pytest.mark.integration
def test_only_the_owner_replies_and_only_owner_or_admin_hand_back(world):
    c = f"/console/api/conversations/{world.handoff_id}"
    reply = world.other.post(f"{c}/messages", {"text": "我不是接待人"})
    assert reply.status_code == 409 and reply.json()["owner"] == "agent"
    assert world.other.post(f"{c}/release").status_code == 403
    assert world.other.post(f"{c}/close", {"resolution": "resolved"}).status_code == 403
    assert world.other.post(f"{c}/claim").json()["owner"] == "agent"


@pytest.mark.integration
def test_login_from_another_site_is_refused(world):
    response = httpx.post(f"{world.url}/console/api/login", json={"username": "agent", "password": "correct-horse-42"},
                          headers={"Origin": "https://evil.example"})
    assert response.status_code == 403 and auth.COOKIE_NAME not in response.cookies


@pytest.mark.integration
def test_session_cookie_is_http_only_strict_and_scoped_to_the_console(world):
    response = httpx.post(f"{world.url}/console/api/login", json={"username": "agent", "password": "correct-horse-42"})
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "path=/console" in cookie


@pytest.mark.integration
def test_logout_ends_the_session(world):
    add_staff(world.db, "leaver")
    leaver = log_in(world.url, "leaver")
    assert leaver.post("/console/api/logout").status_code == 204
    assert leaver.get("/console/api/queue").status_code == 401
    leaver.client.close()
