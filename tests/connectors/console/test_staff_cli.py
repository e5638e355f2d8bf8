"""``policybot staff add USERNAME --role agent|admin``: the first admin is created from the command line,
with the password from a prompt or POLICYBOT_STAFF_PASSWORD, never from the arguments."""

from __future__ import annotations

import argparse
import json
import sys

import pytest

from connectors.console import auth
from connectors.console.cli import PASSWORD_ENV, register_staff
from connectors.db import Database
from connectors.settings import get_settings
from tests.connectors.console.conftest import PASSWORD


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="policybot")
    register_staff(root.add_subparsers(dest="command", required=True))
    return root


@pytest.fixture
def database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'gateway.db'}"
    monkeypatch.setenv("POLICYBOT_DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def run(*argv: str) -> int:
    args = parser().parse_args(argv)
    return args.handler(args)


@pytest.mark.unit
def test_staff_add_creates_a_working_login_with_the_password_from_the_environment(database, monkeypatch, capsys):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    assert run("staff", "add", "chief", "--role", "admin", "--name", "王主任") == 0
    assert "管理员" in capsys.readouterr().out
    db = Database(database)
    try:
        staff = db.run_sync(lambda s: auth.authenticate(s, "chief", PASSWORD))
        assert (staff.role, staff.name) == ("admin", "王主任")
    finally:
        db.dispose()
    assert run("staff", "list", "--json") == 0
    assert json.loads(capsys.readouterr().out) == [
        {"username": "chief", "name": "王主任", "role": "admin", "active": True}]


@pytest.mark.unit
def test_password_on_the_command_line_is_not_accepted(database):
    with pytest.raises(SystemExit):
        parser().parse_args(["staff", "add", "chief", "--password", PASSWORD])


@pytest.mark.unit
def test_without_a_terminal_or_environment_password_it_refuses(database, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: False)
    with pytest.raises(SystemExit, match=PASSWORD_ENV):
        run("staff", "add", "chief")


@pytest.mark.unit
def test_prompted_password_must_be_typed_twice_the_same(database, monkeypatch):
    monkeypatch.delenv(PASSWORD_ENV, raising=False)
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    answers = iter([PASSWORD, PASSWORD + "typo"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    with pytest.raises(SystemExit, match="differ"):
        run("staff", "add", "chief")


@pytest.mark.unit
def test_weak_password_is_refused(database, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, "short")
    with pytest.raises(auth.AuthError):
        run("staff", "add", "chief")


@pytest.mark.unit
def test_disable_ends_access(database, monkeypatch):
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    run("staff", "add", "temp")
    assert run("staff", "disable", "temp") == 0
    db = Database(database)
    try:
        assert db.run_sync(lambda s: auth.authenticate(s, "temp", PASSWORD)) is None
    finally:
        db.dispose()


@pytest.mark.unit
@pytest.mark.parametrize("action", ["add", "passwd", "disable", "enable", "list"])
def test_every_staff_action_has_help(action, capsys):
    with pytest.raises(SystemExit) as exited:
        parser().parse_args(["staff", action, "--help"])
    assert exited.value.code == 0 and "usage: policybot staff" in capsys.readouterr().out
