"""``GET /console/api/analytics``: how the bot is doing over a date range (every chart's data), and CSV."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Query, Response

from connectors.console import analytics
from connectors.console.api_insights import csv_cell
from connectors.console.api_session import UNAUTHORIZED
from connectors.console.deps import LoginDep
from connectors.deps import ServicesDep

router = APIRouter(prefix="/api")
DEFAULT_DAYS = 30
MAX_DAYS = 366


def _range(start: date | None, end: date | None, timezone: str) -> tuple[datetime, datetime]:
    """[from 00:00, the day after ``to`` 00:00) in the service zone; default: the last 30 days."""
    zone = ZoneInfo(timezone)
    end = end or datetime.now(zone).date()
    start = start or end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end or (end - start).days >= MAX_DAYS:
        raise HTTPException(422, f"日期范围无效（最多 {MAX_DAYS} 天）")
    return datetime.combine(start, time(0), zone), datetime.combine(end + timedelta(days=1), time(0), zone)


async def _report(services: Any, start: date | None, end: date | None) -> dict[str, Any]:
    timezone = services.settings.timezone
    lower, upper = _range(start, end, timezone)
    return await services.db.run(lambda s: analytics.report(s, lower, upper, timezone))


@router.get("/analytics", responses=UNAUTHORIZED)
async def analytics_data(
    current: LoginDep, services: ServicesDep,
    start: Annotated[date | None, Query(alias="from")] = None, end: Annotated[date | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    """Conversations and messages per day and channel, answer outcomes, handoff rate, time to claim, staff
    reply time, answers by the outcome the bot recorded, most asked programmes and 👎 count for ``from``–``to``
    (dates in the service time zone, both included)."""
    return await _report(services, start, end)


@router.get("/analytics.csv", responses={**UNAUTHORIZED, 200: {"content": {"text/csv": {}}}},
            response_class=Response)
async def analytics_csv(
    current: LoginDep, services: ServicesDep, chart: Annotated[str, Query(pattern="^(daily|outcomes|answers|programmes|handoffs)$")],
    start: Annotated[date | None, Query(alias="from")] = None, end: Annotated[date | None, Query(alias="to")] = None,
) -> Response:
    """One chart's data as CSV (UTF-8 with BOM for Excel)."""
    data = await _report(services, start, end)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if chart == "daily":
        writer.writerow(("日期", "渠道", "会话数", "用户消息", "机器人消息", "人工消息"))
        for row in data["daily"]:
            writer.writerow((row["day"], csv_cell(row["channel"]), row["conversations"], row["user"], row["bot"],
                             row["staff"]))
    elif chart == "outcomes":
        writer.writerow(("结果", "次数"))
        writer.writerows(data["outcomes"].items())
    elif chart == "answers":
        writer.writerow(("回答结果", "次数"))
        writer.writerows(data["answers"].items())
    elif chart == "programmes":
        writer.writerow(("文件", "被问次数"))
        writer.writerows((csv_cell(row["title"]), row["count"]) for row in data["programmes"])
    else:
        handoffs = data["handoffs"]
        writer.writerow(("指标", "值"))
        writer.writerows([("转人工次数", handoffs["count"]), ("会话数", handoffs["conversations"]),
                          ("转人工率", handoffs["rate"]),
                          ("接入用时中位数（秒）", handoffs["time_to_claim"]["median_s"]),
                          ("人工首次回复用时中位数（秒）", handoffs["staff_reply"]["median_s"])])
    return Response("\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="analytics-{chart}.csv"'})
