"""WeChat Official Account (公众号) callback: ``GET /wechat/oa`` URL verification, ``POST /wechat/oa`` messages.

The 5-second rule: WeChat waits 5 s for the passive reply and retries twice with the same MsgId. The message is
logged before anything else. The bot is given ``wechat_reply_budget_s`` (~4 s); if it answers in time the answer
goes back passively, otherwise the gateway replies a polite "稍后回复您" at once and sends the answer through the
customer-service API when it is ready (or when the bot is back: the turn is kept). A passive reply is marked
sent only once it was written within WeChat's 5 s; a late one goes through the customer-service API instead.
Retries are recognised by MsgId (events: FromUserName + CreateTime) and never produce a second answer.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse, Response
from starlette.background import BackgroundTask

from connectors import senders
from connectors.conversation import BOT_PENDING, EMPTY, Turn
from connectors.delivery import reply_of
from connectors.deps import ServicesDep, SettingsDep
from connectors.errors import DecryptError, MessageParseError, SignatureError
from connectors.models import Author, Status, TurnState
from connectors.replies import Reply
from connectors.services import Services
from connectors.settings import Settings
from connectors.wechat import replies as wx_replies
from connectors.wechat import xmlcodec
from connectors.wechat.crypto import WeChatCrypto, check_signature

log = logging.getLogger(__name__)
router = APIRouter(prefix="/wechat", tags=["wechat"])

UNSUPPORTED = "抱歉，我目前只能看懂文字消息，请用文字描述您想咨询的政策问题。"
MEDIA_LABELS = {"image": "[图片]", "voice": "[语音]", "video": "[视频]", "shortvideo": "[小视频]",
                "location": "[位置]", "link": "[链接]", "file": "[文件]"}
SUCCESS = PlainTextResponse("success")
RETRY_WINDOW_S = 60
WECHAT_WAIT_S = 5.0  # WeChat drops a passive reply that arrives later than this


@dataclass
class Passive:
    """A passive reply and the logged messages it carries (marked sent only if it arrived in time)."""

    text: str
    message_ids: list[int]


@dataclass
class PendingAnswer:
    """The bot's answer to one MsgId, shared by WeChat's retries of that message."""

    task: asyncio.Task[Turn]
    deferred: bool = False
    retries: int = field(default=0)


def _crypto(settings: Settings) -> WeChatCrypto | None:
    if settings.wechat_oa_aes_key is None:
        return None
    return WeChatCrypto(settings.wechat_oa_token.get_secret_value(), settings.wechat_oa_aes_key.get_secret_value(),
                        settings.wechat_oa_appid)


def _configured(settings: Settings) -> bool:
    return settings.wechat_oa_enabled


@router.get("/oa", response_class=PlainTextResponse)
async def verify(
    settings: SettingsDep, signature: str = "", timestamp: str = "", nonce: str = "", echostr: str = ""
) -> Response:
    """服务器地址验证: echo ``echostr`` when the signature is WeChat's."""
    if not _configured(settings):
        return PlainTextResponse("公众号接入未配置", status_code=404)
    try:
        check_signature(signature, settings.wechat_oa_token.get_secret_value(), timestamp, nonce)
    except SignatureError:
        log.warning("OA verification with a bad signature rejected")
        return PlainTextResponse("forbidden", status_code=403)
    return PlainTextResponse(echostr)


