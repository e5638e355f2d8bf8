"""A gateway in its own process (as `policybot serve` runs it), for measurements where a server thread sharing
the test's interpreter would be slowed by the test's own client threads."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from bot.services import free_port

ROOT = Path(__file__).resolve().parents[3]


@contextmanager
def gateway_process(tmp_path: Path, **settings: str) -> Iterator[str]:
    """Serve ``connectors.app:create_app`` with ``POLICYBOT_<KEY>`` settings; yields its base URL."""
    port = free_port()
    env = {**os.environ, "POLICYBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'gateway.db'}",
           "POLICYBOT_REMINDER_POLL_S": "3600", **{f"POLICYBOT_{k.upper()}": v for k, v in settings.items()}}
    log = (tmp_path / "gateway.log").open("wb")
    process = subprocess.Popen([sys.executable, "-m", "uvicorn", "connectors.app:create_app", "--factory",
                                "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(url + "/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gateway did not start: {(tmp_path / 'gateway.log').read_text()[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=15)
        log.close()
