"""Gateway benchmarks: overhead of /api/chat over Rasa REST, WeChat OA round trip, sustained throughput.

    .venv/bin/python -m bench.bench_gateway                 # starts its own action + Rasa servers on var/kb
    .venv/bin/python -m bench.bench_gateway --kb DIR        # ... on another knowledge base
    .venv/bin/python -m bench.bench_gateway --model var/test-model/policybot.tar.gz   # skip training
    .venv/bin/python -m bench.bench_gateway --rasa http://127.0.0.1:5005   # use a running Rasa

The gateway runs as its own uvicorn process (as in production) on a fresh SQLite file, configured for the
公众号 in safe mode against the WeChat simulator (tests/connectors/simulator.py) on loopback. Everything is
bounded: ``--n`` sequential pairs, ``--n`` OA pushes, ``--burst`` messages at ``--concurrency``.
1. Overhead: the same questions sent alternately to Rasa's REST webhook directly and to /api/chat, so both
   see the same load (target: gateway p50 ≤ 110 % of direct).
2. 公众号 round trip: signed + encrypted push → passive reply, decrypted by wechatpy.
3. Sustained messages/second through /api/chat with ``--concurrency`` clients, errors counted.
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
from pathlib import Path

import httpx

from bench.stats import percentile
from bot import services, training
from tests.connectors.servers import serve
from tests.connectors.simulator import OfficialAccountPusher, WeChatAPISimulator

QUESTIONS = ["你好", "技术改造专项啥时候截止", "科技小巨人申报条件是什么", "珠海科普专题咨询电话", "谢谢",
             "高企第五批截止时间", "在哪个平台申报", "最多能补多少钱"]
WARMUP = 8
OA = {"token": "bench-token-5c2", "appid": "wxbench000000000a", "secret": "bench-secret",
      "aes_key": "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"}


def row(name: str, values: list[float], note: str = "") -> str:
    return (f"| {name:<34} | {len(values):>4} | {statistics.median(values):>7.1f} | "
            f"{percentile(values, 0.95):>7.1f} | {note} |")


def overhead(client: httpx.Client, rasa_url: str, gateway_url: str, n: int) -> tuple[list[float], list[float]]:
    """Alternate direct and gateway requests with the same question (fresh senders, same conversation length)."""
    direct: list[float] = []
    gateway: list[float] = []
    direct_sender = gateway_sender = ""
    for i in range(WARMUP + n):
        question = QUESTIONS[i % len(QUESTIONS)]
        if i % len(QUESTIONS) == 0:
            direct_sender, gateway_sender = f"api:bench-d-{uuid.uuid4().hex[:8]}", f"bench-g-{uuid.uuid4().hex[:8]}"
        for target, timings in ((0, direct), (1, gateway)) if i % 2 else ((1, gateway), (0, direct)):
            started = time.perf_counter()
            if target == 0:
                client.post(f"{rasa_url}/webhooks/rest/webhook",
                            json={"sender": direct_sender, "message": question}).raise_for_status()
            else:
                client.post(f"{gateway_url}/api/chat",
                            json={"sender": gateway_sender, "message": question}).raise_for_status()
            if i >= WARMUP:
                timings.append((time.perf_counter() - started) * 1000)
    return direct, gateway


def oa_round_trips(gateway_url: str, n: int) -> tuple[list[float], int]:
    pusher = OfficialAccountPusher(gateway_url + "/wechat/oa", token=OA["token"], appid=OA["appid"],
                                   aes_key=OA["aes_key"])
    timings: list[float] = []
    passive = 0
    for i in range(WARMUP + n):
        xml = pusher.text(f"oBench{i % 10:04d}", QUESTIONS[i % len(QUESTIONS)], msg_id=10_000_000 + i)
        started = time.perf_counter()
        push = pusher.push(xml)
        elapsed = (time.perf_counter() - started) * 1000
        if i >= WARMUP:
            timings.append(elapsed)
            passive += push.reply is not None
    return timings, passive


async def sustained(gateway_url: str, total: int, concurrency: int) -> tuple[float, int, int]:
    """``total`` messages with ``concurrency`` workers; returns (msgs/s, ok, errors)."""
    queue: asyncio.Queue[int] = asyncio.Queue()
    for i in range(total):
        queue.put_nowait(i)
    ok = errors = 0

    async def worker(client: httpx.AsyncClient, worker_id: int) -> None:
        nonlocal ok, errors
        sender = f"bench-load-{worker_id}-{uuid.uuid4().hex[:6]}"
        while not queue.empty():
            i = queue.get_nowait()
            try:
                response = await client.post(f"{gateway_url}/api/chat",
                                             json={"sender": sender, "message": QUESTIONS[i % len(QUESTIONS)]})
                ok += response.status_code == 200 and bool(response.json()["messages"])
                errors += response.status_code != 200
            except httpx.HTTPError:
                errors += 1

    async with httpx.AsyncClient(timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(worker(client, w) for w in range(concurrency)))
        elapsed = time.perf_counter() - started
    return total / elapsed, ok, errors


def start_gateway(rasa_url: str, api_base: str, work: Path) -> services.Service:
    env = {**os.environ, "POLICYBOT_DATABASE_URL": f"sqlite:///{work / 'gateway.db'}",
           "POLICYBOT_WECHAT_OA_TOKEN": OA["token"], "POLICYBOT_WECHAT_OA_APPID": OA["appid"],
           "POLICYBOT_WECHAT_OA_SECRET": OA["secret"], "POLICYBOT_WECHAT_OA_AES_KEY": OA["aes_key"],
           "POLICYBOT_WECHAT_API_BASE": api_base,
           # the bench measures the bot path from one client; the security rate limits would cap it at 30/minute
           "POLICYBOT_RATE_LIMIT_API_SENDER": "1000000/minute", "POLICYBOT_RATE_LIMIT_API_IP": "1000000/minute"}
    return services.start_gateway(host="127.0.0.1", port=services.free_port(), rasa_url=rasa_url, env=env,
                                  log_dir=work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100, help="sequential samples per latency measurement")
    parser.add_argument("--burst", type=int, default=300, help="messages in the throughput run")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--kb", type=Path, default=None)
    parser.add_argument("--rasa", default=None, help="use a running Rasa server instead of starting one")
    parser.add_argument("--model", type=Path, default=None, help="trained model to serve (default: train)")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-gateway-"))
    running: list[services.Service] = []
    simulator = WeChatAPISimulator(appid=OA["appid"], secret=OA["secret"])
    try:
        rasa_url = args.rasa
        if rasa_url is None:
            model = args.model or training.train().model
            env = {**os.environ, **services.tracker_env(), "POLICYBOT_TRACKER_DB": str(work / "tracker.db")}
            actions_port, rasa_port = services.free_port(), services.free_port()
            running.append(services.start_actions(actions_port, kb_dir=args.kb, env=env, log_dir=work))
            running.append(services.start_rasa(model, host="127.0.0.1", port=rasa_port, env=env, log_dir=work,
                                               actions_url=f"http://127.0.0.1:{actions_port}/webhook"))
            rasa_url = f"http://127.0.0.1:{rasa_port}"
        with serve(simulator.app) as api_base:
            gateway = start_gateway(rasa_url, api_base, work)
            running.append(gateway)
            print(f"servers ready in {services.wait_ready(running, timeout=300):.1f} s", file=sys.stderr)
            gateway_url = gateway.ready_url.rsplit("/", 1)[0]
            with httpx.Client(timeout=60) as client:
                direct, via_gateway = overhead(client, rasa_url, gateway_url, args.n)
            oa, passive = oa_round_trips(gateway_url, args.n)
            rate, ok, errors = asyncio.run(sustained(gateway_url, args.burst, args.concurrency))
        added = statistics.median(via_gateway) / statistics.median(direct) - 1
        added95 = percentile(via_gateway, 0.95) / percentile(direct, 0.95) - 1
        paired = [g - d for g, d in zip(via_gateway, direct, strict=True)]  # same question, back to back
        print(f"{os.cpu_count()} CPUs; all processes on this machine; loopback only")
        print("| measurement                        |    n | p50 ms  | p95 ms  | note |")
        print("|------------------------------------|------|---------|---------|------|")
        print(row("Rasa REST webhook, direct", direct))
        print(row("gateway /api/chat", via_gateway, f"overhead p50 {added:+.1%}, p95 {added95:+.1%}; "
                  f"paired added time p50 {statistics.median(paired):+.1f} ms"))
        print(row("公众号 safe-mode push → reply", oa, f"{passive}/{len(oa)} answered passively"))
        print(f"| sustained /api/chat, {args.concurrency} clients     | {args.burst:>4} | "
              f"{rate:>7.1f} msg/s |  | {ok} answered, {errors} errors |")
    finally:
        services.stop_all(running)


if __name__ == "__main__":
    main()
