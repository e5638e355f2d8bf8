"""Starting, watching and stopping the bot's processes: action server, Rasa server, gateway.

Each child runs in its own process group (``start_new_session``) so that stopping it also stops
whatever it spawned (Rasa forks workers); stopping is SIGTERM to the group, then SIGKILL after a grace
period. Used by ``policybot run`` and by the end-to-end tests, which start the same commands.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

from bot.training import ROOT, rasa_env, rasa_executable

LOG_DIR = ROOT / "var" / "log"
TRACKER_DB = ROOT / "var" / "rasa" / "tracker.db"


class ServiceError(RuntimeError):
    """A service did not come up; the message names it and points at its log."""


@dataclass
class Service:
    """One running child process and where its output goes."""

    name: str
    process: subprocess.Popen
    log: Path
    ready_url: str
    stopped: bool = field(default=False)

    def alive(self) -> bool:
        return self.process.poll() is None

    def log_tail(self, lines: int = 20) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self, grace: float = 10.0) -> None:
        if self.stopped:
            return
        self.stopped = True
        if not self.alive():
            return
        for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
            try:
                os.killpg(self.process.pid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue


def free_port() -> int:
    """A TCP port nobody listens on right now (for tests that run beside a live bot)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def port_free(port: int, host: str = "127.0.0.1") -> bool:
    """Whether nothing accepts connections on ``host:port`` (a killed server's worker processes may hold its
    socket a moment after the server's own process is gone)."""
    with socket.socket() as sock:
        return sock.connect_ex((host, port)) != 0


def ensure_free(port: int, name: str, host: str = "127.0.0.1") -> None:
    """Fail early and clearly when a port is taken (an old server would otherwise answer the readiness check)."""
    if not port_free(port, host):
        raise ServiceError(f"{name} 的端口 {port} 已被占用；请先停止占用它的进程，或换一个端口（见 policybot run --help）")


def tracker_env() -> dict[str, str]:
    """Defaults for the ``${VAR}``s in endpoints.yml: a SQLite tracker store under var/rasa, an in-memory
    lock store (one Rasa process)."""
    TRACKER_DB.parent.mkdir(parents=True, exist_ok=True)
    return {
        "POLICYBOT_TRACKER_DIALECT": "sqlite",
        "POLICYBOT_TRACKER_HOST": "",
        "POLICYBOT_TRACKER_DB": str(TRACKER_DB),
        "POLICYBOT_TRACKER_USER": "",
        "POLICYBOT_TRACKER_PASSWORD": "",
        "POLICYBOT_LOCK_STORE": "in_memory",
        "POLICYBOT_LOCK_STORE_HOST": "",
        "POLICYBOT_LOCK_STORE_PORT": "6379",
        "POLICYBOT_LOCK_STORE_DB": "1",
        "POLICYBOT_LOCK_STORE_PREFIX": "policybot",
    }


def shared_env(database_url: str, redis_url: str) -> dict[str, str]:
    """Environment for several Rasa replicas serving the same senders: the SQL tracker store on the gateway's
    PostgreSQL database and Rasa's Redis lock store (one turn per sender at a time across replicas)."""
    db = urlsplit(database_url.replace("+psycopg", "").replace("+psycopg2", ""))
    redis = urlsplit(redis_url)
    if db.scheme != "postgresql" or redis.scheme not in ("redis", "rediss"):
        raise ServiceError("多副本运行需要 PostgreSQL（POLICYBOT_DATABASE_URL）和 Redis（POLICYBOT_REDIS_URL）")
    return {
        "POLICYBOT_DATABASE_URL": database_url,
        "POLICYBOT_REDIS_URL": redis_url,
        "POLICYBOT_TRACKER_DIALECT": "postgresql",
        "POLICYBOT_TRACKER_HOST": urlunsplit(("postgresql", db.netloc, db.path, "", "")),
        "POLICYBOT_TRACKER_DB": db.path.lstrip("/"),
        "POLICYBOT_TRACKER_USER": db.username or "",
        "POLICYBOT_TRACKER_PASSWORD": db.password or "",
        "POLICYBOT_LOCK_STORE": "redis",
        "POLICYBOT_LOCK_STORE_HOST": redis.hostname or "127.0.0.1",
        "POLICYBOT_LOCK_STORE_PORT": str(redis.port or 6379),
        "POLICYBOT_LOCK_STORE_DB": redis.path.lstrip("/") or "0",
    }


