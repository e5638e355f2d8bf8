"""End-to-end latency through Rasa's REST channel, and the action server's own round trip.

    .venv/bin/python -m bench.bench_rasa                 # starts its own action + Rasa servers on var/kb
    .venv/bin/python -m bench.bench_rasa --kb DIR        # ... on another knowledge base
    .venv/bin/python -m bench.bench_rasa --rasa http://127.0.0.1:5005 --actions http://127.0.0.1:5055

Sends ``--n`` (default 200) mixed Chinese questions, each conversation a few turns long, after a
warm-up; then calls ``action_answer`` directly on the action server (target p95 ≤ 100 ms).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
import uuid
from pathlib import Path

import httpx
import yaml

from bench.stats import percentile
from bot import services, training

QUESTIONS = [
    "技术改造专项啥时候截止", "那要交什么材料", "最多能补多少钱", "在哪个平台申报", "联系电话是多少",
    "科技小巨人申报条件是什么", "小巨人给多少钱", "高企第五批截止时间", "珠海科普专题咨询电话",
    "现在有哪些可以申报的项目", "徐汇区有什么人工智能扶持政策", "嘉定创新创业活动材料寄到哪里",
    "贷款贴息怎么申请", "算力券是什么", "今天天气怎么样", "你好", "谢谢", "专精特新推荐什么时候报",
    "企业技术中心评价要什么条件", "特色产业集群申报时间", "转人工",
]
WARMUP = 10


def bench_webhook(client: httpx.Client, rasa_url: str, n: int) -> list[float]:
    timings: list[float] = []
    sender, previous = "", ""
    for i in range(WARMUP + n):
        question = QUESTIONS[i % len(QUESTIONS)]
        if i % 5 == 0 or previous == "转人工":  # conversations of ~5 turns; a paused one answers nothing
            sender = f"api:bench-{uuid.uuid4().hex[:8]}"
        previous = question
        started = time.perf_counter()
        client.post(f"{rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": question}).raise_for_status()
        if i >= WARMUP:
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def bench_action(client: httpx.Client, actions_url: str, n: int) -> list[float]:
    """POST the action server's /webhook the way Rasa does, for action_answer on varied questions."""
    domain = yaml.safe_load((training.ROOT / "domain.yml").read_text(encoding="utf-8"))
    timings: list[float] = []
    for i in range(WARMUP + n):
        question = QUESTIONS[i % len(QUESTIONS)]
        body = {
            "next_action": "action_answer", "sender_id": "bench", "version": "3.6.21", "domain": domain,
            "tracker": {
                "sender_id": "bench", "slots": {}, "events": [], "paused": False, "active_loop": {},
                "latest_action_name": "action_listen", "followup_action": None,
                "latest_message": {"text": question, "intent": {"name": "ask_notice", "confidence": 1.0},
                                   "entities": []},
            },
        }
        started = time.perf_counter()
        client.post(f"{actions_url}/webhook", json=body).raise_for_status()
        if i >= WARMUP:
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def row(name: str, values: list[float]) -> str:
    return (f"| {name:<32} | {len(values):>4} | {statistics.median(values):>7.1f} | "
            f"{percentile(values, 0.95):>7.1f} | {max(values):>7.1f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=200)
    parser.add_argument("--kb", type=Path, default=None)
    parser.add_argument("--rasa", default=None, help="use a running Rasa server instead of starting one")
    parser.add_argument("--actions", default=None, help="use a running action server")
    args = parser.parse_args()

    running: list[services.Service] = []
    try:
        rasa_url, actions_url = args.rasa, args.actions
        if rasa_url is None or actions_url is None:
            model = training.train().model
            work = training.ROOT / "var" / "bench"
            env = {**os.environ, **services.tracker_env(), "POLICYBOT_TRACKER_DB": str(work / "tracker.db")}
            actions_port, rasa_port = services.free_port(), services.free_port()
            running.append(services.start_actions(actions_port, kb_dir=args.kb, env=env, log_dir=work))
            running.append(services.start_rasa(model, host="127.0.0.1", port=rasa_port, env=env, log_dir=work,
                                               actions_url=f"http://127.0.0.1:{actions_port}/webhook"))
            startup = services.wait_ready(running, timeout=300)
            print(f"servers ready in {startup:.1f} s")
            rasa_url, actions_url = f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}"
        with httpx.Client(timeout=60) as client:
            webhook = bench_webhook(client, rasa_url, args.n)
            action = bench_action(client, actions_url, args.n)
        print("| measurement                      |    n | p50 ms  | p95 ms  | max ms  |")
        print("|----------------------------------|------|---------|---------|---------|")
        print(row("REST webhook (end to end)", webhook))
        print(row("action_answer round trip", action))
    finally:
        services.stop_all(running)


if __name__ == "__main__":
    main()
