"""Every policybot command answers --help (sqlite-utils' habit) and errors are one line."""

import subprocess
import sys

import pytest

from bot.cli import build_parser


def command_names() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return sorted(action.choices)


@pytest.mark.unit
@pytest.mark.parametrize("command", command_names())
def test_every_command_has_help(command):
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", command, "--help"], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr
    assert "usage: policybot" in out.stdout
