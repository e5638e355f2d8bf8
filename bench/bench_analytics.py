"""Analytics page data on a large generated message log (target: ≤ 500 ms on SQLite and PostgreSQL).

    .venv/bin/python -m bench.bench_analytics                    # 1 M messages, SQLite file under var/bench
    .venv/bin/python -m bench.bench_analytics --postgres         # the same on the local PostgreSQL (a fresh database)
    .venv/bin/python -m bench.bench_analytics --messages 200000  # smaller

Data: bench/analytics_data.py (a question and an answer per user, offers and handoffs mixed in), spread over
120 days. Then the rollup job's backfill (``connectors.console.rollup.catch_up``) is timed, first up to the day
before the last one — the page then counts that last day from the messages, as it does "today" — and then to the
end. Timed: ``connectors.console.analytics.report`` for the default 30-day page (with its last day live, and all
rolled up) and for the whole range, each run ``--repeat`` times after one warm-up (median reported).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, make_url, text

from bench.analytics_data import fill
from connectors.console import rollup
from connectors.console.analytics import report
from connectors.db import Database
from connectors.models import ROLLUP_GRACE

ROOT = Path(__file__).resolve().parents[1]
ZONE = "Asia/Shanghai"
DAYS = 120
POSTGRES = os.environ.get("POLICYBOT_TEST_POSTGRES", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def timed(db: Database, start: datetime, end: datetime, repeat: int) -> float:
    db.run_sync(lambda s: report(s, start, end, ZONE))  # warm-up (page cache, plans)
    runs = []
    for _ in range(repeat):
        began = time.perf_counter()
        db.run_sync(lambda s: report(s, start, end, ZONE))
        runs.append((time.perf_counter() - began) * 1000)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1_000_000)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--days", type=int, default=DAYS, help="spread the messages over this many days")
    args = parser.parse_args()
    schema = None
    if args.postgres:
        schema = f"policybot_bench_{os.urandom(4).hex()}"  # a fresh database, dropped at the end
        admin = create_engine(POSTGRES, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{schema}"'))
        url = make_url(POSTGRES).set(database=schema).render_as_string(hide_password=False)
    else:
        # one file per run (two runs at once must not share one database), removed with its -wal/-shm at the end
        path = ROOT / "var" / "bench" / f"analytics-{os.urandom(4).hex()}.db"
        path.parent.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{path}"
    db = Database(url)
    try:
        db.upgrade()
        days = args.days
        per_day = max(1, args.messages // (days * 2.2))  # ≈ 2.2 messages per generated user
        first = datetime(2026, 1, 1, tzinfo=ZoneInfo(ZONE))
        began = time.perf_counter()
        written = fill(db, days=days, users_per_day=int(per_day), start=first)
        if args.postgres:
            db.run_sync(lambda s: s.execute(text("ANALYZE")))
        print(f"{'PostgreSQL' if args.postgres else 'SQLite'}: {written['messages']:,} messages, "
              f"{written['handoffs']:,} handoffs written in {time.perf_counter() - began:.0f} s")
        last = first + timedelta(days=days)
        began = time.perf_counter()
        rolled = rollup.catch_up(db, ZONE, now=last - timedelta(days=1) + ROLLUP_GRACE)
        print(f"  rollup backfill: {rolled} days in {time.perf_counter() - began:.1f} s")
        live_day = timed(db, last - timedelta(days=30), last, args.repeat)
        began = time.perf_counter()
        rolled = rollup.catch_up(db, ZONE, now=last + ROLLUP_GRACE)
        print(f"  rollup of the last day: {rolled} day in {time.perf_counter() - began:.1f} s")
        page = timed(db, last - timedelta(days=30), last, args.repeat)
        whole = timed(db, first, last, args.repeat)
        print(f"  30-day page: {live_day:.0f} ms with its last day ({per_day * 2.2:,.0f} messages) counted live, "
              f"{page:.0f} ms all rolled up (median of {args.repeat}); all {days} days: {whole:.0f} ms")
    finally:
        db.dispose()
        if not schema:
            for leftover in path.parent.glob(path.name + "*"):
                leftover.unlink()
        if schema:
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE "{schema}" WITH (FORCE)'))
            admin.dispose()


if __name__ == "__main__":
    main()
