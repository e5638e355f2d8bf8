"""Human handoff: the ``HandoffGate`` of the conversation core, backed by the console's queue.

A conversation enters the queue when the bot signals ``{"type": "handoff", ...}`` (the action already paused it
in Rasa) or when staff take it over from the console (we pause it). While a handoff is open every user message
goes to staff only; releasing or closing resumes the bot in Rasa first, then ends the handoff, so the bot is
never silent after a hand-back. Outside service hours, or with no staff member online, the user is told when
someone will answer and may leave contact details; the request stays queued. All state lives in the database,
so a restart loses nothing and a paused conversation stays paused.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from connectors import senders
from connectors.console import auth, store
from connectors.console.hours import ServiceHours
from connectors.console.models import Handoff, HandoffState
from connectors.db import Database
from connectors.delivery import DeliveryService
from connectors.errors import ConnectorError, RasaUnavailable
from connectors.events import EventBus
from connectors.message_log import MessageLog
from connectors.models import Author, Message, utcnow
from connectors.rasa_client import RasaClient
from connectors.replies import Reply
from connectors.settings import Settings
from connectors.wechat.api import WeComAPI

log = logging.getLogger(__name__)

CONSOLE_TOPIC = "console"
KF_STATE_HUMAN, KF_STATE_ENDED = 3, 4

CLOSED_NOTICE = (
    "现在是非工作时间，您的问题已登记，工作人员将在{when}后尽快回复您，请勿重复提交。"
    "如需工作人员回电，可直接回复您的手机号码或电子邮箱。"
)
OFFLINE_NOTICE = (
    "目前暂无工作人员在线，您的问题已登记排队，工作人员上线后会尽快回复您。"
    "如需工作人员回电，可直接回复您的手机号码或电子邮箱。"
)
CONTACT_NOTED = "已记录您的联系方式：{contact}。工作人员会尽快与您联系。"
RELEASED_NOTICE = "人工服务已结束，接下来由智能助手继续为您解答。如需再次转人工，请回复“转人工”。"
CLOSED_BY_STAFF = "本次人工服务已结束，感谢您的咨询。如有其他问题，可以继续向智能助手提问。"

_PHONE = re.compile(r"(?<!\d)(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


class HandoffError(ConnectorError):
    """A console action on a handoff was refused; ``status`` is the HTTP status the console answers with."""

    def __init__(self, message: str, status: int, owner: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.owner = owner


@dataclass(frozen=True)
class Availability:
    """Whether a human can answer now, and the user-facing notice when not."""

    open_now: bool
    staff_online: int
    notice: str

    @property
    def available(self) -> bool:
        return self.open_now and self.staff_online > 0


def find_contact(text: str) -> str:
    """A phone number or e-mail address in the user's message, or ''."""
    match = _PHONE.search(text) or _EMAIL.search(text)
    return match.group(0) if match else ""


