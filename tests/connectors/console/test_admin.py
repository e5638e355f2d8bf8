"""Admin API over real HTTP on SQLite and PostgreSQL: accounts (create, change role, disable, password reset)
and canned replies (add, edit, delete); agents are refused; the last active admin cannot be lost."""

from __future__ import annotations

import httpx
import pytest

from connectors.console import auth
from connectors.db import Database
from tests.connectors.console.conftest import log_in

pytestmark = pytest.mark.integration
NEW_PASSWORD = "another-horse-77"


def put(agent, path: str, body: dict) -> httpx.Response:
    return agent.client.put(path, json=body, headers={auth.CSRF_HEADER: agent.csrf})


def check_admin(gateway) -> None:
    admin = gateway.agent("wang", "admin")
    created = admin.post("/console/api/staff", {"username": "zhang", "password": "zhang-pass-1234",
                                                "role": "agent", "display_name": "小张"})
    assert created.status_code == 201
    zhang_id = created.json()["id"]
    zhang = log_in(gateway.url, "zhang", "zhang-pass-1234")
    assert zhang.get("/console/api/staff").status_code == 403
    assert put(zhang, f"/console/api/staff/{zhang_id}", {"role": "admin"}).status_code == 403

    promoted = put(admin, f"/console/api/staff/{zhang_id}", {"role": "editor", "display_name": "张编辑"})
    assert promoted.status_code == 200 and promoted.json()["role"] == "editor"
    me = zhang.get("/console/api/me").json()["staff"]
    assert (me["role"], me["name"]) == ("editor", "张编辑")  # takes effect on the live login

    weak = admin.post(f"/console/api/staff/{zhang_id}/password", {"password": "short"})
    assert weak.status_code == 422 and "至少" in weak.json()["detail"]
    assert admin.post(f"/console/api/staff/{zhang_id}/password", {"password": NEW_PASSWORD}).status_code == 200
    assert zhang.get("/console/api/me").status_code == 401  # the reset ended the old login
    zhang = log_in(gateway.url, "zhang", NEW_PASSWORD)

    assert put(admin, f"/console/api/staff/{zhang_id}", {"active": False}).json()["active"] is False
    assert zhang.get("/console/api/me").status_code == 401
    refused = httpx.post(gateway.url + "/console/api/login", json={"username": "zhang", "password": NEW_PASSWORD})
    assert refused.status_code == 401

    own_id = admin.get("/console/api/me").json()["staff"]["id"]
    last = put(admin, f"/console/api/staff/{own_id}", {"role": "agent"})
    assert last.status_code == 409 and "管理员" in last.json()["detail"]
    assert put(admin, "/console/api/staff/99999", {"active": False}).status_code == 404

    reply = admin.post("/console/api/canned", {"title": "问候", "text": "您好，请问有什么可以帮您？"}).json()
    edited = put(admin, f"/console/api/canned/{reply['id']}", {"title": "问候语", "text": "您好！"})
    assert edited.json() == {"id": reply["id"], "title": "问候语", "text": "您好！"}
    assert [r["title"] for r in admin.get("/console/api/canned").json()] == ["问候语"]
    assert admin.delete(f"/console/api/canned/{reply['id']}").status_code == 204
    assert put(admin, f"/console/api/canned/{reply['id']}", {"title": "x", "text": "y"}).status_code == 404


def test_admin_on_sqlite(console_gateway):
    check_admin(console_gateway())


def test_admin_on_postgresql(console_gateway, postgres_url):
    Database(postgres_url).upgrade()
    check_admin(console_gateway(database_url=postgres_url))
