"""WeCom (企业微信) callbacks: the self-built app at ``/wechat/work`` and 微信客服 (kf) at ``/wechat/work/kf``.

WeCom callbacks are always encrypted. The app's messages are logged, then acknowledged, and answered through
``message/send``; a kf callback only says "there are new messages" (with a short-lived Token), so the gateway
pulls them with ``kf/sync_msg`` from its persisted cursor and answers with ``kf/send_msg``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from connectors import senders, state
from connectors.deps import ServicesDep, SettingsDep
from connectors.errors import ConnectorError, DecryptError, MessageParseError, SignatureError
from connectors.models import Author, Message
from connectors.replies import Reply
from connectors.services import Services
from connectors.settings import Settings
from connectors.wechat import xmlcodec
from connectors.wechat.crypto import WeChatCrypto

log = logging.getLogger(__name__)
router = APIRouter(prefix="/wechat/work", tags=["wecom"])

UNSUPPORTED = "抱歉，我目前只能看懂文字消息，请用文字描述您想咨询的政策问题。"
KF_CUSTOMER = 3  # sync_msg origin: 3 = sent by the WeChat user


def _crypto(settings: Settings) -> WeChatCrypto | None:
    if not settings.wecom_enabled:
        return None
    return WeChatCrypto(settings.wecom_token.get_secret_value(), settings.wecom_aes_key.get_secret_value(),
                        settings.wecom_corp_id)


@router.get("", response_class=PlainTextResponse)
@router.get("/kf", response_class=PlainTextResponse)
async def verify(settings: SettingsDep, msg_signature: str = "", timestamp: str = "", nonce: str = "",
                 echostr: str = "") -> Response:
    """URL verification: decrypt ``echostr`` and return its plaintext (WeCom allows 1 s)."""
    crypto = _crypto(settings)
    if crypto is None:
        return PlainTextResponse("企业微信接入未配置", status_code=404)
    try:
        return PlainTextResponse(crypto.decrypt(echostr, msg_signature, timestamp, nonce))
    except (SignatureError, DecryptError) as exc:
        log.warning("WeCom verification rejected: %s", exc)
        return PlainTextResponse("forbidden", status_code=403)


@router.post("")
@router.post("/kf")
async def receive(request: Request, services: ServicesDep, settings: SettingsDep, msg_signature: str = "",
                  timestamp: str = "", nonce: str = "") -> Response:
    crypto = _crypto(settings)
    if crypto is None:
        return PlainTextResponse("企业微信接入未配置", status_code=404)
    body = await request.body()
    try:
        outer = xmlcodec.parse(body, max_bytes=settings.wechat_max_body_bytes)
        message = xmlcodec.parse(crypto.decrypt(outer.get("Encrypt", ""), msg_signature, timestamp, nonce),
                                 max_bytes=settings.wechat_max_body_bytes)
    except (SignatureError, DecryptError) as exc:
        log.warning("WeCom callback rejected: %s", exc)
        return PlainTextResponse("forbidden", status_code=403)
    except MessageParseError as exc:
        log.warning("WeCom callback rejected: %s; body starts %r", exc, body[:200])
        return PlainTextResponse("bad request", status_code=400)
    if message.get("MsgType") == "event" and message.get("Event") == "kf_msg_or_event":
        services.spawn(sync_kf(services, message.get("OpenKfId", ""), message.get("Token", "")), "kf-sync")
        return PlainTextResponse("")
    # Logged before the acknowledgement: once WeCom has our "" it never sends the message again.
    answer = await _app_message(services, message)
    if answer is not None:
        services.spawn(answer, "wecom-message")
    return PlainTextResponse("")


async def _app_message(services: Services, message: dict[str, str]) -> Coroutine[Any, Any, None] | None:
    """Log a self-built app message; returns the work that answers it through ``message/send`` (None when
    there is nothing to answer: a retry, an event, a sender we cannot address)."""
    settings = services.settings
    try:
        sender = senders.make("wecom", settings.wecom_corp_id, message.get("AgentID") or settings.wecom_agent_id,
                              message.get("FromUserName", ""))
    except ValueError as exc:
        log.warning("WeCom message without a usable sender: %s", exc)
        return None
    key = message.get("MsgId") or f"{message.get('FromUserName')}:{message.get('CreateTime')}"
    kind = message.get("MsgType")
    if kind == "text":
        inbound = await services.conversation.receive(sender, message.get("Content", ""), external_id=key,
                                                      payload=message)
        return _answer(services, inbound) if inbound is not None else None
    if kind == "event":
        await services.messages.record_inbound(sender, f"[事件:{message.get('Event', '')}]", external_id=key,
                                               payload=message)
        return None
    inbound = await services.messages.record_inbound(sender, f"[{kind}消息]", external_id=key, payload=message)
    return _unsupported(services, sender, inbound.id) if inbound is not None else None


async def _answer(services: Services, inbound: Message) -> None:
    """Answer a logged message through the channel's async path (a kept turn's answer comes later)."""
    turn = await services.conversation.answer(inbound)
    await services.delivery.dispatch_ids(r.message_id for r in turn.replies)


async def _unsupported(services: Services, sender: str, inbound_id: int) -> None:
    rows = await services.messages.record_outbound(sender, [Reply(text=UNSUPPORTED)], author=Author.SYSTEM,
                                                   reply_to=inbound_id)
    await services.delivery.dispatch(rows)


async def sync_kf(services: Services, open_kfid: str, token: str) -> int:
    """Pull every new 微信客服 message of ``open_kfid`` and answer the customers' ones; returns how many."""
    if services.kf_api is None:
        log.error("微信客服 callback received but no WeCom secret is configured")
        return 0
    lock = services.locks.setdefault(f"kf:{open_kfid}", asyncio.Lock())
    handled = 0
    answers: list[Coroutine[Any, Any, None]] = []
    async with lock:  # one puller per account: the cursor must advance in order
        cursor_key = f"kf_cursor:{open_kfid}"
        cursor = await state.get(services.db, cursor_key) or ""
        try:
            while True:
                try:
                    page = await services.kf_api.kf_sync_msg(token, cursor, open_kfid)
                except ConnectorError as exc:
                    log.error("kf/sync_msg failed for %s: %s", open_kfid, exc)
                    return handled
                for item in page.get("msg_list", []):
                    if item.get("origin") == KF_CUSTOMER:
                        handled += 1
                        answer = await _kf_item(services, item)
                        if answer is not None:
                            answers.append(answer)
                # every message of the page is logged before the cursor moves past it; their answers follow
                cursor = page.get("next_cursor") or cursor
                await state.put(services.db, cursor_key, cursor)
                if not page.get("has_more"):
                    return handled
        finally:
            if answers:  # one after the other: a customer's answers arrive in the order of the questions
                services.spawn(_in_order(answers), "kf-answers")


async def _in_order(work: list[Coroutine[Any, Any, None]]) -> None:
    for item in work:
        await item


async def _kf_item(services: Services, item: dict) -> Coroutine[Any, Any, None] | None:
    """Log one customer message; returns the work that answers it (None for a repeat or a bad sender)."""
    try:
        sender = senders.make("wecomkf", item.get("open_kfid", ""), item.get("external_userid", ""))
    except ValueError as exc:
        log.warning("kf message without a usable sender: %s", exc)
        return None
    key = str(item.get("msgid", ""))
    kind = item.get("msgtype", "")
    if kind == "text":
        inbound = await services.conversation.receive(sender, item.get("text", {}).get("content", ""),
                                                      external_id=key, payload=item)
        return _answer(services, inbound) if inbound is not None else None
    inbound = await services.messages.record_inbound(sender, f"[{kind}消息]", external_id=key, payload=item)
    return _unsupported(services, sender, inbound.id) if inbound is not None else None
