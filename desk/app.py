"""The desk's HTTP API (internal: the gateway forwards staff requests here; see the package docstring).

Every route needs ``Authorization: Bearer $POLICYBOT_DESK_TOKEN``; the gateway names the staff member in
``X-Desk-Staff`` (recorded as who made a review or an FAQ pair). Ingest and reviews write through one lock:
SQLite allows one writer, and an upload's embedding pass should not interleave with another's.
"""

from __future__ import annotations

import hmac
import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import (
    APIRouter,
    Depends,
    FastAPI,
    File,
    Form,
    Header,
    HTTPException,
    Request,
    UploadFile,
    status,
)
from pydantic import BaseModel, Field

from desk import uploads
from desk.settings import DeskSettings, get_settings
from knowledge import DocumentNotFound, KnowledgeBase, KnowledgeError, now

CATEGORIES = ("windows", "conditions", "amounts", "materials", "submissions", "contacts")


class FaqIn(BaseModel):
    question: str = Field(min_length=1, max_length=500)
    answer: str = Field(min_length=1, max_length=4000)
    doc_id: str | None = None


def staff(x_desk_staff: Annotated[str, Header()] = "") -> str:
    """The staff member the gateway acts for (recorded with reviews and FAQ pairs)."""
    if not x_desk_staff.strip():
        raise HTTPException(status.HTTP_400_BAD_REQUEST, "缺少操作人员")
    return x_desk_staff.strip()


Staff = Annotated[str, Depends(staff)]


def summary(kb: KnowledgeBase, doc_id: str) -> dict[str, Any]:
    """One row of the documents list: metadata, call status and days left, facts and reviews counted."""
    meta = kb.document(doc_id)
    items = kb.fact_items(doc_id)
    facts = kb.facts(doc_id)
    moment = now()
    deadline = facts.deadline
    return {
        **meta.to_dict(),
        "status": facts.status(moment).value,
        "days_left": deadline.days_left(moment.date()) if deadline is not None else None,
        "deadline": deadline.end.isoformat() if deadline is not None and deadline.end else None,
        "facts": sum(len(items.get(c, [])) for c in CATEGORIES),
        "reviewed": len(items["reviews"]),
        "stale": sum(r["stale"] for r in items["reviews"]),
    }