def _spawn(name: str, command: list[str], env: Mapping[str, str], ready_url: str, log_dir: Path) -> Service:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    with log.open("ab") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=dict(env), stdout=sink, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )
    return Service(name, process, log, ready_url)


def start_actions(port: int, *, kb_dir: Path | None, env: Mapping[str, str] | None = None,
                  log_dir: Path = LOG_DIR) -> Service:
    """rasa-sdk action server in this (3.11) interpreter; the knowledge base loads on first request."""
    child_env = {**(env or os.environ)}
    child_env.setdefault("SANIC_HOST", "127.0.0.1")  # rasa-sdk listens on 0.0.0.0 otherwise, without auth
    if kb_dir is not None:
        child_env["POLICYBOT_KB_DIR"] = str(kb_dir)
    ensure_free(port, "动作服务器")
    command = [sys.executable, "-m", "rasa_sdk", "--actions", "actions", "--port", str(port)]
    return _spawn("actions", command, child_env, f"http://127.0.0.1:{port}/health", log_dir)


def desk_env(port: int) -> dict[str, str]:
    """What the desk and the gateways share: the desk's URL and its bearer token (``POLICYBOT_DESK_TOKEN``, or
    a fresh random one for this run, so a local start needs no configuration and never has an open desk)."""
    token = os.environ.get("POLICYBOT_DESK_TOKEN") or secrets.token_urlsafe(32)
    return {"POLICYBOT_DESK_TOKEN": token, "POLICYBOT_DESK_URL": f"http://127.0.0.1:{port}"}


def start_desk(port: int, *, kb_dir: Path | None, env: Mapping[str, str] | None = None,
               log_dir: Path = LOG_DIR) -> Service:
    """The knowledge desk service (``desk.app``) on 127.0.0.1: the console's documents, facts and FAQ. One per
    knowledge base: every action server reads what it writes."""
    child_env = {**(env or os.environ)}
    if kb_dir is not None:
        child_env["POLICYBOT_KB_DIR"] = str(kb_dir)
    ensure_free(port, "知识库服务")
    command = [sys.executable, "-m", "uvicorn", "desk.app:create_app", "--factory", "--host", "127.0.0.1",
               "--port", str(port), "--timeout-graceful-shutdown", "5"]
    return _spawn("desk", command, child_env, f"http://127.0.0.1:{port}/healthz", log_dir)


# Rasa reads its API token only from argv, where `ps` shows it to every user: this launcher appends it from the
# environment inside the process, so the visible command line never holds it.
_RASA_TOKEN_FROM_ENV = ("import os, sys; from rasa.__main__ import main; "
                        "sys.argv = ['rasa', *sys.argv[1:], '--auth-token', os.environ['POLICYBOT_RASA_TOKEN']]; main()")


def rasa_launcher(token: str | None) -> list[str]:
    """The start of Rasa's command line: the ``rasa`` script, or with a token its interpreter and the launcher."""
    if not token:
        return [str(rasa_executable())]
    return [str(rasa_executable().with_name("python")), "-c", _RASA_TOKEN_FROM_ENV]


