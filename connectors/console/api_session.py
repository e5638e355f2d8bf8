"""Console login, logout, the current staff member, and (admins) staff accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlalchemy import select

from connectors.console import auth
from connectors.console.deps import AdminDep, LoginDep, cookie_secure, session_policy
from connectors.console.models import Staff
from connectors.console.schemas import AccountOut, ErrorOut, LoginIn, LoginOut, StaffIn, StaffOut
from connectors.deps import ServicesDep
from connectors.models import as_utc

router = APIRouter(prefix="/api")
UNAUTHORIZED = {401: {"model": ErrorOut, "description": "Not logged in (or the login expired)."}}
FORBIDDEN = {403: {"model": ErrorOut, "description": "Missing/wrong X-CSRF-Token, or the role does not allow it."}}


def staff_out(login: auth.Login) -> StaffOut:
    return StaffOut(id=login.staff_id, username=login.username, name=login.name, role=login.role)


@router.post("/login", responses={**UNAUTHORIZED, **FORBIDDEN})
async def login(body: LoginIn, request: Request, response: Response, services: ServicesDep) -> LoginOut:
    """Log in with a staff account; sets the session cookie and returns the CSRF token for later requests."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.url.netloc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "不允许从其他网站登录")
    policy = session_policy(request.app.state.settings)

    def work(session):
        staff = auth.authenticate(session, body.username, body.password)
        return auth.open_session(session, staff, policy) if staff else None

    opened = await services.db.run(work)
    if opened is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "用户名或密码错误（连续失败 5 次将锁定 5 分钟）")
    token, session_login = opened
    response.set_cookie(
        auth.COOKIE_NAME, token, max_age=int(policy.max_age.total_seconds()), path="/console",
        httponly=True, samesite="strict", secure=cookie_secure(request.app),
    )
    return LoginOut(staff=staff_out(session_login), csrf_token=session_login.csrf_token)


@router.post("/logout", status_code=204, responses={**UNAUTHORIZED, **FORBIDDEN})
async def logout(current: LoginDep, request: Request, response: Response, services: ServicesDep) -> None:
    """End this login on every replica at once (the session is deleted server-side)."""
    await services.db.run(lambda s: auth.end_session(s, current.session_id))
    response.delete_cookie(auth.COOKIE_NAME, path="/console", httponly=True, samesite="strict",
                           secure=cookie_secure(request.app))


@router.get("/me", responses=UNAUTHORIZED)
async def me(current: LoginDep) -> LoginOut:
    """Who is logged in, with the CSRF token (the console page reads it after a reload)."""
    return LoginOut(staff=staff_out(current), csrf_token=current.csrf_token)


@router.get("/staff", responses={**UNAUTHORIZED, **FORBIDDEN})
async def list_staff(current: AdminDep, services: ServicesDep) -> list[AccountOut]:
    """Admins only: every staff account."""
    rows = await services.db.run(lambda s: list(s.scalars(select(Staff).order_by(Staff.id))))
    return [_account(r) for r in rows]


@router.post("/staff", status_code=201, responses={**UNAUTHORIZED, **FORBIDDEN, 422: {"model": ErrorOut}})
async def create_staff(body: StaffIn, current: AdminDep, services: ServicesDep) -> AccountOut:
    """Admins only: add a staff account."""
    try:
        row = await services.db.run(
            lambda s: auth.create_staff(s, body.username, body.password, body.role, body.display_name)
        )
    except auth.AuthError as exc:
        raise HTTPException(422, str(exc)) from exc
    return _account(row)


def _account(row: Staff) -> AccountOut:
    return AccountOut(id=row.id, username=row.username, name=row.name, role=row.role, active=row.active,
                      last_login_at=as_utc(row.last_login_at))
