"""常见问题: staff-written answers the bot gives to the same question (kept by the knowledge desk service)."""

from __future__ import annotations

from fastapi import APIRouter, Response
from pydantic import BaseModel, Field

from connectors.console.api_documents import RESPONSES
from connectors.console.deps import EditorDep, LoginDep
from connectors.console.desk import forward
from connectors.deps import ServicesDep

router = APIRouter(prefix="/api")


class FaqIn(BaseModel):
    question: str = Field(min_length=1, max_length=500, examples=["奖励资金什么时候到账？"])
    answer: str = Field(min_length=1, max_length=4000)
    doc_id: str | None = Field(None, description="The document the answer belongs to, if any.")


@router.get("/faq", responses=RESPONSES)
async def faq(current: LoginDep, services: ServicesDep) -> Response:
    """Every question–answer pair (id, question, answer, doc_id, who, at)."""
    return await forward(services, "GET", "/faq", current.username)


@router.post("/faq", status_code=201, responses={**RESPONSES, 422: {}})
async def add_faq(body: FaqIn, current: EditorDep, services: ServicesDep) -> Response:
    """Editors: add a pair; the bot answers the same question from it at once, citing 常见问题."""
    return await forward(services, "POST", "/faq", current.username, json=body.model_dump())


@router.delete("/faq/{entry_id}", status_code=204, responses={**RESPONSES, 404: {}})
async def remove_faq(entry_id: int, current: EditorDep, services: ServicesDep) -> Response:
    return await forward(services, "DELETE", f"/faq/{entry_id}", current.username)
