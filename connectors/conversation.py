"""The channel-neutral core: log the user's message, let a human take it if one owns the conversation,
otherwise ask Rasa, act on its machine-readable payloads and log what it says back.

Channels only translate their protocol to ``receive`` + ``answer`` (or ``handle_user_message``, both at once)
and render the returned replies.

Every inbound message ends with an answer. When the bot cannot give one — Rasa down or still loading its model,
the action server down (Rasa then answers 200 with an empty list), a timeout — the user gets ``BOT_PENDING`` at
once, the turn is kept (``TurnState.RETRY``) and ``rerun_due`` asks the bot again once it is back; the answer
then goes out through the channel's async path (``DeliveryService``). A turn the bot could not answer for
``handoff_after_s`` goes to staff with the question visible in the console.

A re-run first reads what Rasa already made of the message (its tracker, by the message's key): a turn Rasa
finished after the gateway stopped waiting is answered with what the bot said then, not run a second time; a
turn Rasa ran without an answer (an action failed) is rewound before the message is sent again, so the
conversation holds the user's message once.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol, runtime_checkable

from connectors import senders
from connectors.errors import RasaUnavailable
from connectors.message_log import MessageLog
from connectors.models import Author, Message, Status, TurnState, as_utc, utcnow
from connectors.rasa_client import RasaClient
from connectors.replies import Reply, split_rasa

log = logging.getLogger(__name__)

BOT_PENDING = "抱歉，系统暂时繁忙，您的问题已记录，稍后回复您。"
MAX_TEXT_CHARS = 1000
TOO_LONG = f"您的消息较长，请精简到{MAX_TEXT_CHARS}字以内，或分几次提问。您的原始消息已记录。"
EMPTY = "请直接输入您想咨询的政策问题，例如“专精特新申报什么时候截止？”"
MAX_RETRY_DELAY_S = 60.0
TURN_LEASE_MARGIN_S = 10.0


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


class Dispatcher(Protocol):
    async def dispatch(self, rows: list[Message]) -> list[Message]: ...


@dataclass
class Turn:
    """Outcome of one user message. ``replies`` are logged as pending; the channel marks them sent once shown
    (or hands them to ``DeliveryService.dispatch``). ``deferred``: the replies are the fallback text and the
    real answer follows through the async path."""

    inbound_id: int | None
    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    handed_off: bool = False
    deferred: bool = False


def message_key(inbound: Message) -> str:
    """The key naming a user message in Rasa's tracker: its log id and time (ids alone repeat across gateway
    databases that share one tracker store, e.g. in tests)."""
    return f"{inbound.id}@{as_utc(inbound.created_at):%Y%m%dT%H%M%S.%f}"


class Conversation:
    def __init__(self, messages: MessageLog, rasa: RasaClient, gate: HandoffGate, reminders: ReminderSink, *,
                 retry_s: float = 10.0, handoff_after_s: float = 600.0, turn_lease_s: float | None = None) -> None:
        self.messages = messages
        self.rasa = rasa
        self.gate = gate
        self.reminders = reminders
        self.delivery: Dispatcher | None = None  # set by services.build (it needs the message log first)
        self.retry_s = retry_s
        self.handoff_after_s = handoff_after_s
        # an open turn's lease outlives one Rasa call, so only a dead process's turns are taken over
        self.turn_lease_s = turn_lease_s or rasa.timeout_s + TURN_LEASE_MARGIN_S

    async def handle_user_message(
        self, sender_id: str, text: str, *, external_id: str | None = None, payload: dict | None = None,
        reply_status: Status = Status.PENDING,
    ) -> Turn:
        """Process one user message end to end. ``external_id`` (WeChat MsgId …) makes retries no-ops.
        Channels that return the replies in their HTTP response pass ``reply_status=Status.SENT``."""
        inbound = await self.receive(sender_id, text, external_id=external_id, payload=payload)
        if inbound is None:
            return Turn(inbound_id=None, duplicate=True)
        return await self.answer(inbound, reply_status=reply_status)

    async def receive(self, sender_id: str, text: str, *, external_id: str | None = None,
                      payload: dict | None = None) -> Message | None:
        """Log the user's message durably (before any channel acknowledges it) as an open turn; None for a
        repeated ``external_id``."""
        return await self.messages.record_inbound(sender_id, text, external_id=external_id, payload=payload,
                                                  turn_lease_s=self.turn_lease_s)

    async def answer(self, inbound: Message, *, reply_status: Status = Status.PENDING, rerun: bool = False) -> Turn:
        """Answer a logged user message: staff, a canned text, the bot, or the fallback text (turn kept).
        ``rerun``: the message may have reached Rasa before (a kept turn, or one whose process died)."""
        sender_id, text = inbound.sender_id, inbound.text
        if await self.gate.intercept(sender_id, text):
            await self.messages.finish_turn(inbound.id, TurnState.DONE)
            return Turn(inbound_id=inbound.id, handed_off=True)
        if not text.strip() or len(text) > MAX_TEXT_CHARS:  # kept in the log, answered without the bot
            replies = [Reply(text=TOO_LONG if text.strip() else EMPTY)]
            await self.messages.finish_turn(inbound.id, TurnState.DONE, sender_id=sender_id, replies=replies,
                                            author=Author.SYSTEM, status=reply_status)
            return Turn(inbound_id=inbound.id, replies=replies)
        try:
            replies, customs = await self._ask_bot(inbound, rerun=rerun)
        except RasaUnavailable as exc:
            log.error("bot unavailable for %s (message %s kept, re-run later): %s", sender_id, inbound.id, exc)
            fallback = [Reply(text=BOT_PENDING)]
            rows = await self.messages.finish_turn(
                inbound.id, TurnState.RETRY, sender_id=sender_id, replies=fallback, author=Author.SYSTEM,
                status=reply_status, retry_in_s=self.retry_delay(inbound.attempts + 1), error=str(exc),
                unless_answered=True)
            return Turn(inbound_id=inbound.id, replies=fallback if rows else [], deferred=True)
        await self.messages.finish_turn(inbound.id, TurnState.DONE, sender_id=sender_id, replies=replies,
                                        status=reply_status)
        # Signals act after the turn's replies are recorded, so the bot's "正在为您转接人工" comes
        # before anything the handoff desk says (e.g. an after-hours notice).
        for custom in customs:
            await self._on_custom(sender_id, custom)
        # The bot's own handoff ("转人工") queued the conversation: the channel says so, in hours or not.
        handed_off = any(custom.get("type") == "handoff" for custom in customs)
        return Turn(inbound_id=inbound.id, replies=replies, handed_off=handed_off)

    async def rerun_due(self) -> int:
        """Re-run kept turns: the bot was unavailable, or the process answering them died. Their answers go
        out through the async path; a turn kept longer than ``handoff_after_s`` goes to staff. Returns how many
        turns were answered or handed over."""
        turns = await self.messages.claim_turns(lease_s=self.turn_lease_s)
        if not turns:
            return 0
        if not await self._bot_ready():
            await self.messages.release(t.id for t in turns)
            await self._hand_over_stale(turns)
            return 0
        done = 0
        for inbound in turns:
            if await self._stale(inbound):
                done += 1
                continue
            turn = await self.answer(inbound, rerun=True)
            if not turn.deferred:
                done += 1
                if turn.replies and self.delivery is not None:
                    rows = [await self.messages.get(r.message_id) for r in turn.replies]
                    await self.delivery.dispatch([row for row in rows if row is not None])
        return done

    async def run(self, interval_s: float) -> None:
        """Background loop re-running kept turns (started in the app lifespan; every replica runs it, turn
        leases keep two replicas off the same turn)."""
        while True:
            await asyncio.sleep(interval_s)
            try:
                await self.rerun_due()
            except Exception:
                log.exception("re-running kept turns failed")

    async def _bot_ready(self) -> bool:
        try:
            return bool((await self.rasa.status()).get("model_file"))
        except RasaUnavailable:
            return False

    async def _hand_over_stale(self, turns: list[Message]) -> None:
        for inbound in turns:
            await self._stale(inbound)

    async def _stale(self, inbound: Message) -> bool:
        """Hand a turn the bot has not answered for ``handoff_after_s`` to staff; True when it did."""
        if utcnow() - as_utc(inbound.created_at) < timedelta(seconds=self.handoff_after_s):
            return False
        log.warning("bot could not answer message %s of %s in time; handing it to staff", inbound.id,
                    inbound.sender_id)
        await self.messages.finish_turn(inbound.id, TurnState.STAFF)
        await self.gate.on_bot_signal(inbound.sender_id, {"type": "handoff", "reason": "fallback",
                                                          "question": inbound.text, "profile": {}})
        return True

    def retry_delay(self, attempts: int) -> float:
        return min(self.retry_s * 2 ** max(attempts - 1, 0), MAX_RETRY_DELAY_S)

    async def _ask_bot(self, inbound: Message, *, rerun: bool) -> tuple[list[Reply], list[dict[str, Any]]]:
        """The bot's replies; ``RasaUnavailable`` also when Rasa answered nothing at all — Rasa 3.6 answers
        200 with an empty list when the action server is down or an action failed."""
        sender_id, key = inbound.sender_id, message_key(inbound)
        items = await self._recorded_answer(sender_id, key) if rerun else None
        if items is None:
            items = await self.rasa.send_message(sender_id, await self._button_payload(sender_id, inbound.text),
                                                 key=key)
        replies, customs = split_rasa(items)
        if not replies and not customs:
            raise RasaUnavailable(f"Rasa answered nothing to {senders.parse(sender_id).channel} message "
                                  "(action server down or an action failed)")
        return replies, customs

    async def _recorded_answer(self, sender_id: str, key: str) -> list[dict[str, Any]] | None:
        """What the bot said to a message it already ran (its answer missed the gateway), or None when the
        message must be sent (again): never logged by Rasa, or rewound here because its turn said nothing."""
        recorded = await self.rasa.recorded_turn(sender_id, key)
        if recorded is None:
            return None
        if recorded.said:
            log.info("message %s of %s was answered by Rasa after the gateway stopped waiting; using that answer",
                     key, sender_id)
            return recorded.said
        if recorded.rewindable:
            await self.rasa.rewind(sender_id)
        else:  # later messages followed it: rewinding would erase their turns
            log.warning("re-sending message %s of %s after later ones; Rasa's conversation holds it twice",
                        key, sender_id)
        return None

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
