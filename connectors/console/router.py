"""The staff console under ``/console``: the JSON API at ``/console/api`` and the HTML page."""

from __future__ import annotations

from fastapi import APIRouter

from connectors.console import (
    api_admin,
    api_analytics,
    api_conversations,
    api_documents,
    api_faq,
    api_insights,
    api_session,
    pages,
    stream,
)

router = APIRouter(prefix="/console", tags=["console"])
for module in (api_session, api_conversations, api_insights, api_admin, api_documents, api_faq, api_analytics, stream, pages):
    router.include_router(module.router)
