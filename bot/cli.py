"""The ``policybot`` command: one argparse tree assembled from each package's thin command module.

Each package contributes ``register(subparsers)``; a command's handler receives the parsed
namespace and returns an exit code. Imports stay light: heavy work happens inside handlers.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from bot import launcher
from connectors import cli as connectors_cli
from connectors import redaction
from knowledge import cli as knowledge_cli


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policybot",
        description="policybot: answers companies' questions about industrial-policy support from ingested documents.",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    subparsers = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    knowledge_cli.register(subparsers)
    launcher.register(subparsers)
    connectors_cli.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    redaction.install()  # -v logs httpx URLs; tokens and secrets in them are masked
    try:
        return int(args.handler(args) or 0)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        if args.verbose:
            raise
        print(f"policybot {args.command}: error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
