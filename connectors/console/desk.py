"""A thin client for the knowledge desk service (``desk/``): the console's documents, facts and FAQ routes
forward to it over HTTP, because the gateway never imports the knowledge layer (docs/console.md).

The gateway has already checked the staff member's role; the desk trusts the shared bearer token and records
the staff member named in ``X-Desk-Staff``. Its answers are passed through unchanged (status and JSON), and
an unreachable desk becomes 503 with a message staff can act on.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx
from fastapi import HTTPException, Response

from connectors.services import Services

logger = logging.getLogger(__name__)


async def forward(services: Services, method: str, path: str, staff: str, **request: Any) -> Response:
    """Send one request to the desk and return its answer as the gateway's response."""
    settings = services.settings
    token = settings.desk_token.get_secret_value() if settings.desk_token else ""
    if not token:
        raise HTTPException(503, "知识库服务未配置（POLICYBOT_DESK_TOKEN），请联系管理员")
    headers = {"Authorization": f"Bearer {token}", "X-Desk-Staff": staff}
    try:
        answer = await services.http.request(
            method, settings.desk_url.rstrip("/") + path, headers=headers, timeout=settings.desk_timeout_s,
            **request,
        )
    except httpx.HTTPError as exc:
        logger.warning("knowledge desk %s %s failed: %s", method, path, exc)
        raise HTTPException(503, "知识库服务暂不可用，请稍后再试") from exc
    if answer.status_code == 401:  # the gateway's token is wrong: an operator's problem, not the user's
        logger.error("knowledge desk refused the gateway's token")
        raise HTTPException(503, "知识库服务拒绝了网关的令牌，请联系管理员")
    return Response(answer.content, status_code=answer.status_code,
                    media_type=answer.headers.get("content-type", "application/json"))
