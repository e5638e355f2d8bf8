"""Issue 10's "Done when" checks against a gateway started the way operators start it (`policybot serve`), in
production mode, on PostgreSQL and Redis. Prints one line per check with its numbers; exit code 1 if any fails.

    .venv/bin/python -m tests.connectors.security.check_gateway [--rasa]

The bot behind the gateway is the Rasa REST test peer (answers at once), so the chat latency measured is the
gateway's own; ``--rasa`` also starts the real Rasa server with a token and checks ``ps`` never shows it.
Not collected by pytest (the name does not start with ``test_``): it starts its own processes and takes ~1 min.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from sqlalchemy import create_engine, text

from bot.services import free_port
from connectors.wechat import xmlcodec
from connectors.wechat.crypto import signature

ROOT = Path(__file__).resolve().parents[3]
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
OA_TOKEN = "check-oa-token-6b1f0e2d"
RASA_TOKEN = "check-rasa-token-" + secrets.token_hex(8)
ADMIN_PASSWORD = "check-admin-pass-42"
TEN_MB = 10 * 1024 * 1024
results: list[bool] = []


def report(ok: bool, line: str) -> None:
    results.append(ok)
    print(("PASS " if ok else "FAIL ") + line, flush=True)


def wait_http(url: str, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code < 500:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def declared_body_status(base: str, path: str) -> tuple[int, float]:
    """Announce a 10 MB body, send none of it, and time the answer."""
    host, port = base.removeprefix("http://").split(":")
    started = time.monotonic()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"POST {path} HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
                     f"Content-Length: {TEN_MB}\r\n\r\n".encode())
        head = sock.recv(4096).decode("latin-1")
    return int(head.split()[1]), time.monotonic() - started


def oa_push(base: str, body: bytes, timestamp: int, nonce: str) -> int:
    params = {"signature": signature(OA_TOKEN, str(timestamp), nonce), "timestamp": str(timestamp),
              "nonce": nonce, "openid": "oCheck"}
    return httpx.post(base + "/wechat/oa", params=params, content=body, timeout=10).status_code


async def flood(base: str, count: int) -> list[int]:
    async with httpx.AsyncClient(timeout=60) as client:
        responses = await asyncio.gather(*(client.post(
            base + "/console/api/login", headers={"X-Forwarded-For": f"203.0.113.{i % 3 + 10}"},
            json={"username": "admin", "password": f"wrong-password-{i}"}) for i in range(count)))
    return [r.status_code for r in responses]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa", action="store_true", help="also start the real Rasa server and inspect ps")
    args = parser.parse_args()

    schema = f"policybot_check_{secrets.token_hex(4)}"
    admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    peer_port, gateway_port = free_port(), free_port()
    env = {**os.environ,
           "POLICYBOT_ENVIRONMENT": "production", "POLICYBOT_PUBLIC_URL": "https://zwfw.example.gov.cn",
           "POLICYBOT_DATABASE_URL": f"{POSTGRES}?options=-csearch_path%3D{schema}",
           "POLICYBOT_REDIS_URL": "redis://127.0.0.1:6379/0", "POLICYBOT_REDIS_KEY_PREFIX": f"check-{schema}",
           "POLICYBOT_RASA_URL": f"http://127.0.0.1:{peer_port}", "POLICYBOT_RASA_TOKEN": RASA_TOKEN,
           "POLICYBOT_WEB_TOKEN_SECRET": secrets.token_hex(32), "POLICYBOT_WECHAT_OA_TOKEN": OA_TOKEN,
           "POLICYBOT_WECHAT_OA_APPID": "wxcheck000000001", "POLICYBOT_WECHAT_OA_ALLOW_PLAINTEXT": "true",
           "POLICYBOT_STAFF_PASSWORD": ADMIN_PASSWORD, "POLICYBOT_REMINDER_POLL_S": "3600"}
    policybot = [str(ROOT / ".venv" / "bin" / "policybot")]
    subprocess.run([*policybot, "staff", "add", "admin", "--role", "admin"], env=env, check=True, cwd=ROOT,
                   capture_output=True)
    key = subprocess.run([*policybot, "apikey", "add", "check"], env=env, check=True, cwd=ROOT,
                         capture_output=True, text=True).stdout.strip().splitlines()[-1]
    serve_peer = ("import uvicorn; from tests.connectors.conftest import RasaPeer; "
                  f"uvicorn.run(RasaPeer().app, port={peer_port}, log_level='warning')")
    peer = subprocess.Popen([sys.executable, "-c", serve_peer], cwd=ROOT, env=env)
    gateway = subprocess.Popen([*policybot, "serve", "--port", str(gateway_port)], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{gateway_port}"
    try:
        wait_http(f"http://127.0.0.1:{peer_port}/status")
        wait_http(base + "/healthz")
        run_checks(base, key)
        if args.rasa:
            check_rasa_argv(env)
    finally:
        gateway.terminate()
        peer.terminate()
        gateway.wait(timeout=20)
        peer.wait(timeout=20)
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
    print(f"{sum(results)}/{len(results)} checks passed")
    return 0 if all(results) else 1


def run_checks(base: str, key: str) -> None:
    auth = {"Authorization": f"Bearer {key}"}
    # 1. 10 MB bodies: 413 before the body is read
    for path in ("/web/messages", "/web/stream-token", "/api/chat", "/wechat/oa", "/wechat/work", "/wechat/work/kf",
                 "/console/api/login"):
        status, elapsed = declared_body_status(base, path)
        report(status == 413 and elapsed < 1.0, f"10 MB body to {path}: {status} after {elapsed * 1000:.0f} ms, "
                                                "none of the body sent")

    # 2. 30 parallel wrong logins: /api/chat keeps answering, the admin still logs in
    admin_ip = {"X-Forwarded-For": "198.51.100.7"}
    first = httpx.post(base + "/console/api/login", headers=admin_ip,
                       json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=30)
    latencies: list[float] = []
    stop = threading.Event()
    baseline = measure_without_flood(base, auth)

    def probe() -> None:
        with httpx.Client(timeout=10) as client:
            n = 0
            while not stop.is_set():
                n += 1
                started = time.monotonic()
                client.post(base + "/api/chat", headers={**auth, "X-Forwarded-For": f"192.0.2.{n % 200 + 1}"},
                            json={"sender": f"probe-{n}", "message": "你好"})
                latencies.append(time.monotonic() - started)
                moments.append(started)
                time.sleep(0.05)

    moments: list[float] = []
    prober = threading.Thread(target=probe)
    prober.start()
    time.sleep(0.5)
    flood_started = time.monotonic()
    statuses = asyncio.run(flood(base, 30))
    flood_s = time.monotonic() - flood_started
    time.sleep(0.5)
    stop.set()
    prober.join()
    again = httpx.post(base + "/console/api/login", headers=admin_ip,
                       json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=30)
    new_place = httpx.post(base + "/console/api/login", headers={"X-Forwarded-For": "198.51.100.99"},
                           json={"username": "admin", "password": ADMIN_PASSWORD}, timeout=30)
    ordered = sorted(latencies)
    slowest = sorted(zip(latencies, moments, strict=True), reverse=True)[:3]
    print("  slowest chat calls (s, started s after the flood began):",
          [(round(lat, 2), round(at - flood_started, 2)) for lat, at in slowest])
    report(max(latencies) < 1.0 and again.status_code == 200 and first.status_code == 200,
           f"30 parallel wrong logins ({flood_s:.1f} s; answers {statuses.count(401)}×401, {statuses.count(429)}×429, "
           f"{sum(s >= 500 for s in statuses)}×5xx): /api/chat during the flood n={len(latencies)} "
           f"p50 {ordered[len(ordered) // 2] * 1000:.0f} ms, max {ordered[-1] * 1000:.0f} ms (same probe without a "
           f"flood: p50 {baseline[len(baseline) // 2] * 1000:.0f} ms, max {baseline[-1] * 1000:.0f} ms); admin login before "
           f"{first.status_code}, after {again.status_code} (known IP), {new_place.status_code} (new IP)")

    # 3. plaintext-mode WeChat callback replayed with a 10-minute-old timestamp
    xml = xmlcodec.build({"ToUserName": "gh_check", "FromUserName": "oCheck", "CreateTime": int(time.time()),
                          "MsgType": "text", "Content": "申报什么时候截止？", "MsgId": "9001"}).encode()
    now, nonce = int(time.time()), secrets.token_hex(4)
    fresh = oa_push(base, xml, now, nonce)
    resent = oa_push(base, xml, now, nonce)  # WeChat's own retry: same body
    forged = oa_push(base, xml.replace("申报什么时候截止".encode(), "转人工".encode()), now, nonce)
    old = oa_push(base, xml, int(time.time()) - 600, secrets.token_hex(4))
    report(fresh == 200 and resent == 200 and old == 403 and forged == 403,
           f"plaintext callback: fresh {fresh}, resent {resent}, 10-minute-old timestamp {old}, same timestamp and "
           f"nonce with another body {forged}")

    # 4. 200 rapid /api/chat calls from one client
    with httpx.Client(timeout=10, headers={**auth, "X-Forwarded-For": "198.51.100.50"}) as client:
        codes = [client.post(base + "/api/chat", json={"sender": "rapid", "message": "你好"}) for _ in range(200)]
    first_429 = next((i for i, r in enumerate(codes) if r.status_code == 429), None)
    statuses = [r.status_code for r in codes]
    retry_after = codes[first_429].headers.get("Retry-After") if first_429 is not None else None
    report(first_429 == 30 and set(statuses[:30]) == {200} and set(statuses[30:]) == {429},
           f"200 rapid /api/chat: {statuses.count(200)}×200 then {statuses.count(429)}×429 (first 429 at call "
           f"{first_429 + 1 if first_429 is not None else '-'}, limit 30/minute per sender, Retry-After {retry_after} s)")


def measure_without_flood(base: str, auth: dict, seconds: float = 4.0) -> list[float]:
    """The chat probe's latencies with nothing else going on: this machine's own noise."""
    latencies = []
    with httpx.Client(timeout=10) as client:
        end = time.monotonic() + seconds
        n = 0
        while time.monotonic() < end:
            n += 1
            started = time.monotonic()
            client.post(base + "/api/chat", headers={**auth, "X-Forwarded-For": f"192.0.2.{n % 200 + 1}"},
                        json={"sender": f"baseline-{n}", "message": "你好"})
            latencies.append(time.monotonic() - started)
            time.sleep(0.05)
    return sorted(latencies)


def check_rasa_argv(env: dict) -> None:
    from bot import services

    port = free_port()
    rasa = services.start_rasa(ROOT / "var" / "no-model", host="127.0.0.1", port=port,
                               actions_url="http://127.0.0.1:5055/webhook", token=RASA_TOKEN, env=env,
                               log_dir=ROOT / "var" / "log" / "check")
    actions_port = free_port()
    actions = services.start_actions(actions_port, kb_dir=None, env=env, log_dir=ROOT / "var" / "log" / "check")
    try:
        wait_http(f"http://127.0.0.1:{actions_port}/health", 120)
        deadline = time.monotonic() + 180
        up = False
        while time.monotonic() < deadline and not up:
            try:
                up = httpx.get(f"http://127.0.0.1:{port}/", timeout=1).status_code == 200
            except httpx.HTTPError:
                time.sleep(1)
        listing = subprocess.run(["ps", "-eo", "pid,args", "--width", "4000"], capture_output=True, text=True, check=True).stdout
        rasa_lines = [line for line in listing.splitlines() if "rasa" in line and "run" in line]
        authed = httpx.get(f"http://127.0.0.1:{port}/status", params={"token": RASA_TOKEN}, timeout=5).status_code
        anonymous = httpx.get(f"http://127.0.0.1:{port}/status", timeout=5).status_code
        report(up and RASA_TOKEN not in listing and bool(rasa_lines) and anonymous == 401 and authed != 401,
               f"Rasa up: {up}; ps shows {len(rasa_lines)} Rasa process line(s), token in ps: "
               f"{RASA_TOKEN in listing}; /status without token {anonymous}, with token {authed}")
        sockets = subprocess.run(["ss", "-ltn"], capture_output=True, text=True, check=True).stdout
        bound = [line.split()[3] for line in sockets.splitlines()[1:] if line.split()[3].endswith(f":{actions_port}")]
        report(bound == [f"127.0.0.1:{actions_port}"], f"action server listens on {bound}")
    finally:
        services.stop_all([actions, rasa])


if __name__ == "__main__":
    sys.exit(main())
