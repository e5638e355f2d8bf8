"""The channel-neutral core: log the user's message, let a human take it if one owns the conversation,
otherwise ask Rasa, act on its machine-readable payloads and log what it says back.

Channels only translate their protocol to ``handle_user_message`` and render the returned replies.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from connectors.errors import RasaUnavailable
from connectors.message_log import MessageLog
from connectors.models import Author, Status
from connectors.rasa_client import RasaClient
from connectors.replies import Reply, split_rasa

log = logging.getLogger(__name__)

BOT_UNAVAILABLE = "抱歉，系统暂时繁忙，您的问题已记录，请稍后再试。"
MAX_TEXT_CHARS = 1000
TOO_LONG = f"您的消息较长，请精简到{MAX_TEXT_CHARS}字以内，或分几次提问。您的原始消息已记录。"
EMPTY = "请直接输入您想咨询的政策问题，例如“专精特新申报什么时候截止？”"


@runtime_checkable
class HandoffGate(Protocol):
    """Decides whether a human owns a conversation (implemented by the staff console's HandoffService)."""

    async def intercept(self, sender_id: str, text: str) -> bool:
        """True when a human owns the conversation and the message went to staff instead of the bot."""

    async def on_bot_signal(self, sender_id: str, custom: dict[str, Any]) -> None:
        """The bot asked for a human (``{"type": "handoff", ...}``; Rasa already paused the conversation)."""


class NoHandoff:
    """The gate when no staff console is configured: never intercepts, and answers a handoff request by
    resuming the conversation so the bot keeps answering instead of leaving the user in silence."""

    def __init__(self, rasa: RasaClient) -> None:
        self._rasa = rasa

    async def intercept(self, sender_id: str, text: str) -> bool:
        return False

    async def on_bot_signal(self, sender_id: str, custom: dict[str, Any]) -> None:
        log.warning("handoff requested by %s but no staff console is configured; resuming the bot", sender_id)
        await self._rasa.resume(sender_id)


class ReminderSink(Protocol):
    async def schedule(self, sender_id: str, custom: dict[str, Any]) -> None: ...


@dataclass
class Turn:
    """Outcome of one user message. ``replies`` are logged as pending; the channel marks them sent once shown
    (or hands them to ``DeliveryService.dispatch``)."""

    inbound_id: int | None
    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    handed_off: bool = False


class Conversation:
    def __init__(self, messages: MessageLog, rasa: RasaClient, gate: HandoffGate, reminders: ReminderSink) -> None:
        self.messages = messages
        self.rasa = rasa
        self.gate = gate
        self.reminders = reminders

    async def handle_user_message(
        self, sender_id: str, text: str, *, external_id: str | None = None, payload: dict | None = None,
        reply_status: Status = Status.PENDING,
    ) -> Turn:
        """Process one user message end to end. ``external_id`` (WeChat MsgId …) makes retries no-ops.
        Channels that return the replies in their HTTP response pass ``reply_status=Status.SENT``."""
        inbound = await self.messages.record_inbound(sender_id, text, external_id=external_id, payload=payload)
        if inbound is None:
            return Turn(inbound_id=None, duplicate=True)
        if await self.gate.intercept(sender_id, text):
            return Turn(inbound_id=inbound.id, handed_off=True)
        customs: list[dict[str, Any]] = []
        if not text.strip() or len(text) > MAX_TEXT_CHARS:  # kept in the log, answered without the bot
            replies, author = [Reply(text=TOO_LONG if text.strip() else EMPTY)], Author.SYSTEM
        else:
            replies, author, customs = await self._ask_bot(sender_id, text)
        await self.messages.record_outbound(sender_id, replies, author=author, status=reply_status)
        # Signals act after the turn's replies are recorded, so the bot's "正在为您转接人工" comes
        # before anything the handoff desk says (e.g. an after-hours notice).
        for custom in customs:
            await self._on_custom(sender_id, custom)
        return Turn(inbound_id=inbound.id, replies=replies)

    async def _ask_bot(self, sender_id: str, text: str) -> tuple[list[Reply], Author, list[dict[str, Any]]]:
        try:
            items = await self.rasa.send_message(sender_id, await self._button_payload(sender_id, text))
        except RasaUnavailable as exc:
            log.error("bot unavailable for %s: %s", sender_id, exc)
            return [Reply(text=BOT_UNAVAILABLE)], Author.SYSTEM, []
        replies, customs = split_rasa(items)
        return replies, Author.BOT, customs

    async def _on_custom(self, sender_id: str, custom: dict[str, Any]) -> None:
        kind = custom.get("type")
        if kind == "handoff":
            await self.gate.on_bot_signal(sender_id, custom)
        elif kind == "reminder":
            await self.reminders.schedule(sender_id, custom)
        else:
            log.warning("ignoring unknown custom payload from the bot: %r", custom)

    async def _button_payload(self, sender_id: str, text: str) -> str:
        """On text-only channels users answer a quick-reply by its number or title; map it to its payload."""
        stripped = text.strip()
        if not stripped or stripped.startswith("/"):
            return text
        buttons = await self.messages.last_buttons(sender_id)
        for index, button in enumerate(buttons, start=1):
            if stripped in (str(index), button["title"]):
                return button["payload"]
        return text
