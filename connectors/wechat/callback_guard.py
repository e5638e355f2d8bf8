"""A router dependency that refuses replayed WeChat/WeCom callbacks before the channel code sees them.

Runs on every ``/wechat/oa`` and ``/wechat/work*`` request (installed by ``create_app`` with
``include_router(dependencies=…)``, so the channels stay unaware of it). Only correctly signed callbacks are
checked and remembered; an unsigned request is left to the channel, which answers 403, so forged requests
cannot fill the nonce cache.
"""

from __future__ import annotations

import logging

from fastapi import HTTPException, Request

from connectors.errors import MessageParseError, ReplayError, SignatureError
from connectors.settings import Settings
from connectors.wechat import xmlcodec
from connectors.wechat.crypto import check_signature

log = logging.getLogger(__name__)


async def refuse_replays(request: Request) -> None:
    settings: Settings = request.app.state.settings
    query = request.query_params
    timestamp, nonce = query.get("timestamp", ""), query.get("nonce", "")
    body = await request.body() if request.method == "POST" else query.get("echostr", "").encode()
    channel = "oa" if request.url.path.startswith("/wechat/oa") else "wecom"
    if not _signed(settings, channel, query, timestamp, nonce, body):
        return
    try:
        await request.app.state.guards.replay(request.app.state.services.db).check(channel, timestamp, nonce, body)
    except ReplayError as exc:
        log.warning("%s callback refused: %s", channel, exc)
        raise HTTPException(403, "forbidden") from exc


def _signed(settings: Settings, channel: str, query, timestamp: str, nonce: str, body: bytes) -> bool:
    """Whether the request carries a valid signature of the configured account (the channel re-checks it)."""
    try:
        if channel == "oa":
            if settings.wechat_oa_token is None:
                return False
            check_signature(query.get("signature"), settings.wechat_oa_token.get_secret_value(), timestamp, nonce)
            return True
        if settings.wecom_token is None:
            return False
        encrypted = body.decode("utf-8", "replace") if query.get("echostr") else _encrypt_field(body, settings)
        check_signature(query.get("msg_signature"), settings.wecom_token.get_secret_value(), timestamp, nonce,
                        encrypted)
        return True
    except (SignatureError, MessageParseError):
        return False


def _encrypt_field(body: bytes, settings: Settings) -> str:
    return xmlcodec.parse(body, max_bytes=settings.wechat_max_body_bytes).get("Encrypt", "")