@router.post("/oa")
async def receive(
    request: Request, services: ServicesDep, settings: SettingsDep,
    signature: str = "", timestamp: str = "", nonce: str = "",
    encrypt_type: Annotated[str, Query()] = "raw", msg_signature: str | None = None,
) -> Response:
    """A user message or event pushed by WeChat."""
    started = time.monotonic()
    if not _configured(settings):
        return PlainTextResponse("公众号接入未配置", status_code=404)
    token = settings.wechat_oa_token.get_secret_value()
    try:
        check_signature(signature, token, timestamp, nonce)
    except SignatureError:
        log.warning("OA message with a bad signature rejected from %s", request.client)
        return PlainTextResponse("forbidden", status_code=403)
    body = await request.body()
    crypto = _crypto(settings)
    try:
        message = xmlcodec.parse(body, max_bytes=settings.wechat_max_body_bytes)
        if crypto is not None:
            if encrypt_type != "aes":
                raise DecryptError("safe mode is configured but the message is not encrypted")
            inner = crypto.decrypt(message.get("Encrypt", ""), msg_signature, timestamp, nonce)
            message = xmlcodec.parse(inner, max_bytes=settings.wechat_max_body_bytes)
        openid = message.get("FromUserName", "")
        sender = senders.make("wechat", settings.wechat_oa_appid, openid)
    except (SignatureError, DecryptError) as exc:
        log.warning("OA encrypted message rejected: %s", exc)
        return PlainTextResponse("forbidden", status_code=403)
    except (MessageParseError, ValueError) as exc:
        log.warning("OA message rejected: %s; body starts %r", exc, body[:200])
        return PlainTextResponse("bad request", status_code=400)

    passive = await _dispatch(services, sender, message, started)
    if passive is None:
        return SUCCESS
    # Marked sent before it is written: a crash right after the write must not send it again through
    # 客服消息. A crash before the write makes WeChat retry the MsgId, and the retry gets the same answer.
    await services.messages.mark_sent(passive.message_ids)
    xml = wx_replies.passive_text(openid, message.get("ToUserName", ""), passive.text)
    if crypto is not None:
        xml = wx_replies.encrypted_envelope(crypto, xml, nonce=nonce)
    return Response(xml, media_type="application/xml",
                    background=BackgroundTask(_after_passive, services, passive.message_ids, started))


async def _after_passive(services: Services, message_ids: list[int], started: float) -> None:
    """Runs once the passive reply is written. WeChat shows it only when it arrived within its 5 s; a late
    one was never shown, so it goes back to the outbox, which sends it through 客服消息."""
    elapsed = time.monotonic() - started
    if elapsed <= WECHAT_WAIT_S:
        return
    log.warning("passive reply took %.1f s (WeChat waits %.0f s); sending it through the CS API", elapsed,
                WECHAT_WAIT_S)
    await services.messages.requeue(message_ids)
    await services.delivery.retry_due()


async def _dispatch(services: Services, sender: str, message: dict[str, str], started: float) -> Passive | None:
    """Handle one decoded message; returns the passive reply, or None for ``success``."""
    kind = message.get("MsgType", "")
    if kind == "text":
        return await _text(services, sender, message, started)
    if kind == "event":
        return await _event(services, sender, message)
    label = MEDIA_LABELS.get(kind, f"[{kind or '未知'}消息]")
    return await _canned(services, sender, label, message, UNSUPPORTED, key=message.get("MsgId"))


async def _event(services: Services, sender: str, message: dict[str, str]) -> Passive | None:
    event = message.get("Event", "").lower()
    key = f"{message.get('FromUserName')}:{message.get('CreateTime')}:{event}"
    if event == "subscribe":
        return await _canned(services, sender, "[关注公众号]", message, services.settings.wechat_greeting, key=key)
    await services.messages.record_inbound(sender, f"[事件:{event}]", external_id=key, payload=message)
    return None


async def _canned(services: Services, sender: str, label: str, message: dict[str, str], answer: str,
                  *, key: str | None) -> Passive | None:
    """Log a message the bot cannot take and answer it with a fixed polite text (once per key)."""
    inbound = await services.messages.record_inbound(sender, label, external_id=key, payload=message)
    if inbound is None:
        return None
    rows = await services.messages.record_outbound(sender, [Reply(text=answer)], author=Author.SYSTEM,
                                                   reply_to=inbound.id)
    return Passive(answer, [rows[0].id])


