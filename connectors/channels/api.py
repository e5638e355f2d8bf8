"""The plain HTTP channel (integrations, tests) plus health and readiness probes."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from sqlalchemy import text

from connectors import senders
from connectors.deps import ServicesDep
from connectors.errors import RasaUnavailable
from connectors.models import Status

router = APIRouter(tags=["api"])


class ChatRequest(BaseModel):
    sender: str = Field(..., min_length=1, max_length=200, description="caller id; sent to Rasa as api:<sender>")
    message: str = Field(..., min_length=1, max_length=20_000)


class ChatMessage(BaseModel):
    id: int | None
    text: str
    buttons: list[dict[str, str]] = []
    image: str | None = None


class ChatResponse(BaseModel):
    messages: list[ChatMessage]
    handed_off: bool = False


@router.post("/api/chat", response_model=ChatResponse)
async def chat(body: ChatRequest, services: ServicesDep) -> ChatResponse:
    """Send one message to the bot and get its replies."""
    sender = body.sender if body.sender.startswith("api:") else f"api:{body.sender}"
    try:
        senders.parse(sender)
    except ValueError as exc:
        raise HTTPException(422, "sender 只能包含字母、数字和 _-@. 字符") from exc
    turn = await services.conversation.handle_user_message(sender, body.message, reply_status=Status.SENT)
    return ChatResponse(messages=[ChatMessage(**r.to_dict()) for r in turn.replies], handed_off=turn.handed_off)


@router.get("/healthz")
async def health() -> dict[str, str]:
    """Liveness: the process serves requests."""
    return {"status": "ok"}


@router.get("/readyz")
async def ready(services: ServicesDep) -> JSONResponse:
    """Readiness: the database answers and Rasa has a model loaded."""
    checks: dict[str, str] = {}
    try:
        await services.db.run(lambda s: s.execute(text("SELECT 1")))
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - reported to the caller, not swallowed
        checks["database"] = f"error: {exc}"
    try:
        status = await services.rasa.status()
        checks["rasa"] = "ok" if status.get("model_file") else "no model loaded"
    except RasaUnavailable as exc:
        checks["rasa"] = f"error: {exc}"
    ok = all(value == "ok" for value in checks.values())
    return JSONResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status_code=200 if ok else 503)
