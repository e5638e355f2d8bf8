"""Material for improving the bot: the unanswered-question log (JSON and CSV), and the canned replies."""

from __future__ import annotations

import csv
import io
from datetime import datetime

from fastapi import APIRouter, HTTPException, Response

from connectors.console import store
from connectors.console.api_session import FORBIDDEN, UNAUTHORIZED
from connectors.console.deps import AdminDep, LoginDep
from connectors.console.schemas import CannedIn, CannedOut, UnansweredOut
from connectors.deps import ServicesDep

router = APIRouter(prefix="/api")
CSV_HEADER = ("问题", "次数", "提问用户数", "类型", "最近一次")
FORMULA_STARTS = frozenset("=+-@\t\r")


def csv_cell(text: str) -> str:
    """Neutralize a user-written cell against formula injection (OWASP "CSV Injection"): Excel and LibreOffice
    run a cell starting with = + - @ (or a tab/CR before one) as a formula, so such cells get a leading quote."""
    return "'" + text if text[:1] in FORMULA_STARTS else text


@router.get("/unanswered", responses=UNAUTHORIZED)
async def unanswered(current: LoginDep, services: ServicesDep, since: datetime | None = None) -> list[UnansweredOut]:
    """Questions the bot could not answer or users were unhappy with, most frequent first."""
    rows = await services.db.run(lambda s: store.unanswered_ranking(s, since=since))
    return [UnansweredOut(**row) for row in rows]


@router.get(
    "/unanswered.csv", responses={**UNAUTHORIZED, 200: {"content": {"text/csv": {}}}}, response_class=Response
)
async def unanswered_csv(current: LoginDep, services: ServicesDep, since: datetime | None = None) -> Response:
    """The same ranking as CSV (UTF-8 with BOM, so Excel shows the Chinese correctly)."""
    rows = await services.db.run(lambda s: store.unanswered_ranking(s, since=since))
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in rows:
        last = row["last_asked_at"].isoformat() if row["last_asked_at"] else ""
        writer.writerow((csv_cell(row["question"]), row["count"], row["senders"], " ".join(row["kinds"]), last))
    return Response(
        "\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="unanswered.csv"'},
    )


@router.get("/canned", responses=UNAUTHORIZED)
async def canned(current: LoginDep, services: ServicesDep) -> list[CannedOut]:
    """Ready-made replies agents can insert into the reply box."""
    rows = await services.db.run(store.canned_replies)
    return [CannedOut(id=r.id, title=r.title, text=r.text) for r in rows]


@router.post("/canned", status_code=201, responses={**UNAUTHORIZED, **FORBIDDEN})
async def add_canned(body: CannedIn, current: AdminDep, services: ServicesDep) -> CannedOut:
    """Admins only: add a canned reply."""
    row = await services.db.run(lambda s: store.add_canned_reply(s, body.title, body.text))
    return CannedOut(id=row.id, title=row.title, text=row.text)


@router.delete("/canned/{reply_id}", status_code=204, responses={**UNAUTHORIZED, **FORBIDDEN})
async def delete_canned(reply_id: int, current: AdminDep, services: ServicesDep) -> None:
    """Admins only: remove a canned reply."""
    if not await services.db.run(lambda s: store.delete_canned_reply(s, reply_id)):
        raise HTTPException(404, "快捷回复不存在")
