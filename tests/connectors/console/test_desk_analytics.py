"""Analytics over real HTTP on SQLite and PostgreSQL: per-day counts by channel in the service time zone,
answer outcomes from the bot's offers, handoff rate, time to claim and staff reply time, CSV export."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bench.analytics_data import fill
from connectors.db import Database

pytestmark = pytest.mark.integration
SHANGHAI = ZoneInfo("Asia/Shanghai")


def check_report(gateway) -> None:
    # 2026-11-02 00:00 Shanghai is 2026-11-01 16:00 UTC: the generated users of day 0 start exactly there.
    written = fill(gateway.db, days=3, users_per_day=40, start=datetime(2026, 11, 2, tzinfo=SHANGHAI))
    agent = gateway.agent("wang", "agent")
    data = agent.get("/console/api/analytics", params={"from": "2026-11-02", "to": "2026-11-03"}).json()
    days = {row["day"] for row in data["daily"]}
    assert days == {"2026-11-02", "2026-11-03"}  # day 3 (11-04) is outside the range
    assert sum(row["conversations"] for row in data["daily"]) == 80
    assert sum(row["user"] for row in data["daily"]) == 80
    assert {row["channel"] for row in data["daily"]} == {"web", "wechat", "wecom"}
    assert data["outcomes"]["unanswerable"] == 16 and data["outcomes"]["handed_off"] == 8
    assert data["outcomes"]["answered"] == 80 - 16 - 8
    assert data["handoffs"]["rate"] == 0.1
    assert data["handoffs"]["time_to_claim"]["median_s"] == 60.0
    assert data["handoffs"]["staff_reply"]["median_s"] == 30.0
    assert written["messages"] == 3 * 40 * 2 + written["handoffs"]

    csv = agent.get("/console/api/analytics.csv", params={"chart": "daily", "from": "2026-11-02", "to": "2026-11-02"})
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("日期,渠道") and all(line.startswith("2026-11-02") for line in lines[1:])
    assert agent.get("/console/api/analytics", params={"from": "2026-11-03", "to": "2026-11-01"}).status_code == 422


def test_analytics_on_sqlite(console_gateway):
    check_report(console_gateway())


def test_analytics_on_postgresql(console_gateway, postgres_url):
    Database(postgres_url).upgrade()
    check_report(console_gateway(database_url=postgres_url))