class HandoffService:
    """Implements ``connectors.conversation.HandoffGate`` and the console's actions on handoffs."""

    def __init__(self, *, db: Database, messages: MessageLog, rasa: RasaClient, delivery: DeliveryService,
                 bus: EventBus, settings: Settings, timezone: str, kf_api: WeComAPI | None = None) -> None:
        self.db = db
        self.messages = messages
        self.rasa = rasa
        self.delivery = delivery
        self.bus = bus
        self.settings = settings
        self.kf_api = kf_api
        self.hours = ServiceHours.parse(settings.service_hours, timezone, settings.service_closed_dates)
        self.online_window = timedelta(seconds=settings.staff_online_window_s)

    # -- HandoffGate ---------------------------------------------------------------------------------------------
    async def intercept(self, sender_id: str, text: str) -> bool:
        handoff = await self.db.run(lambda s: store.open_for_sender(s, sender_id))
        if handoff is None:
            return False
        contact = find_contact(text)
        new_contact = bool(contact) and handoff.state == HandoffState.WAITING and contact not in handoff.contact
        values = {"contact": f"{handoff.contact}；{contact}".lstrip("；")} if new_contact else {}
        await self.db.run(lambda s: store.touch(s, handoff.id, **values))  # also wakes the consoles' queue view
        self.notify()
        if new_contact:
            await self._tell(sender_id, CONTACT_NOTED.format(contact=contact))
        return True

    async def on_bot_signal(self, sender_id: str, custom: dict[str, Any]) -> None:
        """The bot's ``{"type": "handoff", "reason", "question", "profile"}`` (docs/CONTRACTS.md)."""
        if custom.get("type") != "handoff":
            return
        await self.request(
            sender_id, reason=str(custom.get("reason") or "user_request"),
            question=str(custom.get("question") or ""), profile=_dict(custom.get("profile")),
        )

    # -- queue ---------------------------------------------------------------------------------------------------
    async def availability(self) -> Availability:
        now = utcnow()
        online = await self.db.run(lambda s: auth.staff_online(s, self.online_window, now))
        open_now = self.hours.is_open(now)
        if not open_now:
            notice = CLOSED_NOTICE.format(when=self.hours.describe_next_open(now))
        else:
            notice = OFFLINE_NOTICE
        return Availability(open_now=open_now, staff_online=online, notice=notice)

    async def request(self, sender_id: str, *, reason: str, question: str, profile: dict | None) -> Handoff:
        """Queue ``sender_id`` for staff (idempotent while a handoff is open) and make sure the bot is paused."""
        channel = senders.parse(sender_id).channel
        availability = await self.availability()
        handoff, created = await self.db.run(lambda s: store.enqueue(
            s, sender_id=sender_id, channel=channel, reason=reason, question=question, profile=profile,
            after_hours=not availability.available,
        ))
        await self._pause(sender_id)
        if created:
            self.notify()
            if not availability.available:
                await self._tell(sender_id, availability.notice)
        return handoff

    async def takeover(self, sender_id: str, login: auth.Login) -> Handoff:
        """Staff take over a live conversation the bot is handling; claims it if it is already queued."""
        try:
            channel = senders.parse(sender_id).channel
        except ValueError as exc:
            raise HandoffError("无效的会话标识", 422) from exc
        handoff, created = await self.db.run(lambda s: store.enqueue(
            s, sender_id=sender_id, channel=channel, reason="staff", question="", profile=None,
            after_hours=False, owner_id=login.staff_id,
        ))
        if not created:
            return await self.claim(handoff.id, login)
        await self._pause(sender_id)
        await self._kf_state(sender_id, KF_STATE_HUMAN)
        self.notify()
        return handoff

    async def claim(self, handoff_id: int, login: auth.Login) -> Handoff:
        outcome = await self.db.run(lambda s: store.claim(s, handoff_id, login.staff_id))
        handoff = _existing(outcome.handoff)
        if not outcome.ok:
            if handoff.owner_id == login.staff_id and handoff.state == HandoffState.OWNED:
                return handoff
            if handoff.state == HandoffState.OWNED:
                raise HandoffError(f"该会话已由 {outcome.owner_name} 接待", 409, owner=outcome.owner_name)
            raise HandoffError("该会话已结束", 409)
        await self._pause(handoff.sender_id)
        await self._kf_state(handoff.sender_id, KF_STATE_HUMAN)
        self.notify()
        return handoff

    async def reply(self, handoff_id: int, login: auth.Login, text: str) -> Message:
        """Send a staff message to the user over their channel; the row carries its delivery status."""
        handoff = await self._owned_by(handoff_id, login)
        rows = await self.delivery.send(handoff.sender_id, [Reply(text=text)], author=Author.STAFF)
        await self.db.run(lambda s: store.touch(s, handoff.id))
        self.notify()
        return rows[0]

    async def retry(self, handoff_id: int, message_id: int, login: auth.Login) -> Message:
        """Try a failed staff message again now (the background loop also retries it)."""
        handoff = await self._owned_by(handoff_id, login)
        row = await self.messages.get(message_id)
        if row is None or row.sender_id != handoff.sender_id or row.direction != "out":
            raise HandoffError("消息不存在", 404)
        if row.status not in ("failed", "undeliverable"):
            raise HandoffError("该消息无需重发", 409)
        return (await self.delivery.dispatch([row]))[0]

    async def release(self, handoff_id: int, login: auth.Login) -> Handoff:
        """Hand the conversation back to the bot."""
        return await self._finish(handoff_id, login, HandoffState.RELEASED, "", RELEASED_NOTICE)

    async def close(self, handoff_id: int, login: auth.Login, resolution: str) -> Handoff:
        """End the handoff with a resolution tag; the bot answers the user's next message again."""
        return await self._finish(handoff_id, login, HandoffState.CLOSED, resolution, CLOSED_BY_STAFF)

    # -- internals -----------------------------------------------------------------------------------------------
    async def _finish(self, handoff_id: int, login: auth.Login, state: HandoffState, resolution: str,
                      notice: str) -> Handoff:
        handoff = _existing(await self.db.run(lambda s: store.get(s, handoff_id)))
        if handoff.state not in (HandoffState.WAITING, HandoffState.OWNED):
            raise HandoffError("该会话已结束", 409)
        if handoff.owner_id not in (None, login.staff_id) and not login.is_admin:
            owner = await self.db.run(lambda s: store.owner_name(s, handoff.owner_id))
            raise HandoffError(f"该会话由 {owner} 接待，只有接待人或管理员可以结束", 403, owner=owner)
        # Resume first: if Rasa is down the handoff stays open rather than leaving the user unanswered.
        try:
            await self.rasa.resume(handoff.sender_id)
        except RasaUnavailable as exc:
            raise HandoffError("智能助手暂时不可用，会话仍由人工接待，请稍后再交还", 502) from exc
        outcome = await self.db.run(lambda s: store.finish(
            s, handoff_id, login.staff_id, state=state, resolution=resolution, any_owner=login.is_admin
        ))
        if not outcome.ok:
            raise HandoffError("该会话已结束", 409)
        await self._kf_state(handoff.sender_id, KF_STATE_ENDED)
        await self._tell(handoff.sender_id, notice)
        self.notify()
        return _existing(outcome.handoff)

    async def _owned_by(self, handoff_id: int, login: auth.Login) -> Handoff:
        handoff = _existing(await self.db.run(lambda s: store.get(s, handoff_id)))
        if handoff.state != HandoffState.OWNED:
            raise HandoffError("请先接入该会话", 409)
        if handoff.owner_id != login.staff_id:
            owner = await self.db.run(lambda s: store.owner_name(s, handoff.owner_id))
            raise HandoffError(f"该会话已由 {owner} 接待", 409, owner=owner)
        return handoff

    async def _pause(self, sender_id: str) -> None:
        """Pause the bot; the gate keeps messages from it even when Rasa is unreachable, so failing is logged."""
        try:
            await self.rasa.pause(sender_id)
        except ConnectorError as exc:
            log.error("could not pause the bot for %s (the gateway still holds its messages): %s", sender_id, exc)

    async def _tell(self, sender_id: str, text: str) -> None:
        await self.delivery.send(sender_id, [Reply(text=text)], author=Author.SYSTEM)

    async def _kf_state(self, sender_id: str, state: int) -> None:
        """微信客服: move the session to 人工接待 (3) on claim and end it (4) on hand-back
        (``kf/service_state/trans``), when a servicer userid is configured."""
        sender = senders.parse(sender_id)
        servicer = self.settings.wecom_kf_servicer_userid
        if sender.channel != "wecomkf" or not servicer or self.kf_api is None:
            return
        open_kfid, external_userid = sender.parts
        body: dict[str, Any] = {"open_kfid": open_kfid, "external_userid": external_userid, "service_state": state}
        if state == KF_STATE_HUMAN:
            body["servicer_userid"] = servicer
        try:
            await self.kf_api.post("/cgi-bin/kf/service_state/trans", body)
        except ConnectorError as exc:
            log.warning("kf/service_state/trans to %s failed for %s: %s", state, sender_id, exc)

    def notify(self) -> None:
        """Wake this replica's live console streams (others notice through their database poll)."""
        self.bus.publish(CONSOLE_TOPIC, {"type": "queue"})


def _existing(handoff: Handoff | None) -> Handoff:
    if handoff is None:
        raise HandoffError("会话不存在", 404)
    return handoff


def _dict(value: Any) -> dict | None:
    return value if isinstance(value, dict) else None