async def _text(services: Services, sender: str, message: dict[str, str], started: float) -> Passive | None:
    content = message.get("Content", "").strip()
    key = message.get("MsgId") or f"{message.get('FromUserName')}:{message.get('CreateTime')}"
    if not content:
        return await _canned(services, sender, "[空消息]", message, EMPTY, key=key)
    pending: dict[str, PendingAnswer] = services.oa_pending
    if key in pending:  # WeChat's retry of a message we are already answering
        pending[key].retries += 1
        pending[key].deferred = True
        return None
    inbound = await services.conversation.receive(sender, content, external_id=key, payload=message)
    if inbound is None:  # WeChat retried on another process or after a restart
        return await _answer_again(services, key)
    task = services.spawn(services.conversation.answer(inbound), f"oa-{key}")
    answer = PendingAnswer(task)
    pending[key] = answer
    asyncio.get_running_loop().call_later(RETRY_WINDOW_S, pending.pop, key, None)
    # Decided when the bot finishes: deliver through the CS API unless this request answers passively.
    task.add_done_callback(
        lambda t: answer.deferred and services.spawn(_deliver_later(services, t), f"oa-late-{key}"))
    budget = services.settings.wechat_reply_budget_s - (time.monotonic() - started)
    try:
        done, _ = await asyncio.wait({task}, timeout=max(budget, 0.0))
    except asyncio.CancelledError:  # WeChat hung up: the answer must still arrive
        answer.deferred = True
        raise
    if done and not answer.deferred:
        return await _passive(services, task)
    if answer.deferred:  # a retry of this message came in: the answer goes through 客服消息 when ready
        return None
    answer.deferred = True
    # The bot is slow or hanging: a polite text now, inside WeChat's window; the answer follows via 客服消息.
    rows = await services.messages.record_outbound(sender, [Reply(text=BOT_PENDING)], author=Author.SYSTEM,
                                                   reply_to=inbound.id)
    return Passive(BOT_PENDING, [rows[0].id])


async def _answer_again(services: Services, key: str) -> Passive | None:
    """WeChat retries a MsgId only when our reply did not reach it in time. If the first try's answer is
    already logged, it is this retry's passive reply; if it is still being worked on, ``success`` (the other
    process's reply is late by then, so it goes through 客服消息)."""
    inbound = await services.messages.find_inbound("wechat", key)
    if inbound is None or inbound.turn_state == TurnState.OPEN:
        return None
    rows = [row for row in await services.messages.replies_to(inbound.id) if row.status != Status.UNDELIVERABLE]
    if not rows:
        return None
    parts = wx_replies.text_messages([reply_of(row) for row in rows], menu_links=True)
    joined = "\n\n".join(parts)
    if len(joined.encode("utf-8")) > wx_replies.TEXT_LIMIT_BYTES:
        return None
    return Passive(joined, [row.id for row in rows])


async def _passive(services: Services, task: asyncio.Task[Turn]) -> Passive | None:
    """The answer as one passive reply when it fits in one WeChat message, else via the CS API."""
    if task.exception() is not None:  # the turn stays open and is re-run once its lease runs out
        log.error("answering a WeChat message failed", exc_info=task.exception())
        return None
    turn = task.result()
    if turn.duplicate or not turn.replies:
        return None
    parts = wx_replies.text_messages(turn.replies, menu_links=True)
    joined = "\n\n".join(parts)
    if len(joined.encode("utf-8")) <= wx_replies.TEXT_LIMIT_BYTES:
        return Passive(joined, [r.message_id for r in turn.replies])
    services.spawn(services.delivery.dispatch_ids([r.message_id for r in turn.replies]), "oa-long-answer")
    return None


async def _deliver_later(services: Services, task: asyncio.Task[Turn]) -> None:
    """The bot answered after the passive-reply budget: send through the customer-service API. A failed
    turn is kept and re-run by ``Conversation.rerun_due``."""
    if task.cancelled() or task.exception() is not None:
        log.error("late WeChat answer failed", exc_info=None if task.cancelled() else task.exception())
        return
    turn = task.result()
    await services.delivery.dispatch_ids([r.message_id for r in turn.replies])
