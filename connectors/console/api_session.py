"""Console login, logout, the current staff member, and (admins) staff accounts."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, HTTPException, Request, Response, status
from sqlalchemy import select

from connectors.console import auth
from connectors.console import login as console_login
from connectors.console.deps import AdminDep, LoginDep, cookie_secure, session_policy
from connectors.console.models import Staff
from connectors.console.schemas import AccountOut, ErrorOut, LoginIn, LoginOut, StaffIn, StaffOut
from connectors.deps import ClientIpDep, GuardsDep, ServicesDep
from connectors.models import as_utc

router = APIRouter(prefix="/api")
UNAUTHORIZED = {401: {"model": ErrorOut, "description": "Not logged in (or the login expired)."}}
TOO_MANY = {429: {"model": ErrorOut, "description": "Too many attempts; wait Retry-After seconds."}}
FORBIDDEN = {403: {"model": ErrorOut, "description": "Missing/wrong X-CSRF-Token, or the role does not allow it."}}


def staff_out(login: auth.Login) -> StaffOut:
    return StaffOut(id=login.staff_id, username=login.username, name=login.name, role=login.role)


@router.post("/login", responses={**UNAUTHORIZED, **FORBIDDEN, **TOO_MANY})
async def login(body: LoginIn, request: Request, response: Response, services: ServicesDep, guards: GuardsDep,
                ip: ClientIpDep) -> LoginOut:
    """Log in with a staff account; sets the session cookie and returns the CSRF token for later requests.

    Per-IP and per-account rate limits, then the (account, IP) backoff, then the password check in its own
    small thread pool (never inside a database session); every attempt lands in the login audit log."""
    origin = request.headers.get("origin")
    if origin and urlsplit(origin).netloc != request.url.netloc:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "不允许从其他网站登录")
    settings = request.app.state.settings
    await guards.limiter.check(settings.rate_limit_login_ip, "login-ip", ip, "登录尝试过于频繁，请 {seconds} 秒后再试")
    await guards.limiter.check(settings.rate_limit_login_account, "login-account", body.username.lower(),
                               "该账号登录尝试过于频繁，请 {seconds} 秒后再试")
    policy = session_policy(settings)
    try:
        token, session_login = await console_login.attempt(
            services.db, guards.passwords, body.username, body.password, ip=ip,
            user_agent=request.headers.get("user-agent", ""), policy=policy)
    except console_login.LoginFailed as exc:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "用户名或密码错误（多次失败后需等待一段时间才能再试）") from exc
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
    return [account_out(r) for r in rows]


@router.post("/staff", status_code=201, responses={**UNAUTHORIZED, **FORBIDDEN, 422: {"model": ErrorOut}})
async def create_staff(body: StaffIn, current: AdminDep, services: ServicesDep) -> AccountOut:
    """Admins only: add a staff account."""
    try:
        row = await services.db.run(
            lambda s: auth.create_staff(s, body.username, body.password, body.role, body.display_name)
        )
    except auth.AuthError as exc:
        raise HTTPException(422, str(exc)) from exc
    return account_out(row)


def account_out(row: Staff) -> AccountOut:
    return AccountOut(id=row.id, username=row.username, name=row.name, role=row.role, active=row.active,
                      last_login_at=as_utc(row.last_login_at))
