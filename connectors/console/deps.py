"""Console dependencies: who is logged in (401 otherwise), CSRF on unsafe methods (403), admin role (403)."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, status

from connectors.console import auth
from connectors.handoff import HandoffService
from connectors.services import Services
from connectors.settings import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def session_policy(settings: Settings) -> auth.SessionPolicy:
    return auth.SessionPolicy(
        idle=timedelta(minutes=settings.console_session_idle_minutes),
        max_age=timedelta(hours=settings.console_session_max_hours),
    )


def cookie_secure(app: FastAPI) -> bool:
    settings: Settings = app.state.settings
    if settings.console_cookie_secure is not None:
        return settings.console_cookie_secure
    return settings.environment == "production"


async def optional_login(request: Request) -> auth.Login | None:
    """The login behind the request's cookie (its idle expiry slides), or None."""
    token = request.cookies.get(auth.COOKIE_NAME, "")
    if not token:
        return None
    services: Services = request.app.state.services
    policy = session_policy(request.app.state.settings)
    return await services.db.run(lambda s: auth.resume_session(s, token, policy))


async def require_login(request: Request, login: Annotated[auth.Login | None, Depends(optional_login)]) -> auth.Login:
    """Every console API route: 401 without a live login; 403 when an unsafe request lacks the CSRF token."""
    if login is None:
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, "请先登录", headers={"WWW-Authenticate": "Cookie"})
    if request.method not in SAFE_METHODS and not auth.csrf_matches(login, request.headers.get(auth.CSRF_HEADER)):
        raise HTTPException(status.HTTP_403_FORBIDDEN, "CSRF 校验失败，请刷新页面后重试")
    return login


async def require_admin(login: Annotated[auth.Login, Depends(require_login)]) -> auth.Login:
    if not login.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "需要管理员权限")
    return login


async def require_editor(login: Annotated[auth.Login, Depends(require_login)]) -> auth.Login:
    if not login.is_editor:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "需要知识库编辑权限")
    return login


def get_handoff(request: Request) -> HandoffService:
    return request.app.state.handoff


LoginDep = Annotated[auth.Login, Depends(require_login)]
AdminDep = Annotated[auth.Login, Depends(require_admin)]
EditorDep = Annotated[auth.Login, Depends(require_editor)]
OptionalLoginDep = Annotated[auth.Login | None, Depends(optional_login)]
HandoffDep = Annotated[HandoffService, Depends(get_handoff)]