def start_rasa(model: Path, *, host: str, port: int, actions_url: str, token: str | None = None,
               env: Mapping[str, str] | None = None, log_dir: Path = LOG_DIR) -> Service:
    """Rasa server (3.10 venv) with the HTTP API on, REST channel only, SQL tracker store."""
    ensure_free(port, "Rasa", host)
    child_env = {**tracker_env(), **(env or os.environ), **rasa_env(), "POLICYBOT_ACTIONS_URL": actions_url}
    command = [
        *rasa_launcher(token), "run", "--enable-api", "--interface", host, "--port", str(port),
        "--model", str(model), "--endpoints", str(ROOT / "endpoints.yml"),
        "--credentials", str(ROOT / "credentials.yml"),
    ]
    if token:
        child_env["POLICYBOT_RASA_TOKEN"] = token
    status = f"http://{host}:{port}/status" + (f"?token={token}" if token else "")
    return _spawn("rasa", command, child_env, status, log_dir)


def start_gateway(*, host: str, port: int, rasa_url: str, env: Mapping[str, str] | None = None,
                  log_dir: Path = LOG_DIR, name: str = "gateway") -> Service:
    """The FastAPI gateway (connectors.app), the public face for the web widget and WeChat. ``rasa_url`` may
    list several Rasa servers, comma-separated (the gateway routes each sender to one, with failover)."""
    ensure_free(port, "网关", host)
    child_env = {**(env or os.environ), "POLICYBOT_RASA_URL": rasa_url}
    command = [sys.executable, "-m", "uvicorn", "connectors.app:create_app", "--factory",
               "--host", host, "--port", str(port), "--timeout-graceful-shutdown", "5"]
    return _spawn(name, command, child_env, f"http://{host}:{port}/healthz", log_dir)


def start_replicas(count: int, model: Path, *, kb_dir: Path | None, env: Mapping[str, str], host: str = "127.0.0.1",
                   gateway_port: int = 8000, rasa_port: int = 5005, actions_port: int = 5055,
                   log_dir: Path = LOG_DIR, token: str | None = None) -> list[Service]:
    """``count`` action servers, Rasa servers and gateways on one machine (ports counting up from the given
    ones), sharing PostgreSQL and Redis through ``env`` (see ``shared_env``): Rasa ``i`` calls action server
    ``i``; every gateway knows every Rasa server. Returned in start order; ``stop_all`` stops them."""
    running: list[Service] = []
    rasa_urls = ",".join(f"http://{host}:{rasa_port + i}" for i in range(count))
    try:
        for i in range(count):
            running.append(start_actions(actions_port + i, kb_dir=kb_dir, env=env, log_dir=log_dir / f"actions-{i}"))
        for i in range(count):
            running.append(start_rasa(model, host=host, port=rasa_port + i, token=token, env=env,
                                      actions_url=f"http://127.0.0.1:{actions_port + i}/webhook",
                                      log_dir=log_dir / f"rasa-{i}"))
        for i in range(count):
            running.append(start_gateway(host=host, port=gateway_port + i, rasa_url=rasa_urls, env=env,
                                         log_dir=log_dir, name=f"gateway-{i}"))
            if i == 0:  # the first gateway migrates the shared database; the others then find it current
                wait_ready(running[-1:], timeout=120)
    except BaseException:
        stop_all(running)
        raise
    return running


def wait_ready(services: list[Service], timeout: float = 180.0) -> float:
    """Poll each service's readiness URL until it answers 2xx; returns seconds waited.

    Rasa's /status only answers once the model is loaded (TensorFlow import takes 40-60 s here).
    """
    started = time.monotonic()
    pending = list(services)
    with httpx.Client(timeout=2.0) as client:
        while pending:
            for service in list(pending):
                if not service.alive():
                    raise ServiceError(f"{service.name} 启动失败，日志 {service.log}:\n{service.log_tail()}")
                try:
                    if client.get(service.ready_url).is_success:
                        pending.remove(service)
                except httpx.HTTPError:
                    pass
            if pending and time.monotonic() - started > timeout:
                names = ", ".join(s.name for s in pending)
                raise ServiceError(f"{names} 在 {timeout:.0f} 秒内未就绪；日志在 {pending[0].log}")
            if pending:
                time.sleep(0.5)
    return time.monotonic() - started


def stop_all(services: list[Service]) -> None:
    """Stop in reverse start order: the gateway first, the action server last."""
    for service in reversed(services):
        service.stop()
