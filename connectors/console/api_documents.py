"""Documents and their facts, for editors (and admins): upload, list, read, remove; confirm, correct, add and
delete facts. The work happens in the knowledge desk service (``connectors.console.desk``)."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Body, File, Form, Response, UploadFile

from connectors.console.api_session import FORBIDDEN, UNAUTHORIZED
from connectors.console.deps import EditorDep
from connectors.console.desk import forward
from connectors.deps import ServicesDep

router = APIRouter(prefix="/api")
DESK = {503: {"description": "The knowledge desk service is unreachable or misconfigured."}}
RESPONSES = {**UNAUTHORIZED, **FORBIDDEN, **DESK}
FACT_EXAMPLE = {"end": "2026-12-25", "why": "主管部门发布了延期通知"}


def _doc(doc_id: str) -> str:
    return "/documents/" + quote(doc_id, safe="")


@router.get("/documents", responses=RESPONSES)
async def documents(current: EditorDep, services: ServicesDep, q: str = "") -> Response:
    """Every document: title, region, kind, issue date, call status (open/closed/upcoming/unknown) and days
    left, number of facts, of reviewed facts and of reviews made against an older text (``stale``)."""
    return await forward(services, "GET", "/documents", current.username, params={"q": q} if q else None)


@router.post("/documents", status_code=201, responses={**RESPONSES, 413: {}, 422: {}})
async def upload(
    current: EditorDep, services: ServicesDep, file: Annotated[UploadFile, File()],
    title: Annotated[str, Form()] = "", region: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "",
    issued: Annotated[str, Form()] = "", source: Annotated[str, Form()] = "", issuer: Annotated[str, Form()] = "",
    doc_id: Annotated[str, Form()] = "",
) -> Response:
    """Upload one txt/md/html/docx/pdf file (the same file name again, or ``doc_id``, replaces that document). Answers the
    ingest report: ``result`` (added/updated/unchanged), ``sections``, ``chunks``, ``facts`` per kind,
    ``facts_found``, ``warnings``; 422 with the reason when the file has no usable text (e.g. a scanned PDF)."""
    data = {"title": title, "region": region, "kind": kind, "issued": issued, "source": source, "issuer": issuer,
            "doc_id": doc_id}
    content = await file.read()
    files = {"file": (file.filename or "upload", content, file.content_type or "application/octet-stream")}
    return await forward(services, "POST", "/documents", current.username, data=data, files=files)


@router.post("/documents/{doc_id}/reindex", responses={**RESPONSES, 404: {}, 409: {}, 422: {}})
async def reindex(doc_id: str, current: EditorDep, services: ServicesDep) -> Response:
    """Extract the document again from its stored file (e.g. after an extractor update); reviews are kept."""
    return await forward(services, "POST", f"{_doc(doc_id)}/reindex", current.username)


@router.get("/documents/{doc_id}", responses={**RESPONSES, 404: {}})
async def document(doc_id: str, current: EditorDep, services: ServicesDep) -> Response:
    """Metadata, text, sections, and ``fact_items`` per kind: each fact in the shape of ``policybot facts
    --json`` with its ``fact_id`` and source ``span`` (``span.reviewed`` once a person checked it), and the
    latest ``reviews`` (who, when, why, ``stale``)."""
    return await forward(services, "GET", _doc(doc_id), current.username)


@router.delete("/documents/{doc_id}", status_code=204, responses={**RESPONSES, 404: {}})
async def remove(doc_id: str, current: EditorDep, services: ServicesDep) -> Response:
    """Remove the document; the bot stops citing it on its next question."""
    return await forward(services, "DELETE", _doc(doc_id), current.username)


@router.put("/documents/{doc_id}/facts/{fact_id}", responses={**RESPONSES, 404: {}, 422: {}})
async def correct(
    doc_id: str, fact_id: str, current: EditorDep, services: ServicesDep,
    fact: Annotated[dict[str, Any], Body(examples=[FACT_EXAMPLE])],
) -> Response:
    """Confirm (the fact unchanged) or correct a fact; ``why`` is kept with the review. Fields left out keep
    their extracted values; a bare date for ``start``/``end`` means that whole day in the service time zone."""
    return await forward(services, "PUT", f"{_doc(doc_id)}/facts/{quote(fact_id, safe='')}", current.username,
                         json=fact)


@router.post("/documents/{doc_id}/facts", status_code=201, responses={**RESPONSES, 404: {}, 422: {}})
async def add_fact(
    doc_id: str, current: EditorDep, services: ServicesDep,
    fact: Annotated[dict[str, Any], Body(examples=[{"category": "materials", "text": "营业执照复印件"}])],
) -> Response:
    """Add a fact the extraction missed: ``category`` (windows, conditions, amounts, materials, submissions,
    contacts), the fact's fields, optional ``why``."""
    return await forward(services, "POST", f"{_doc(doc_id)}/facts", current.username, json=fact)


@router.delete("/documents/{doc_id}/facts/{fact_id}", responses={**RESPONSES, 404: {}, 422: {}})
async def delete_fact(doc_id: str, fact_id: str, current: EditorDep, services: ServicesDep, why: str = "") -> Response:
    """Mark an extracted fact as wrong: the bot stops using it (the extraction itself is kept)."""
    return await forward(services, "DELETE", f"{_doc(doc_id)}/facts/{quote(fact_id, safe='')}", current.username,
                         params={"why": why})
