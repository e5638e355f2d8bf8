"""Fixtures for the console tests: a migrated gateway database, staff accounts, logged-in HTTP clients."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from connectors.app import create_app
from connectors.console import auth
from connectors.db import Database
from connectors.settings import Settings
from tests.connectors.servers import serve

PASSWORD = "correct-horse-42"
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[3] / "var" / "test-artifacts" / "console"  # screenshots kept


@pytest.fixture
def browser():
    """Debian's headless chromium driven by Playwright (no browser download; skipped when absent)."""
    if shutil.which(CHROMIUM) is None:
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


@pytest.fixture
def console_db(tmp_path: Path) -> Iterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'gateway.db'}")
    db.upgrade()
    yield db
    db.dispose()


def add_staff(db: Database, username: str, role: str = "agent", password: str = PASSWORD) -> int:
    return db.run_sync(lambda s: auth.create_staff(s, username, password, role).id)


@dataclass
class Agent:
    """A logged-in console user: an HTTP client carrying the session cookie, and the CSRF token."""

    client: httpx.Client
    csrf: str
    staff_id: int

    def get(self, path: str, **kwargs) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def post(self, path: str, json: dict | None = None, **kwargs) -> httpx.Response:
        return self.client.post(path, json=json, headers={auth.CSRF_HEADER: self.csrf}, **kwargs)

    def delete(self, path: str, **kwargs) -> httpx.Response:
        return self.client.delete(path, headers={auth.CSRF_HEADER: self.csrf}, **kwargs)


def log_in(base_url: str, username: str, password: str = PASSWORD) -> Agent:
    client = httpx.Client(base_url=base_url, timeout=30)
    response = client.post("/console/api/login", json={"username": username, "password": password})
    response.raise_for_status()
    body = response.json()
    return Agent(client, body["csrf_token"], body["staff"]["id"])


def console_app(**overrides) -> tuple[FastAPI, Settings]:
    """A gateway app with the console; keyword args set gateway or console settings (service hours default
    to around the clock so tests do not depend on the time of day)."""
    settings = Settings(**{"reminder_poll_s": 3600, "service_hours": "always", **overrides})
    return create_app(settings), settings


@dataclass
class ConsoleGateway:
    url: str
    db: Database
    settings: Settings

    def agent(self, username: str, role: str = "agent") -> Agent:
        """Create an account and log it in."""
        add_staff(self.db, username, role)
        return log_in(self.url, username)


@pytest.fixture
def console_gateway(tmp_path: Path) -> Iterator[Callable[..., ConsoleGateway]]:
    """``console_gateway(rasa_url=..., **settings)`` serves a gateway with the console over real HTTP.
    Several calls with the same ``database_url`` give replicas sharing one database."""
    with ExitStack() as stack:
        def make(**overrides) -> ConsoleGateway:
            values = {"database_url": f"sqlite:///{tmp_path / 'gateway.db'}", "delivery_retry_s": 0.2,
                      "rasa_url": "http://127.0.0.1:9", **overrides}
            app, settings = console_app(**values)
            url = stack.enter_context(serve(app))
            db = Database(settings.database_url)
            stack.callback(db.dispose)
            return ConsoleGateway(url, db, settings)

        yield make
