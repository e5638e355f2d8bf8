"""Sending to a sender id outside a request: staff replies, deadline reminders, slow WeChat answers.

Every message is logged first (``pending``, leased to the logging process), then handed to the transport of its
channel (chosen by the sender-id prefix). Success marks it ``sent``; a failure marks it ``failed`` with a next
attempt time; after the last attempt, or on an error WeChat says is final, it becomes ``undeliverable``. The
outbox loop claims every unsent row nobody holds — failed ones whose retry time has come and pending ones whose
sender died before sending — so a crash or a redeploy between logging and sending strands nothing. Nothing is
dropped silently: the status is in the message log.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from typing import Protocol

from connectors import senders
from connectors.errors import ConnectorError, WeChatAPIError
from connectors.message_log import SENT_PARTS, MessageLog
from connectors.models import Author, Message
from connectors.replies import Reply
from connectors.senders import SenderId
from connectors.wechat.api import OfficialAccountAPI, OutcomeUnknown, WeComAPI
from connectors.wechat.replies import text_messages

log = logging.getLogger(__name__)

# WeChat errors that retrying cannot fix: outside the 48 h window, over the message quota, unknown or
# unsubscribed user, kf session not open.
FINAL_ERRCODES = frozenset({40003, 43004, 45015, 45047, 95001, 95018})


class Transport(Protocol):
    def render(self, sender: SenderId, reply: Reply) -> list[str]:
        """The channel messages one logged reply becomes, in order (none where storing it delivers it)."""

    async def send(self, sender: SenderId, part: str, *, key: str) -> None:
        """Deliver one of them or raise ``ConnectorError``. ``key`` is unique per message part: the idempotency
        key where the channel takes one."""


def reply_of(row: Message) -> Reply:
    payload = row.payload or {}
    return Reply(text=row.text, buttons=list(payload.get("buttons", [])), image=payload.get("image"),
                 message_id=row.id)


class WebTransport:
    """The widget reads the message log: live over the event stream (published when the message was logged)
    and from the history endpoint after a reload or reconnect, so storing it is delivering it."""

    def render(self, sender: SenderId, reply: Reply) -> list[str]:
        return []

    async def send(self, sender: SenderId, part: str, *, key: str) -> None:
        return None


class OfficialAccountTransport:
    """客服消息 (customer-service messages) of the Official Account ``app_id``. The API takes no idempotency
    key: a resend after an unknown outcome may show the text twice (docs/delivery.md)."""

    def __init__(self, api: OfficialAccountAPI, app_id: str) -> None:
        self.api = api
        self.app_id = app_id

    def render(self, sender: SenderId, reply: Reply) -> list[str]:
        return text_messages([reply], menu_links=True)

    async def send(self, sender: SenderId, part: str, *, key: str) -> None:
        app_id, openid = sender.parts
        if app_id != self.app_id:
            raise ConnectorError(f"no credentials for Official Account {app_id}")
        await self.api.send_text(openid, part)


class WeComAppTransport:
    """企业微信 self-built app: ``message/send``, with WeCom's duplicate check on (the API's only guard against a
    resend shown twice; it compares content, not ids: ``WeComAPI.send_text``)."""

    def __init__(self, api: WeComAPI, corp_id: str, agent_id: str) -> None:
        self.api = api
        self.corp_id = corp_id
        self.agent_id = agent_id

    def render(self, sender: SenderId, reply: Reply) -> list[str]:
        return text_messages([reply], menu_links=False)

    async def send(self, sender: SenderId, part: str, *, key: str) -> None:
        corp_id, agent_id, userid = sender.parts
        if (corp_id, agent_id) != (self.corp_id, self.agent_id):
            raise ConnectorError(f"no credentials for WeCom app {corp_id}/{agent_id}")
        await self.api.send_text(agent_id, userid, part)


class WeComKfTransport:
    """微信客服: ``kf/send_msg``."""

    def __init__(self, api: WeComAPI) -> None:
        self.api = api

    def render(self, sender: SenderId, reply: Reply) -> list[str]:
        return text_messages([reply], menu_links=False)

    async def send(self, sender: SenderId, part: str, *, key: str) -> None:
        open_kfid, external_userid = sender.parts
        # kf/send_msg takes our own msgid and refuses a repeat: a resend after a crash is not shown twice
        await self.api.kf_send_text(open_kfid, external_userid, part, msgid=key)


class DeliveryService:
    def __init__(self, messages: MessageLog, transports: dict[str, Transport], *, max_attempts: int = 5,
                 retry_s: float = 30.0) -> None:
        self.messages = messages
        self.transports = transports
        self.max_attempts = max_attempts
        self.retry_s = retry_s

    async def send(self, sender_id: str, replies: Iterable[Reply], *, author: Author = Author.STAFF) -> list[Message]:
        """Log ``replies`` for ``sender_id`` and deliver them now; returns the logged rows (with status)."""
        rows = await self.messages.record_outbound(sender_id, replies, author=author)
        return await self.dispatch(rows)

    async def dispatch(self, rows: Iterable[Message]) -> list[Message]:
        """Deliver already-logged outbound messages in order; returns their rows after the attempt."""
        done: list[Message] = []
        for row in rows:
            done.append(await self._attempt(row))
        return done

    async def dispatch_ids(self, message_ids: Iterable[int]) -> list[Message]:
        """``dispatch`` for message ids (e.g. replies logged by ``Conversation`` that missed their request)."""
        rows = [await self.messages.get(message_id) for message_id in message_ids]
        return await self.dispatch(row for row in rows if row is not None)

    async def retry_due(self) -> int:
        """One outbox pass: claim every unsent message that is due and held by no live process (failed ones
        whose retry time has come, pending ones whose sender died) and send it; returns how many were tried."""
        rows = await self.messages.claim_outbox()
        await self.dispatch(rows)
        return len(rows)

    async def run(self, interval_s: float) -> None:
        """Background outbox loop (started in the app lifespan). Every replica runs it: row leases, not a loop
        lease, keep two replicas from sending the same message."""
        while True:
            await asyncio.sleep(max(interval_s, 0.05))
            try:
                await self.retry_due()
            except Exception:
                log.exception("delivery retry pass failed")

    async def _attempt(self, row: Message) -> Message:
        if not await self.messages.renew(row.id):  # sent or taken over meanwhile: never send it twice
            return await self.messages.get(row.id)
        sender = senders.parse(row.sender_id)
        transport = self.transports.get(sender.channel)
        if transport is None:
            return await self.messages.mark_failed(
                row.id, f"channel {sender.channel} has no outbound transport configured", retry_in_s=None
            )
        parts = transport.render(sender, reply_of(row))
        try:
            # a long reply is several channel messages: the ones already shown are not sent again
            for index in range(sent_parts(row), len(parts)):
                await transport.send(sender, parts[index], key=f"pb{row.id}p{index}")
                if index + 1 < len(parts):
                    await self.messages.mark_parts_sent(row.id, index + 1)
        except ConnectorError as exc:
            attempts = row.attempts + 1
            final = isinstance(exc, WeChatAPIError) and exc.errcode in FINAL_ERRCODES
            retry = None if final or attempts >= self.max_attempts else self.retry_s * 2 ** (attempts - 1)
            if isinstance(exc, OutcomeUnknown):  # no idempotency key on most WeChat APIs: it may show twice
                log.warning("message %s to %s may have been shown; it is sent again", row.id, row.sender_id)
            log.warning("delivery of message %s to %s failed (attempt %s): %s", row.id, row.sender_id,
                        attempts, exc)
            return await self.messages.mark_failed(row.id, str(exc), retry_in_s=retry)
        await self.messages.mark_sent([row.id])
        return await self.messages.get(row.id)


def sent_parts(row: Message) -> int:
    """How many of a multi-part message's parts an earlier attempt delivered."""
    return int((row.payload or {}).get(SENT_PARTS, 0))
