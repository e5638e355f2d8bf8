"""``policybot db upgrade`` migrates the configured database; errors are one line."""

import os
import subprocess
import sys

import pytest
from sqlalchemy import create_engine, inspect

pytestmark = pytest.mark.integration


def policybot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, timeout=120, check=False,
                          env={**os.environ, **env})


def test_db_upgrade_creates_the_gateway_schema(tmp_path):
    url = f"sqlite:///{tmp_path / 'sub' / 'gateway.db'}"
    out = policybot("db", "upgrade", env={"POLICYBOT_DATABASE_URL": url})
    assert out.returncode == 0, out.stderr
    assert "up to date" in out.stdout
    assert "gateway_messages" in inspect(create_engine(url)).get_table_names()


def test_unreachable_database_is_a_one_line_error():
    out = policybot("db", "upgrade", env={"POLICYBOT_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:9/x"})
    assert out.returncode == 1
    assert out.stderr.startswith("policybot db: error:") and len(out.stderr.strip().splitlines()) == 1
