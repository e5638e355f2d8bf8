"""The console's HTML: the login page (public) and the console page and its assets (login required;
a logged-out browser is redirected to the login page)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from connectors.console.deps import LoginDep, OptionalLoginDep
from connectors.console.schemas import Resolution

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ROOT / "static" / "console"
ASSET_NAMES = frozenset({"console.js", "console.css", "knowledge.js", "knowledge.css", "analytics.js", "analytics.css",
                         "admin.js"})
templates = Jinja2Templates(directory=ROOT / "templates")
RESOLUTION_LABELS = {
    Resolution.RESOLVED: "已解决", Resolution.FOLLOW_UP: "需回访", Resolution.REFERRED: "已转相关部门",
    Resolution.NO_REPLY_NEEDED: "无需回复", Resolution.INVALID: "无效咨询",
}

# Staff pages are never cached and never framed by another site (clickjacking).
PAGE_HEADERS = {"Cache-Control": "no-store", "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin"}

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
async def console_page(request: Request, current: OptionalLoginDep) -> Response:
    if current is None:
        return RedirectResponse("/console/login", status_code=303)
    return templates.TemplateResponse(
        request, "console/index.html", {"login": current, "resolutions": RESOLUTION_LABELS},
        headers=PAGE_HEADERS,
    )


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request, current: OptionalLoginDep) -> Response:
    if current is not None:
        return RedirectResponse("/console/", status_code=303)
    return templates.TemplateResponse(request, "console/login.html", {}, headers=PAGE_HEADERS)


@router.get("/assets/{name}")
async def asset(name: str, current: LoginDep) -> FileResponse:
    if name not in ASSET_NAMES:
        raise HTTPException(404, "不存在")
    return FileResponse(ASSETS / name, headers={"Cache-Control": "no-cache"})
