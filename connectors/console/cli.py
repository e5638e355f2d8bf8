"""``policybot staff …``: manage console accounts (the first admin is created here).

Passwords come from an interactive prompt or ``POLICYBOT_STAFF_PASSWORD``, never from the command line, where
they would end up in shell history and process listings.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys

PASSWORD_ENV = "POLICYBOT_STAFF_PASSWORD"
ROLE_NAMES = {"agent": "坐席", "editor": "知识库编辑", "admin": "管理员"}


def register_staff(subparsers: argparse._SubParsersAction) -> None:
    staff = subparsers.add_parser(
        "staff", help="manage staff console accounts",
        description="Manage staff console accounts in the gateway database (POLICYBOT_DATABASE_URL).",
    )
    commands = staff.add_subparsers(dest="staff_command", required=True, metavar="ACTION")

    add = commands.add_parser(
        "add", help="create an account",
        description=f"Create a console account. The password is asked for interactively, or read from "
                    f"${PASSWORD_ENV} when set (for scripts).",
    )
    add.add_argument("username")
    add.add_argument("--role", choices=("agent", "editor", "admin"), default="agent",
                     help="editor may keep documents, facts and FAQ; admin may also manage accounts")
    add.add_argument("--name", default="", help="display name shown to colleagues (default: the username)")
    add.set_defaults(handler=_add)

    passwd = commands.add_parser("passwd", help="set a new password (ends the account's logins)",
                                 description=f"Set a new password, from a prompt or ${PASSWORD_ENV}.")
    passwd.add_argument("username")
    passwd.set_defaults(handler=_passwd)

    for name, active in (("disable", False), ("enable", True)):
        sub = commands.add_parser(name, help=f"{name} an account", description=f"{name.capitalize()} an account.")
        sub.add_argument("username")
        sub.set_defaults(handler=lambda args, active=active: _set_active(args, active))

    logins = commands.add_parser("logins", help="show the login audit log",
                                 description="Recent console login attempts, newest first (outcome ok, failed or "
                                             "throttled; the name as typed; the client IP).")
    logins.add_argument("--limit", type=int, default=50, help="how many attempts (default 50)")
    logins.add_argument("--json", action="store_true", help="machine-readable output")
    logins.set_defaults(handler=_logins)

    listing = commands.add_parser("list", help="list accounts", description="List console accounts.")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    listing.set_defaults(handler=_list)


def _add(args: argparse.Namespace) -> int:
    from connectors.console import auth

    password = _password()
    staff = run_in_gateway_db(lambda s: auth.create_staff(s, args.username, password, args.role, args.name))
    print(f"已创建{ROLE_NAMES[args.role]}账号 {staff.username}")
    return 0


def _passwd(args: argparse.Namespace) -> int:
    from connectors.console import auth

    password = _password()
    run_in_gateway_db(lambda s: auth.set_password(s, args.username, password))
    print(f"已更新 {args.username} 的密码")
    return 0


def _set_active(args: argparse.Namespace, active: bool) -> int:
    from connectors.console import auth

    run_in_gateway_db(lambda s: auth.set_active(s, args.username, active))
    print(f"已{'启用' if active else '停用'}账号 {args.username}")
    return 0


def _list(args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from connectors.console.models import Staff

    rows = run_in_gateway_db(lambda s: [
        {"username": r.username, "name": r.name, "role": r.role, "active": r.active}
        for r in s.scalars(select(Staff).order_by(Staff.id))
    ])
    return print_rows(rows, args.json, lambda r: (r["username"], r["role"], "启用" if r["active"] else "停用", r["name"]))


def _logins(args: argparse.Namespace) -> int:
    from connectors.console import throttle

    rows = run_in_gateway_db(lambda s: [
        {"at": r.at.isoformat(), "username": r.username, "ip": r.ip, "outcome": r.outcome, "user_agent": r.user_agent}
        for r in throttle.recent(s, args.limit)
    ])
    return print_rows(rows, args.json, lambda r: (r["at"], r["outcome"], r["username"], r["ip"]))


def _password() -> str:
    password = os.environ.get(PASSWORD_ENV)
    if password:
        return password
    if not sys.stdin.isatty():
        raise SystemExit(f"policybot staff: no terminal to ask for the password; set {PASSWORD_ENV}")
    first = getpass.getpass("密码: ")
    if getpass.getpass("再次输入密码: ") != first:
        raise SystemExit("policybot staff: the two passwords differ")
    return first


def print_rows(rows: list[dict], as_json: bool, columns) -> int:
    """Print a listing command's rows: one JSON array, or one tab-separated line per row from ``columns(row)``."""
    if as_json:
        print(json.dumps(rows, ensure_ascii=False))
    else:
        for row in rows:
            print("\t".join(str(value) for value in columns(row)))
    return 0


def run_in_gateway_db(work):
    """Run ``work(session)`` against the configured gateway database, migrating it first."""
    from connectors.db import Database
    from connectors.settings import get_settings

    db = Database(get_settings().database_url)
    try:
        db.upgrade()
        return db.run_sync(work)
    finally:
        db.dispose()