def create_app(settings: DeskSettings | None = None) -> FastAPI:
    settings = settings or get_settings()
    app = FastAPI(title="policybot knowledge desk", docs_url=None, redoc_url=None)
    kb = KnowledgeBase(settings.kb_dir)
    write_lock = threading.Lock()
    # Models load now, in the background, instead of inside the first upload (measured: 20 of its 25 s).
    threading.Thread(target=kb.warm_up, name="desk-warm-up", daemon=True).start()

    def authorized(authorization: Annotated[str, Header()] = "") -> None:
        expected = settings.desk_token.get_secret_value() if settings.desk_token else ""
        given = authorization.removeprefix("Bearer ").strip()
        if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
            raise HTTPException(status.HTTP_401_UNAUTHORIZED, "知识库服务拒绝了请求（令牌无效）")

    api = APIRouter(dependencies=[Depends(authorized)])

    @app.exception_handler(DocumentNotFound)
    async def not_found(request: Request, exc: DocumentNotFound) -> Any:
        from fastapi.responses import JSONResponse

        return JSONResponse({"detail": f"文档 {exc} 不存在"}, status_code=404)

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @api.get("/documents")
    def documents(q: str = "") -> list[dict[str, Any]]:
        rows = [summary(kb, meta.doc_id) for meta in kb.documents()]
        words = q.strip().lower().split()
        if words:
            rows = [r for r in rows if all(w in f"{r['title']} {r['region']} {r['issuer']} {r['doc_id']}".lower()
                                           for w in words)]
        return sorted(rows, key=lambda r: r["issued"] or "", reverse=True)

    @api.post("/documents", status_code=201)
    def upload(
        who: Staff,
        file: Annotated[UploadFile, File()],
        title: Annotated[str, Form()] = "", region: Annotated[str, Form()] = "", kind: Annotated[str, Form()] = "",
        issued: Annotated[str, Form()] = "", source: Annotated[str, Form()] = "", issuer: Annotated[str, Form()] = "",
        doc_id: Annotated[str, Form()] = "",
    ) -> dict[str, Any]:
        """Ingest one file (``doc_id``: it replaces that document); answers the ingest report (422 with the
        reason when the file has no usable text)."""
        data = file.file.read(settings.desk_max_upload_mb * 1024 * 1024 + 1)
        if len(data) > settings.desk_max_upload_mb * 1024 * 1024:
            raise HTTPException(413, f"文件超过 {settings.desk_max_upload_mb} MB")
        metadata = {"title": title, "region": region, "kind": kind, "issued": issued, "source": source,
                    "issuer": issuer}
        try:
            with write_lock:
                path = uploads.place(kb, uploads.Upload(file.filename or "", data, metadata), doc_id)
                report = kb.ingest([path])
        except uploads.UploadRefused as exc:
            raise HTTPException(422, str(exc)) from exc
        except KnowledgeError as exc:
            raise HTTPException(503, str(exc)) from exc
        if report.skipped:
            uploads.forget(kb, str(path))
            raise HTTPException(422, "；".join(reason for _, reason in report.skipped))
        return ingest_report(report)

    def ingest_report(report: Any) -> dict[str, Any]:
        doc_id = (report.added or report.updated or report.unchanged)[0]
        result = "added" if report.added else "updated" if report.updated else "unchanged"
        counts = {c: len(kb.fact_items(doc_id).get(c, [])) for c in CATEGORIES}
        return {
            "doc_id": doc_id, "result": result, "title": kb.document(doc_id).title,
            "sections": len(kb.sections(doc_id)), "chunks": len(kb.chunks(doc_id)),
            "facts": counts, "facts_found": sum(counts.values()), "warnings": report.warnings,
            "seconds": round(report.seconds, 2), "document": summary(kb, doc_id),
        }

    @api.post("/documents/{doc_id}/reindex")
    def reindex(doc_id: str, who: Staff) -> dict[str, Any]:
        """Extract the document again from its file (after an extractor update); reviews are kept."""
        path = kb.document(doc_id).path
        if not path or not Path(path).is_file():
            raise HTTPException(409, "找不到该文档的原文件，请重新上传")
        with write_lock:
            kb.remove(doc_id)
            report = kb.ingest([path])
        if report.skipped:
            raise HTTPException(422, "；".join(reason for _, reason in report.skipped))
        return ingest_report(report)

    @api.get("/documents/{doc_id}")
    def document(doc_id: str) -> dict[str, Any]:
        """Metadata, text, sections and the reviewed facts (each with ``fact_id`` and its span)."""
        items = kb.fact_items(doc_id)
        return {
            **summary(kb, doc_id),
            "text": kb.text(doc_id),
            "sections": [{"label": s.label, "start": s.start, "end": s.end} for s in kb.sections(doc_id)],
            "fact_items": {c: items.get(c, []) for c in CATEGORIES},
            "reviews": items["reviews"],
        }

    @api.delete("/documents/{doc_id}", status_code=204)
    def remove(doc_id: str, who: Staff) -> None:
        with write_lock:
            path = kb.document(doc_id).path
            kb.remove(doc_id)
            uploads.forget(kb, path)

    def review(doc_id: str, fact_id: str | None, body: dict[str, Any] | None, who: str, *,
               category: str | None = None, delete: bool = False) -> dict[str, Any]:
        body = dict(body or {})
        why = str(body.pop("why", "") or "")
        body.pop("fact_id", None)
        try:
            with write_lock:
                fact_id = kb.review_fact(doc_id, fact_id, None if delete else body, who=who, why=why,
                                         category=category, delete=delete)
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc
        return {"fact_id": fact_id, "document": document(doc_id)}

    @api.put("/documents/{doc_id}/facts/{fact_id}")
    def correct(doc_id: str, fact_id: str, body: dict[str, Any], who: Staff) -> dict[str, Any]:
        """Confirm or correct a fact: the body is the fact (shape of ``policybot facts --json``) plus ``why``."""
        return review(doc_id, fact_id, body, who)

    @api.post("/documents/{doc_id}/facts", status_code=201)
    def add(doc_id: str, body: dict[str, Any], who: Staff) -> dict[str, Any]:
        """Add a fact the extractor missed: the fact's JSON plus ``category`` (windows, amounts, …) and ``why``."""
        category = str(body.pop("category", ""))
        return review(doc_id, None, body, who, category=category)

    @api.delete("/documents/{doc_id}/facts/{fact_id}")
    def drop(doc_id: str, fact_id: str, who: Staff, why: str = "") -> dict[str, Any]:
        return review(doc_id, fact_id, {"why": why}, who, delete=True)

    @api.get("/faq")
    def faq() -> list[dict[str, Any]]:
        return [entry.to_dict() for entry in kb.faq()]

    @api.post("/faq", status_code=201)
    def add_faq(body: FaqIn, who: Staff) -> dict[str, Any]:
        try:
            with write_lock:
                return kb.add_faq(body.question, body.answer, who=who, doc_id=body.doc_id or None).to_dict()
        except ValueError as exc:
            raise HTTPException(422, str(exc)) from exc

    @api.delete("/faq/{entry_id}", status_code=204)
    def remove_faq(entry_id: int, who: Staff) -> None:
        with write_lock:
            if not kb.remove_faq(entry_id):
                raise HTTPException(404, "该问答不存在")

    app.include_router(api)
    return app
