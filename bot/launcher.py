"""``policybot train`` and ``policybot run``: thin commands over bot.training and bot.services.

Hosts, ports, the Rasa token and the startup timeout come from the one settings object
(``knowledge.config.settings``: POLICYBOT_RASA_HOST, _RASA_PORT, _ACTIONS_PORT, _GATEWAY_HOST,
_GATEWAY_PORT, _RASA_TOKEN, _STARTUP_TIMEOUT; README "Configuration"); the tracker store is configured
by POLICYBOT_TRACKER_* (endpoints.yml, read by Rasa itself).
"""

from __future__ import annotations

import argparse
import os
import signal
import time
from pathlib import Path

from bot import services, training
from knowledge.config import settings


def register(subparsers: argparse._SubParsersAction) -> None:
    train = subparsers.add_parser(
        "train", help="train the Rasa model (skipped when nothing changed)",
        description="Train the Rasa model. It does not depend on the knowledge base, so one model serves any KB.",
    )
    train.add_argument("--force", action="store_true", help="retrain even if the model is up to date")
    train.set_defaults(handler=run_train)

    run = subparsers.add_parser(
        "run", help="run the bot: action server, Rasa server and gateway",
        description="Start the action server, the Rasa server and the gateway; Ctrl-C stops them all. "
        "Ports and hosts: POLICYBOT_RASA_HOST/POLICYBOT_RASA_PORT (127.0.0.1:5005), POLICYBOT_ACTIONS_PORT (5055), "
        "POLICYBOT_GATEWAY_HOST/POLICYBOT_GATEWAY_PORT (127.0.0.1:8000); POLICYBOT_RASA_TOKEN protects Rasa's API.",
    )
    run.add_argument("--kb", type=Path, default=None, help="knowledge base directory (default: $POLICYBOT_KB_DIR or var/kb)")
    run.add_argument("--no-gateway", action="store_true", help="do not start the web/WeChat gateway")
    run.add_argument("--replicas", type=int, default=1, metavar="N",
                     help="start N gateways (ports 8000, 8001, …), N Rasa servers and N action servers sharing "
                          "PostgreSQL ($POLICYBOT_DATABASE_URL) and Redis ($POLICYBOT_REDIS_URL); for tests and demos")
    run.set_defaults(handler=run_bot)


def run_train(args: argparse.Namespace) -> int:
    result = training.train(force=args.force)
    if result.trained:
        print(f"模型已训练：{result.model}（{result.seconds:.0f} 秒）")
    else:
        print(f"训练数据未变化，沿用模型 {result.model}（用 --force 强制重新训练）")
    return 0


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM behaves like Ctrl-C so that the same cleanup stops every child process group."""
    raise KeyboardInterrupt


def run_bot(args: argparse.Namespace) -> int:
    kb_dir = args.kb.resolve() if args.kb else None
    model = training.train().model  # the model never depends on the KB: no retraining per KB
    config = settings()
    rasa_host, rasa_port, actions_port = config.rasa_host, config.rasa_port, config.actions_port
    gateway_host, gateway_port = config.gateway_host, config.gateway_port
    token = config.rasa_token.get_secret_value() if config.rasa_token else None
    timeout = config.startup_timeout
    rasa_url = f"http://{rasa_host}:{rasa_port}"

    signal.signal(signal.SIGTERM, _interrupt)  # SIGINT already raises KeyboardInterrupt

    started = time.monotonic()
    running: list[services.Service] = []
    try:
        if args.replicas > 1:
            return _run_replicas(args.replicas, model, kb_dir, token, timeout, running)
        os.environ.update(services.desk_env(config.desk_port))  # the desk and the gateway share its token
        running.append(services.start_actions(actions_port, kb_dir=kb_dir))
        running.append(services.start_desk(config.desk_port, kb_dir=kb_dir))
        running.append(services.start_rasa(
            model, host=rasa_host, port=rasa_port, token=token,
            actions_url=f"http://127.0.0.1:{actions_port}/webhook",
        ))
        if not args.no_gateway and (training.ROOT / "connectors" / "app.py").exists():
            running.append(services.start_gateway(host=gateway_host, port=gateway_port, rasa_url=rasa_url))
        elif not args.no_gateway:
            print("未找到网关 connectors/app.py，仅启动 Rasa 与动作服务器")
        print("正在启动（Rasa 加载模型约需 1 分钟）… 日志目录：", services.LOG_DIR)
        services.wait_ready(running, timeout=timeout)
        print(f"已就绪（{time.monotonic() - started:.0f} 秒）")
        if any(s.name == "gateway" for s in running):
            print(f"  网页演示：http://{gateway_host}:{gateway_port}/")
        print(f"  Rasa REST：POST {rasa_url}/webhooks/rest/webhook  {{\"sender\": \"…\", \"message\": \"…\"}}")
        print(f"  动作服务器：http://127.0.0.1:{actions_port}/webhook")
        print(f"  知识库服务：http://127.0.0.1:{config.desk_port}（仅供网关的员工控制台使用）")
        _watch(running)
    except KeyboardInterrupt:
        print("正在停止…")
        return 0
    finally:
        services.stop_all(running)


def _watch(running: list[services.Service]) -> None:
    print("按 Ctrl-C 停止。")
    while True:
        dead = next((s for s in running if not s.alive()), None)
        if dead is not None:
            raise services.ServiceError(f"{dead.name} 意外退出，日志 {dead.log}:\n{dead.log_tail()}")
        time.sleep(1.0)


def _run_replicas(count: int, model: Path, kb_dir: Path | None, token: str | None, timeout: float,
                  running: list[services.Service]) -> int:
    """``run --replicas N``: N × (action server, Rasa, gateway) on PostgreSQL + Redis (bot.services)."""
    env = {**os.environ, **services.shared_env(os.environ.get("POLICYBOT_DATABASE_URL", ""),
                                              os.environ.get("POLICYBOT_REDIS_URL", ""))}
    config = settings()
    env.update(services.desk_env(config.desk_port))
    running.append(services.start_desk(config.desk_port, kb_dir=kb_dir, env=env))
    running.extend(services.start_replicas(
        count, model, kb_dir=kb_dir, env=env, host=config.gateway_host, gateway_port=config.gateway_port,
        rasa_port=config.rasa_port, actions_port=config.actions_port, token=token))
    print(f"正在启动 {count} 组服务（每个 Rasa 加载模型约需 1 分钟）… 日志目录：", services.LOG_DIR)
    services.wait_ready(running, timeout=timeout * 2)
    for i in range(count):
        print(f"  网关 {i + 1}：http://{config.gateway_host}:{config.gateway_port + i}/")
    _watch(running)
    return 0
