"""Fault tests: real gateway processes (stopped with SIGKILL), a fresh PostgreSQL database, Redis under a
prefix of their own, the WeChat simulator and the Rasa REST test peer (the real bot where the bot matters).

Every test asserts what a user would notice: each inbound message ends with exactly one answer (plus at most
one fallback text), nothing is shown twice.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot import services
from tests.connectors.conftest import OA

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"


@dataclass
class GatewayProcess:
    """One real gateway process (uvicorn) and how to reach it."""

    service: services.Service
    url: str
    env: dict[str, str]

    def kill9(self) -> None:
        """Crash it: SIGKILL, no shutdown hooks, leases left behind."""
        os.killpg(self.service.process.pid, signal.SIGKILL)
        self.service.process.wait(timeout=10)
        self.service.stopped = True


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A new, empty PostgreSQL database (the gateway's, and Rasa's tracker store), dropped afterwards."""
    from sqlalchemy import create_engine, text

    name = f"policybot_faults_{os.urandom(4).hex()}"
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # noqa: BLE001 - the reason is shown in the skip
        admin.dispose()
        pytest.skip(f"PostgreSQL unavailable: {exc}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def own_redis_prefix() -> str:
    """A key/channel prefix no other test run uses, so the shared Redis server is never disturbed."""
    import redis

    try:
        redis.from_url(REDIS).ping()
    except Exception as exc:  # noqa: BLE001 - the reason is shown in the skip
        pytest.skip(f"Redis at {REDIS} unavailable: {exc}")
    return f"pbfaults{os.urandom(4).hex()}"


def gateway_env(tmp_path: Path, database_url: str, redis_prefix: str, wechat_api_url: str) -> dict[str, str]:
    """Settings of a fault-test gateway: fast retries and short leases, the simulator as WeChat."""
    return {
        **os.environ,
        "POLICYBOT_CONFIG": str(tmp_path / "absent.toml"),
        "POLICYBOT_DATABASE_URL": database_url,
        "POLICYBOT_WECHAT_OA_TOKEN": OA["token"], "POLICYBOT_WECHAT_OA_APPID": OA["appid"],
        "POLICYBOT_WECHAT_OA_SECRET": OA["secret"], "POLICYBOT_WECHAT_API_BASE": wechat_api_url,
        "POLICYBOT_DELIVERY_RETRY_S": "0.5", "POLICYBOT_OUTBOX_LEASE_S": "3", "POLICYBOT_BOT_RETRY_S": "0.5",
        "POLICYBOT_REMINDER_POLL_S": "3600", "POLICYBOT_SERVICE_HOURS": "always",
        "POLICYBOT_REDIS_KEY_PREFIX": redis_prefix,
    }


@pytest.fixture
def fresh_database() -> Iterator[str]:
    with throwaway_database() as url:
        yield url


@pytest.fixture
def redis_prefix() -> str:
    return own_redis_prefix()


@pytest.fixture
def launch(tmp_path: Path, fresh_database: str, redis_prefix: str, wechat_api) -> Iterator[Callable[..., GatewayProcess]]:
    """``launch(rasa_url, redis=True, database_url=None, **settings)`` starts a gateway process on the test's
    database; every process of one test shares the database (and Redis: the local server unless ``redis`` is
    False or another URL)."""
    running: list[services.Service] = []

    def start(rasa_url: str, *, redis: bool | str = True, database_url: str | None = None,
              **settings) -> GatewayProcess:
        env = gateway_env(tmp_path, database_url or fresh_database, redis_prefix, wechat_api[1])
        if redis:
            env["POLICYBOT_REDIS_URL"] = redis if isinstance(redis, str) else REDIS
        env.update({f"POLICYBOT_{key.upper()}": str(value) for key, value in settings.items()})
        port = services.free_port()
        service = services.start_gateway(host="127.0.0.1", port=port, rasa_url=rasa_url, env=env,
                                         log_dir=tmp_path, name=f"gateway-{port}")
        running.append(service)
        services.wait_ready([service], timeout=120)
        return GatewayProcess(service, f"http://127.0.0.1:{port}", env)

    yield start
    services.stop_all(running)

