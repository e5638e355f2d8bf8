"""Gateway commands of ``policybot``: ``serve``, ``db upgrade`` and the console's ``staff`` (thin wrappers)."""

from __future__ import annotations

import argparse

from connectors.console.cli import register_staff


def register(subparsers: argparse._SubParsersAction) -> None:
    serve = subparsers.add_parser("serve", help="run the web/WeChat gateway only (Rasa must already run)",
                                  description="Run the FastAPI gateway (web widget, WeChat OA, WeCom).")
    serve.add_argument("--host", default=None, help="bind address (default: POLICYBOT_GATEWAY_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, default=None, help="port (default: POLICYBOT_GATEWAY_PORT or 8000)")
    serve.set_defaults(handler=_serve)

    db = subparsers.add_parser("db", help="gateway database maintenance",
                               description="Gateway database maintenance (POLICYBOT_DATABASE_URL).")
    db_commands = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    upgrade = db_commands.add_parser("upgrade", help="apply pending schema migrations",
                                     description="Apply every pending schema migration of the gateway database.")
    upgrade.set_defaults(handler=_db_upgrade)
    register_staff(subparsers)


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from connectors.settings import get_settings

    settings = get_settings()
    host = args.host or settings.gateway_host
    port = args.port or settings.gateway_port
    print(f"policybot gateway: demo page http://{host}:{port}/  (API docs http://{host}:{port}/docs)")
    uvicorn.run("connectors.app:create_app", factory=True, host=host, port=port, log_level="info")
    return 0


def _db_upgrade(args: argparse.Namespace) -> int:
    from connectors.db import upgrade
    from connectors.settings import get_settings

    url = get_settings().database_url
    upgrade(url)
    print(f"gateway database at {url.split('@')[-1]} is up to date")
    return 0
