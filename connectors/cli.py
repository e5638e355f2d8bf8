"""Gateway commands of ``policybot``: ``serve``, ``db upgrade``, ``apikey`` and the console's ``staff`` (thin wrappers)."""

from __future__ import annotations

import argparse

from connectors.console.cli import print_rows, register_staff, run_in_gateway_db


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

    apikey = subparsers.add_parser("apikey", help="manage /api/chat API keys",
                                   description="Manage the API keys that /api/chat requires in production.")
    key_commands = apikey.add_subparsers(dest="apikey_command", required=True, metavar="ACTION")
    add = key_commands.add_parser("add", help="create a key (printed once)",
                                  description="Create an API key for NAME; it is printed once and stored hashed.")
    add.add_argument("name", help="the caller's name (letters, digits, _ and -); its senders become api:NAME.<id>")
    add.set_defaults(handler=_apikey_add)
    revoke = key_commands.add_parser("revoke", help="revoke a key", description="Revoke NAME's key at once.")
    revoke.add_argument("name")
    revoke.set_defaults(handler=_apikey_revoke)
    listing = key_commands.add_parser("list", help="list keys", description="List API keys (names only).")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_apikey_list)


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


def _apikey_add(args: argparse.Namespace) -> int:
    from connectors import apikeys

    key = run_in_gateway_db(lambda s: apikeys.create(s, args.name))
    print(f"已为 {args.name} 创建 API 密钥（只显示这一次，请妥善保存）：\n{key}")
    return 0


def _apikey_revoke(args: argparse.Namespace) -> int:
    from connectors import apikeys

    run_in_gateway_db(lambda s: apikeys.revoke(s, args.name))
    print(f"已吊销 {args.name} 的 API 密钥")
    return 0


def _apikey_list(args: argparse.Namespace) -> int:
    from connectors import apikeys

    rows = run_in_gateway_db(apikeys.listing)
    return print_rows(rows, args.json, lambda r: (r["name"], r["created_at"], "已吊销" if r["revoked"] else "有效"))
