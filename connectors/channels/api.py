"""The plain HTTP channel (integrations, tests) plus health and readiness probes.

``/api/chat`` is open in development; in production it needs an API key (``Authorization: Bearer pbk_…``, see
``policybot apikey add``) or is switched off. A keyed caller's senders live in its own namespace
(``api:<key name>.<sender>``), so a caller can only continue its own conversations.
"""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text

from connectors import apikeys, senders
from connectors.deps import ClientIpDep, GuardsDep, ServicesDep, SettingsDep
from connectors.errors import RasaUnavailable
from connectors.models import Status
from connectors.textcheck import SafeText

log = logging.getLogger(__name__)
router = APIRouter(tags=["api"])


class ChatRequest(BaseModel):
    sender: str = Field(..., min_length=1, max_length=200, description="caller id; sent to Rasa as api:<sender>")
    message: SafeText = Field(..., min_length=1, max_length=20_000)


class ChatMessage(BaseModel):
    id: int | None
    text: str
    buttons: list[dict[str, str]] = []
    image: str | None = None


class ChatResponse(BaseModel):
    messages: list[ChatMessage]
    handed_off: bool = False


class ErrorOut(BaseModel):
    detail: str


async def api_caller(request: Request, settings: SettingsDep, services: ServicesDep,
                     authorization: Annotated[str | None, Header()] = None) -> str | None:
    """The API key's name (keys mode), None (open mode); 404 when off, 401 without a valid key."""
    mode = settings.api_chat_mode
    if mode == "off":
        raise HTTPException(404, "此接口未开放")
    if mode == "open":
        return None
    scheme, _, key = (authorization or "").partition(" ")
    name = None
    if scheme.lower() == "bearer" and key:
        name = await services.db.run(lambda s: apikeys.owner(s, key.strip()))
    if name is None:
        raise HTTPException(401, "需要有效的 API 密钥（Authorization: Bearer …）", headers={"WWW-Authenticate": "Bearer"})
    return name


@router.post("/api/chat", response_model=ChatResponse, responses={
    400: {"model": ErrorOut}, 401: {"model": ErrorOut}, 404: {"model": ErrorOut}, 413: {"model": ErrorOut},
    429: {"model": ErrorOut, "description": "Too many requests; see Retry-After."}})
async def chat(body: ChatRequest, services: ServicesDep, settings: SettingsDep, guards: GuardsDep, ip: ClientIpDep,
               caller: Annotated[str | None, Depends(api_caller)]) -> ChatResponse:
    """Send one message to the bot and get its replies."""
    own = body.sender.removeprefix("api:")
    sender = f"api:{caller}.{own}" if caller else f"api:{own}"
    try:
        senders.parse(sender)
    except ValueError as exc:
        raise HTTPException(422, "sender 只能包含字母、数字和 _-@. 字符") from exc
    await guards.limiter.check(settings.rate_limit_api_ip, "api-ip", ip)
    await guards.limiter.check(settings.rate_limit_api_sender, "api-sender", sender)
    turn = await services.conversation.handle_user_message(sender, body.message, reply_status=Status.SENT)
    return ChatResponse(messages=[ChatMessage(**r.to_dict()) for r in turn.replies], handed_off=turn.handed_off)


@router.get("/healthz")
async def health() -> dict[str, str]:
    """Liveness: the process serves requests."""
    return {"status": "ok"}


@router.get("/readyz")
async def ready(services: ServicesDep) -> JSONResponse:
    """Readiness: the database answers and Rasa has a model loaded. Status words only; details go to the log."""
    checks: dict[str, str] = {}
    try:
        await services.db.run(lambda s: s.execute(text("SELECT 1")))
        checks["database"] = "ok"
    except Exception:  # any failure means "not ready"; the reason is logged, not shown
        log.exception("readiness: database check failed")
        checks["database"] = "error"
    try:
        status = await services.rasa.status()
        checks["rasa"] = "ok" if status.get("model_file") else "no model"
    except RasaUnavailable as exc:
        log.warning("readiness: Rasa check failed: %s", exc)
        checks["rasa"] = "unreachable"
    ok = all(value == "ok" for value in checks.values())
    return JSONResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)
