"""/api/chat with API keys: created by `policybot apikey add`, stored hashed, senders namespaced per key,
revocable; off when configured off."""

import os
import subprocess
import sys

import httpx
import pytest
from sqlalchemy import select

from connectors import apikeys
from connectors.security_models import ApiKey

pytestmark = pytest.mark.integration


def chat(url: str, key: str | None, sender: str = "crm-7", message: str = "你好") -> httpx.Response:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.post(url + "/api/chat", json={"sender": sender, "message": message}, headers=headers, timeout=10)


def test_keys_mode_needs_a_valid_key_and_namespaces_senders(make_gateway, rasa_peer):
    gateway = make_gateway(rasa_url=rasa_peer[1], api_chat="keys")
    key = gateway.db.run_sync(lambda s: apikeys.create(s, "crm"))
    other = gateway.db.run_sync(lambda s: apikeys.create(s, "portal"))
    assert chat(gateway.url, None).status_code == 401
    assert chat(gateway.url, "pbk_" + "x" * 43).status_code == 401
    assert chat(gateway.url, key).status_code == 200
    assert chat(gateway.url, other).status_code == 200
    assert [m["sender"] for m in rasa_peer[0].received] == ["api:crm.crm-7", "api:portal.crm-7"]
    stored = gateway.db.run_sync(lambda s: list(s.scalars(select(ApiKey.key_hash))))
    assert key not in stored and apikeys.digest(key) in stored
    gateway.db.run_sync(lambda s: apikeys.revoke(s, "crm"))
    assert chat(gateway.url, key).status_code == 401


def test_off_mode_hides_the_route(make_gateway):
    gateway = make_gateway(api_chat="off")
    response = chat(gateway.url, None)
    assert response.status_code == 404 and "未开放" in response.json()["detail"]


def test_cli_adds_a_key_once_and_lists_it_without_the_key(tmp_path):
    env = {**os.environ, "POLICYBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'g.db'}"}

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "bot.cli", "apikey", *args], env=env, capture_output=True,
                              text=True, timeout=120, check=False)

    added = run("add", "crm")
    assert added.returncode == 0, added.stderr
    key = added.stdout.strip().splitlines()[-1]
    assert key.startswith("pbk_") and len(key) > 40
    listed = run("list")
    assert "crm" in listed.stdout and key not in listed.stdout
    duplicate = run("add", "crm")
    assert duplicate.returncode != 0 and "已存在" in duplicate.stderr
