"""Load and soak benchmark: mixed web + WeChat (safe mode, simulator) + staff console traffic against a whole
deployment, bounded and self-stopping, counting what users would notice: answers lost, answers doubled.

    .venv/bin/python -m bench.bench_soak                                   # all three topologies, 60 s each
    .venv/bin/python -m bench.bench_soak --topology sqlite --duration 600  # the 10-minute soak of one row
    .venv/bin/python -m bench.bench_soak --model var/test-model/policybot.tar.gz   # skip training

Topologies (gateway × Rasa × action server): ``sqlite`` 1×1×1 on SQLite, ``postgres`` 1×1×1 on PostgreSQL
(127.0.0.1:5432, a throwaway database), ``replicas`` 2×2×2 on PostgreSQL + Redis (127.0.0.1:6379, a key prefix
of its own) started by ``bot.services.start_replicas`` exactly as ``policybot run --replicas 2`` does.

Load, for ``--duration`` seconds: ``--web`` widget clients (a new session every 4 messages; every 10th message
is resent with the same client_id, as a widget does after a lost response), ``--wechat`` 公众号 clients (each
message from a new user, signed and encrypted like WeChat, 5 s timeout, 3 tries), one staff member in the
console (polls the queue every 2 s, takes over one WeChat user every 5 s and writes to them; the simulated
CS API refuses the first try of every message with -1). Then it waits (at most ``--drain`` s) for late answers.

Lost = a user message without a delivered answer (not handed to staff), or a staff reply never shown;
duplicate = a second answer turn to one message, a resent client_id starting a new turn, or one text shown twice
to a WeChat user. Memory = resident set size of each process at the start and the end.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.bench_gateway import OA, QUESTIONS
from bench.stats import percentile
from bot import services, training
from connectors.conversation import BOT_PENDING
from tests.connectors.servers import serve
from tests.connectors.simulator import OfficialAccountPusher, WeChatAPISimulator

POSTGRES_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
REDIS = "redis://127.0.0.1:6379/0"
TOPOLOGIES = ("sqlite", "postgres", "replicas")


@dataclass
class Tally:
    latencies_ms: list[float] = field(default_factory=list)
    sent: int = 0
    errors: int = 0
    resend_duplicates: int = 0
    wechat_users: list[str] = field(default_factory=list)
    staff_texts: list[str] = field(default_factory=list)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def memory(running: list[services.Service]) -> dict[str, float]:
    kinds: dict[str, float] = {}
    for service in running:
        kind = service.name.split("-")[0]
        kinds[kind] = kinds.get(kind, 0.0) + rss_mb(service.process.pid)
    return kinds


async def web_client(url: str, deadline: float, tally: Tally, worker: int) -> None:
    async with httpx.AsyncClient(timeout=60) as client:
        n = 0
        session = ""
        while time.monotonic() < deadline:
            if n % 4 == 0:
                session = f"soak{worker}x{uuid.uuid4().hex[:12]}"
            body = {"session": session, "text": QUESTIONS[n % len(QUESTIONS)], "client_id": f"c{n}"}
            started = time.perf_counter()
            try:
                response = await client.post(f"{url}/web/messages", json=body)
                tally.sent += 1
                if response.status_code != 200:
                    tally.errors += 1
                else:
                    tally.latencies_ms.append(1000 * (time.perf_counter() - started))
                    if n % 10 == 9:  # the widget lost the response and sends the message again
                        again = (await client.post(f"{url}/web/messages", json=body)).json()
                        tally.resend_duplicates += again["inbound_id"] != response.json()["inbound_id"]
            except httpx.HTTPError:
                tally.errors += 1
            n += 1


async def wechat_client(url: str, deadline: float, tally: Tally, worker: int) -> None:
    pusher = OfficialAccountPusher(url + "/wechat/oa", token=OA["token"], appid=OA["appid"], aes_key=OA["aes_key"])
    n = 0
    while time.monotonic() < deadline:
        openid = f"oSoak{worker}x{uuid.uuid4().hex[:10]}"
        xml = pusher.text(openid, QUESTIONS[n % len(QUESTIONS)], msg_id=int(uuid.uuid4().int % 10**15))
        started = time.perf_counter()
        push = await asyncio.to_thread(pusher.push, xml)
        tally.sent += 1
        tally.wechat_users.append(openid)
        if push.reply is not None:
            tally.latencies_ms.append(1000 * (time.perf_counter() - started))
        elif not push.attempts or push.attempts[-1].status != 200:
            tally.errors += 1
        n += 1


async def console_client(urls: list[str], deadline: float, tally: Tally) -> None:
    from connectors.console import auth

    async with httpx.AsyncClient(base_url=urls[-1], timeout=60) as client:
        login = (await client.post("/console/api/login", json={"username": "soak", "password": STAFF_PASSWORD})).json()
        headers = {auth.CSRF_HEADER: login["csrf_token"]}
        next_reply = time.monotonic() + 5
        while time.monotonic() < deadline:
            await client.get("/console/api/queue")
            if time.monotonic() >= next_reply and len(tally.wechat_users) > len(tally.staff_texts):
                openid = tally.wechat_users[len(tally.staff_texts)]
                taken = await client.post("/console/api/takeover", headers=headers,
                                          json={"sender_id": f"wechat:{OA['appid']}:{openid}"})
                if taken.status_code == 200:
                    text = f"工作人员回复#{len(tally.staff_texts)}"
                    tally.staff_texts.append(text)
                    await client.post(f"/console/api/conversations/{taken.json()['id']}/messages", headers=headers,
                                      json={"text": text})
                next_reply = time.monotonic() + 5
            await asyncio.sleep(2)


STAFF_PASSWORD = "soak-bench-password-7d1"


def count(database_url: str, sim: WeChatAPISimulator, tally: Tally) -> tuple[int, int]:
    """(lost, duplicates) over every user message of the run.

    From the log: a user message the bot must answer is lost when no bot reply to it was delivered (``sent``)
    and it was not handed to staff; it is doubled when its bot replies come from more than one turn (one turn
    may say several messages). From WeChat's side: a text shown twice to one user is doubled, a staff reply
    never shown is lost."""
    from sqlalchemy import select

    from connectors.db import Database
    from connectors.models import Message

    db = Database(database_url)
    rows = db.run_sync(lambda s: list(s.scalars(select(Message).order_by(Message.id))))
    db.dispose()
    turns: dict[int, set] = {}
    delivered: set[int] = set()
    for row in rows:
        if row.direction == "out" and row.reply_to is not None and row.author == "bot":
            turns.setdefault(row.reply_to, set()).add(row.created_at)
            if row.status == "sent":
                delivered.add(row.reply_to)
    lost = duplicates = 0
    for row in rows:
        if row.direction == "in" and row.turn_state is not None:
            lost += row.id not in delivered and row.turn_state != "staff"
            duplicates += len(turns.get(row.id, ())) > 1
    shown: dict[str, list[str]] = {}
    for call in sim.calls:
        if call["ok"] and call["path"] == "/cgi-bin/message/custom/send":
            shown.setdefault(call["json"]["touser"], []).append(call["json"]["text"]["content"])
    for texts in shown.values():
        duplicates += sum(texts.count(t) - 1 for t in set(texts) if t != BOT_PENDING)
    every_shown = [t for texts in shown.values() for t in texts]
    lost += sum(every_shown.count(text) == 0 for text in tally.staff_texts)
    return lost, duplicates


def start(topology: str, model: Path, kb: Path | None, work: Path, api_base: str, database_url: str) -> list:
    env = {**os.environ, "POLICYBOT_CONFIG": str(work / "absent.toml"), "POLICYBOT_DATABASE_URL": database_url,
           "POLICYBOT_WECHAT_OA_TOKEN": OA["token"], "POLICYBOT_WECHAT_OA_APPID": OA["appid"],
           "POLICYBOT_WECHAT_OA_SECRET": OA["secret"], "POLICYBOT_WECHAT_OA_AES_KEY": OA["aes_key"],
           "POLICYBOT_WECHAT_API_BASE": api_base, "POLICYBOT_SERVICE_HOURS": "always",
           "POLICYBOT_DELIVERY_RETRY_S": "1", "POLICYBOT_RATE_LIMIT_WEB_IP": "100000/minute",
           "POLICYBOT_RATE_LIMIT_WEB_SESSION": "100000/minute",
           **services.tracker_env(), "POLICYBOT_TRACKER_DB": str(work / "tracker.db")}
    if topology == "replicas":
        prefix = f"pbsoak{uuid.uuid4().hex[:8]}"
        env.update(services.shared_env(database_url, REDIS), POLICYBOT_REDIS_KEY_PREFIX=prefix,
                   POLICYBOT_LOCK_STORE_PREFIX=prefix)
        return services.start_replicas(2, model, kb_dir=kb, env=env, gateway_port=free_pair(),
                                       rasa_port=free_pair(), actions_port=free_pair(), log_dir=work)
    actions_port, rasa_port = services.free_port(), services.free_port()
    running = [services.start_actions(actions_port, kb_dir=kb, env=env, log_dir=work)]
    running.append(services.start_rasa(model, host="127.0.0.1", port=rasa_port, env=env, log_dir=work,
                                       actions_url=f"http://127.0.0.1:{actions_port}/webhook"))
    running.append(services.start_gateway(host="127.0.0.1", port=services.free_port(),
                                          rasa_url=f"http://127.0.0.1:{rasa_port}", env=env, log_dir=work))
    return running


def free_pair() -> int:
    while True:
        port = services.free_port()
        try:
            services.ensure_free(port + 1, "bench")
            return port
        except services.ServiceError:
            continue


def database(topology: str, work: Path) -> tuple[str, object]:
    """The gateway database URL and a function that drops it afterwards."""
    if topology == "sqlite":
        return f"sqlite:///{work / 'gateway.db'}", lambda: None
    from sqlalchemy import create_engine, text

    name = f"policybot_soak_{uuid.uuid4().hex[:8]}"
    admin = create_engine(POSTGRES_ADMIN, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", drop


def run(topology: str, args: argparse.Namespace, model: Path) -> str:
    work = Path(tempfile.mkdtemp(prefix=f"bench-soak-{topology}-"))
    sim = WeChatAPISimulator(appid=OA["appid"], secret=OA["secret"])
    sim.fail_first_try = True
    database_url, drop = database(topology, work)
    running: list[services.Service] = []
    try:
        with serve(sim.app) as api_base:
            running = start(topology, model, args.kb, work, api_base, database_url)
            services.wait_ready(running, timeout=900)
            from connectors.console import auth
            from connectors.db import Database

            db = Database(database_url)
            db.run_sync(lambda s: auth.create_staff(s, "soak", STAFF_PASSWORD, "agent"))
            db.dispose()
            urls = [s.ready_url.rsplit("/", 1)[0] for s in running if s.name.startswith("gateway")]
            before = memory(running)
            tally = Tally()
            started = time.monotonic()
            deadline = started + args.duration

            async def load() -> None:
                clients = [web_client(urls[i % len(urls)], deadline, tally, i) for i in range(args.web)]
                clients += [wechat_client(urls[i % len(urls)], deadline, tally, i) for i in range(args.wechat)]
                await asyncio.gather(*clients, console_client(urls, deadline, tally))

            asyncio.run(load())
            elapsed = time.monotonic() - started
            drain_until = time.monotonic() + args.drain
            while time.monotonic() < drain_until and count(database_url, sim, tally)[0]:
                time.sleep(2)
            lost, duplicates = count(database_url, sim, tally)
            after = memory(running)
    finally:
        services.stop_all(running)
        drop()
    mem = ", ".join(f"{kind} {before.get(kind, 0):.0f}→{after.get(kind, 0):.0f}" for kind in sorted(after))
    lat = tally.latencies_ms or [0.0]
    shape = {"sqlite": "1×1×1 SQLite", "postgres": "1×1×1 PostgreSQL", "replicas": "2×2×2 PostgreSQL+Redis"}
    return (f"| {shape[topology]} | {elapsed:.0f} s | {tally.sent} | {tally.sent / elapsed:.1f} | "
            f"{statistics.median(lat):.0f} / {percentile(lat, 0.95):.0f} / {percentile(lat, 0.99):.0f} | "
            f"{tally.errors} | {lost} | {duplicates + tally.resend_duplicates} | {mem} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--topology", choices=(*TOPOLOGIES, "all"), default="all")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load per topology (soak: 600)")
    parser.add_argument("--drain", type=float, default=120.0, help="most seconds to wait for late answers")
    parser.add_argument("--web", type=int, default=2, help="concurrent widget clients")
    parser.add_argument("--wechat", type=int, default=1, help="concurrent 公众号 clients")
    parser.add_argument("--kb", type=Path, default=None)
    parser.add_argument("--model", type=Path, default=None, help="trained model to serve (default: train)")
    args = parser.parse_args()
    model = args.model or training.train().model
    topologies = TOPOLOGIES if args.topology == "all" else (args.topology,)
    print(f"{os.cpu_count()} CPUs; every process on this machine; loopback only", file=sys.stderr)
    print("| topology (gw×Rasa×actions) | load | user messages | msg/s | p50 / p95 / p99 ms | errors | lost | "
          "duplicates | RSS MB start→end |")
    print("|---|---|---|---|---|---|---|---|---|")
    for topology in topologies:
        print(run(topology, args, model), flush=True)


if __name__ == "__main__":
    main()
