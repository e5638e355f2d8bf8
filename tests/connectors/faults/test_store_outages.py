"""PostgreSQL and Redis unavailable for 10 s under a running gateway. Each test starts its own throwaway server
on a free port (never the machine's shared ones) and stops it mid-conversation."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import httpx
import pytest

from bot import services
from connectors.db import Database
from connectors.models import Message
from tests.connectors.conftest import wait_for

pytestmark = [pytest.mark.faults, pytest.mark.integration, pytest.mark.slow]
SESSION = "outage-session-0001"
OUTAGE_S = 10.0


class RedisServer:
    """A throwaway redis-server without persistence."""

    def __init__(self) -> None:
        self.port = services.free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(["redis-server", "--port", str(self.port), "--bind", "127.0.0.1",
                                         "--save", "", "--appendonly", "no"], stdout=subprocess.DEVNULL)
        wait_for(lambda: subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True,
                                        text=True, check=False).stdout.strip() == "PONG")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


class PostgresServer:
    """A throwaway PostgreSQL cluster in a temp dir (run as the ``postgres`` user: initdb refuses root)."""

    def __init__(self) -> None:
        self.port = services.free_port()
        root = Path(tempfile.mkdtemp(prefix="policybot-faults-pg-"))  # pytest's tmp dirs are root-only
        root.chmod(0o777)
        self.data = root / "pgdata"

    def _as_postgres(self, *command: str) -> None:
        subprocess.run(["runuser", "-u", "postgres", "--", *command], check=True, capture_output=True)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        self._as_postgres("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust")

    def start(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.data), "-w", "-l", str(self.data.parent / "pg.log"), "-o",
                          f"-p {self.port} -k {self.data.parent} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self._as_postgres("pg_ctl", "-D", str(self.data), "-w", "-m", "fast", "stop")


def post(url: str, text: str, client_id: str) -> httpx.Response:
    return httpx.post(f"{url}/web/messages", json={"session": SESSION, "text": text, "client_id": client_id},
                      timeout=30)


def resend_until_answered(url: str, text: str, client_id: str, timeout_s: float = 60) -> dict:
    """What the widget does: keep the message in its outbox and resend it (same client_id) until it is in."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            response = post(url, text, client_id)
            if response.status_code == 200:
                return response.json()
        except httpx.HTTPError:
            pass
        time.sleep(1.0)
    raise AssertionError(f"{client_id} never accepted")


@pytest.mark.skipif(shutil.which("initdb") is None or shutil.which("runuser") is None,
                    reason="needs PostgreSQL's initdb and runuser for a throwaway cluster")
def test_postgresql_down_for_10_s_loses_and_doubles_nothing(launch, rasa_peer):
    peer, rasa_url = rasa_peer
    pg = PostgresServer()
    pg.init()
    pg.start()
    try:
        gateway = launch(rasa_url, redis=False, database_url=pg.url)
        assert post(gateway.url, "第一条", "c1").status_code == 200
        pg.stop()
        down_at = time.monotonic()
        try:
            refused = post(gateway.url, "数据库停机时发的", "c2")
            assert refused.status_code >= 500  # not logged, so not acknowledged: the widget keeps it
        except httpx.HTTPError:
            pass
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - down_at)))
        pg.start()
        second = resend_until_answered(gateway.url, "数据库停机时发的", "c2")
        again = post(gateway.url, "数据库停机时发的", "c2").json()
        assert again["duplicate"] and again["inbound_id"] == second["inbound_id"]
        db = Database(pg.url)
        rows = db.run_sync(lambda s: [(m.direction, m.text) for m in s.query(Message).order_by(Message.id)])
        db.dispose()
        assert rows == [("in", "第一条"), ("out", "收到：第一条"),
                        ("in", "数据库停机时发的"), ("out", "收到：数据库停机时发的")]
        assert [r["message"] for r in peer.received] == ["第一条", "数据库停机时发的"]
    finally:
        subprocess.run(["runuser", "-u", "postgres", "--", "pg_ctl", "-D", str(pg.data), "-m", "immediate",
                        "stop"], capture_output=True, check=False)
        shutil.rmtree(pg.data.parent, ignore_errors=True)


def test_redis_down_for_10_s_still_delivers_to_a_stream_on_the_other_replica_once(launch, rasa_peer):
    rasa_url = rasa_peer[1]
    redis = RedisServer()
    redis.start()
    try:
        streaming, posting = launch(rasa_url, redis=redis.url), launch(rasa_url, redis=redis.url)
        seen: list[dict] = []
        stop = threading.Event()
        threading.Thread(target=_follow, args=(streaming.url, seen, stop), daemon=True).start()
        assert post(posting.url, "Redis 正常时", "r1").status_code == 200
        wait_for(lambda: len(seen) == 2, timeout_s=20)
        redis.stop()
        down_at = time.monotonic()
        answered = resend_until_answered(posting.url, "Redis 停机时发的", "r2")
        assert answered["messages"]  # Redis down does not stop the conversation
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - down_at)))
        redis.start()
        wait_for(lambda: len(seen) >= 4, timeout_s=40)  # via Redis once it is back, or the stream's catch-up
        time.sleep(2.0)
        stop.set()
        assert [(m["from"], m["text"]) for m in seen] == [
            ("user", "Redis 正常时"), ("bot", "收到：Redis 正常时"),
            ("user", "Redis 停机时发的"), ("bot", "收到：Redis 停机时发的")]
    finally:
        if redis.process.poll() is None:
            redis.stop()


def _follow(url: str, seen: list[dict], stop: threading.Event) -> None:
    """A widget's live stream (SSE) on one replica, reconnecting with Last-Event-ID like EventSource."""
    last = "0"
    while not stop.is_set():
        try:
            token = httpx.post(f"{url}/web/stream-token", headers={"X-Policybot-Session": SESSION}).json()["token"]
            with httpx.stream("GET", f"{url}/web/events", params={"token": token},
                              headers={"Last-Event-ID": last}, timeout=None) as response:
                for line in response.iter_lines():
                    if stop.is_set():
                        return
                    if line.startswith("id:"):
                        last = line[3:].strip()
                    elif line.startswith("data:"):
                        seen.append(json.loads(line[5:]))
        except httpx.HTTPError:
            time.sleep(1.0)
