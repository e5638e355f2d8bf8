"""Fixtures for the gateway tests: gateways served over real loopback HTTP, the WeChat simulator, a Rasa
REST test peer for timing-only tests, and the real Rasa servers (tests/rasa_fixtures.py) for integration."""

from __future__ import annotations

import asyncio
import base64
import os
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest
from fastapi import FastAPI, Request

from connectors.app import create_app
from connectors.db import Database
from connectors.settings import Settings
from tests.connectors.servers import serve
from tests.connectors.simulator import WeChatAPISimulator

OA = {"token": "oa-test-token-7f3", "appid": "wx1234567890abcdef", "secret": "oa-secret-5b9e"}
WORK = {"corp_id": "ww0123456789abcdef", "agent_id": "1000002", "secret": "work-secret-8c1",
        "token": "work-token-3d2"}


def aes_key() -> str:
    """A fresh EncodingAESKey: 43 base64 characters."""
    return base64.b64encode(os.urandom(32)).decode()[:-1]


def wait_for(predicate: Callable[[], object], timeout_s: float = 10.0) -> object:
    """Poll until ``predicate()`` is truthy (background delivery happens after the response)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("condition not reached in time")


class RasaPeer:
    """A test peer speaking Rasa's REST protocol, used only where the bot's content does not matter (timing,
    dedupe, delivery): it answers ``收到：<text>`` after ``delay_s``. Behaviour tests use the real Rasa."""

    def __init__(self) -> None:
        self.delay_s = 0.0
        self.received: list[dict] = []
        self.events: list[tuple[str, dict]] = []
        self.extra: list[dict] = []
        self.empty = False  # answer 200 [] as Rasa 3.6 does when the action server is down
        self.app = FastAPI()

        self.trackers: dict[str, list[dict]] = {}  # sender → events, logged as Rasa logs them

        @self.app.post("/webhooks/rest/webhook")
        async def webhook(request: Request):
            body = await request.json()
            self.received.append(body)
            await asyncio.sleep(self.delay_s)
            said = [] if self.empty else [{"text": f"收到：{body['message']}"}, *self.extra]
            self.trackers.setdefault(body["sender"], []).extend(
                [{"event": "user", "text": body["message"], "metadata": body.get("metadata") or {}},
                 *({"event": "bot", "text": item.get("text"), "data": {"custom": item.get("custom")}}
                   for item in said)])
            return [{"recipient_id": body["sender"], **item} for item in said]

        @self.app.get("/conversations/{sender}/tracker")
        async def tracker(sender: str):
            return {"sender_id": sender, "events": self.trackers.get(sender, [])}

        @self.app.post("/conversations/{sender}/tracker/events")
        async def events(sender: str, request: Request):
            body = await request.json()
            self.events.append((sender, body))
            self.trackers.setdefault(sender, []).extend(body if isinstance(body, list) else [body])
            return {"sender_id": sender}

        @self.app.get("/status")
        async def status():
            return {"model_file": "peer.tar.gz"}


@pytest.fixture
def rasa_peer() -> Iterator[tuple[RasaPeer, str]]:
    peer = RasaPeer()
    with serve(peer.app) as url:
        yield peer, url


@pytest.fixture
def wechat_api() -> Iterator[tuple[WeChatAPISimulator, str]]:
    sim = WeChatAPISimulator(appid=OA["appid"], secret=OA["secret"], corp_id=WORK["corp_id"],
                             corp_secret=WORK["secret"])
    with serve(sim.app) as url:
        yield sim, url


@dataclass
class Gateway:
    url: str
    settings: Settings
    db: Database

    def messages(self, sender_id: str | None = None) -> list:
        from sqlalchemy import select

        from connectors.models import Message

        stmt = select(Message).order_by(Message.id)
        if sender_id:
            stmt = stmt.where(Message.sender_id == sender_id)
        return self.db.run_sync(lambda s: list(s.scalars(stmt)))


@pytest.fixture
def make_gateway(tmp_path: Path) -> Iterator[Callable[..., Gateway]]:
    """``make_gateway(rasa_url=..., **settings)`` serves a fresh gateway with its own SQLite file."""
    with ExitStack() as stack:
        def make(**overrides) -> Gateway:
            values = {"database_url": f"sqlite:///{tmp_path / 'gateway.db'}", "delivery_retry_s": 0.2,
                      "reminder_poll_s": 3600, **overrides}
            settings = Settings(**values)
            app = create_app(settings)
            url = stack.enter_context(serve(app))
            db = Database(settings.database_url)
            stack.callback(db.dispose)
            return Gateway(url, settings, db)

        yield make


def oa_settings(api_url: str, **extra) -> dict:
    return {"wechat_oa_token": OA["token"], "wechat_oa_appid": OA["appid"], "wechat_oa_secret": OA["secret"],
            "wechat_api_base": api_url, **extra}


def work_settings(api_url: str, aes: str, **extra) -> dict:
    return {"wecom_corp_id": WORK["corp_id"], "wecom_agent_id": WORK["agent_id"], "wecom_secret": WORK["secret"],
            "wecom_token": WORK["token"], "wecom_aes_key": aes, "wecom_api_base": api_url, **extra}


POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"  # the local server (trust auth); CI has one too


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A URL to a fresh, empty schema in the local PostgreSQL, dropped afterwards (skips when none runs)."""
    from sqlalchemy import create_engine, text

    schema = f"policybot_test_{os.urandom(5).hex()}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    except Exception as exc:  # noqa: BLE001 - the reason is shown in the skip
        admin.dispose()
        pytest.skip(f"PostgreSQL at {POSTGRES} unavailable: {exc}")
    yield f"{POSTGRES}?options=-csearch_path%3D{schema}"
    with admin.connect() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()
