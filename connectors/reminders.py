"""Deadline reminders: stored when the bot sends ``{"type": "reminder", ...}``, sent once at ``remind_at``
over the user's channel.

Routes: web → live delivery; WeChat OA → customer-service message inside the 48-hour window after the user's
last message, else a subscription-message template when one is configured, else recorded undeliverable;
WeCom app → ``message/send``; 微信客服 → inside its 48-hour window, else undeliverable. Reminders live in the
database, so they survive restarts. A reminder is claimed atomically with a lease before sending, and its
message is logged in the outbox in the same transaction that links it to the reminder: from then on the outbox
owns delivery, so a crash never sends it twice, and another process only takes over a claim whose lease ran out
before any message was logged.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, or_, select, update
from sqlalchemy.orm import Session

from connectors import senders
from connectors.db import Database, try_insert
from connectors.delivery import DeliveryService
from connectors.errors import ConnectorError
from connectors.message_log import MessageLog
from connectors.models import Author, Message, Reminder, Status, as_utc, utcnow
from connectors.replies import Reply
from connectors.wechat.api import OfficialAccountAPI

log = logging.getLogger(__name__)

SERVICE_WINDOW = timedelta(hours=48)
CLAIM_LEASE = timedelta(minutes=2)
WINDOWED_CHANNELS = {"wechat", "wecomkf"}


class ReminderScheduler:
    def __init__(self, db: Database, messages: MessageLog, delivery: DeliveryService, *, timezone: str,
                 oa_api: OfficialAccountAPI | None = None, oa_template_id: str = "") -> None:
        self.db = db
        self.messages = messages
        self.delivery = delivery
        self.tz = ZoneInfo(timezone)
        self.oa_api = oa_api
        self.oa_template_id = oa_template_id

    async def schedule(self, sender_id: str, custom: dict[str, Any]) -> Reminder | None:
        """Store a reminder payload; a repeat of the same (sender, doc, remind_at) is ignored."""
        try:
            deadline = self._when(custom["deadline"])
            remind_at = self._when(custom.get("remind_at") or custom["deadline"])
        except (KeyError, TypeError, ValueError) as exc:
            log.error("ignoring malformed reminder payload %r: %s", custom, exc)
            return None
        row = Reminder(sender_id=sender_id, doc=str(custom.get("doc") or ""), title=str(custom.get("title") or ""),
                       deadline=deadline, remind_at=remind_at, status="pending")

        def work(session: Session) -> Reminder | None:
            return row if try_insert(session, row) is None else None

        return await self.db.run(work)

    async def run_due(self, now: datetime | None = None) -> list[Reminder]:
        """Send every reminder whose time has come; returns them with their final status."""
        now = now or utcnow()
        due = await self.db.run(lambda s: list(s.scalars(
            select(Reminder.id).where(_claimable(now), Reminder.remind_at <= now).order_by(Reminder.id)
        )))
        done = []
        for reminder_id in due:
            result = await self._send(reminder_id, now)
            if result is not None:
                done.append(result)
        await self._settle(now)
        return done

    async def run(self, interval_s: float) -> None:
        """Background loop (started in the app lifespan)."""
        while True:
            try:
                await self.run_due()
            except Exception:
                log.exception("reminder pass failed")
            await asyncio.sleep(interval_s)

    def text(self, reminder: Reminder) -> str:
        deadline = as_utc(reminder.deadline).astimezone(self.tz)
        return (f"【申报提醒】《{reminder.title or reminder.doc}》将于{deadline:%Y年%m月%d日 %H:%M}截止申报，"
                "请抓紧准备材料并按时提交。")

    async def _send(self, reminder_id: int, now: datetime) -> Reminder | None:
        claimed = await self.db.run(lambda s: s.execute(
            update(Reminder).where(Reminder.id == reminder_id, _claimable(utcnow()))
            .values(status="sending", lease_until=utcnow() + CLAIM_LEASE)
        ).rowcount)
        if claimed != 1:
            return None  # another process took it
        reminder = await self.db.run(lambda s: s.get(Reminder, reminder_id))
        channel = senders.parse(reminder.sender_id).channel
        reply = Reply(text=self.text(reminder))
        route, error = channel, None  # route: the channel itself, "template" or "none"
        if channel in WINDOWED_CHANNELS:
            last = await self.messages.last_inbound_at(reminder.sender_id)
            if last is None or now - last > SERVICE_WINDOW:
                route, error = await self._outside_window(reminder, channel)
        if route == channel:
            rows = await self.db.run(lambda s: self._link(s, reminder_id, reminder.sender_id, reply))
            self.messages.published(rows)
            rows = await self.delivery.dispatch(rows)
            status = "undeliverable" if rows[0].status == Status.UNDELIVERABLE else "sent"
            return await self._finish(reminder_id, status, route, rows[0].id, rows[0].last_error)
        rows = await self.messages.record_outbound(reminder.sender_id, [reply], author=Author.SYSTEM,
                                                   status=Status.SENT if error is None else Status.PENDING)
        if error is not None:
            await self.messages.mark_failed(rows[0].id, error, retry_in_s=None)
        return await self._finish(reminder_id, "sent" if error is None else "undeliverable", route, rows[0].id, error)

    def _link(self, session: Session, reminder_id: int, sender_id: str, reply: Reply) -> list:
        """Log the reminder's message in the outbox and record it on the reminder, in one transaction."""
        rows = self.messages.add_outbound(session, sender_id, [reply], author=Author.SYSTEM, status=Status.PENDING,
                                          reply_to=None)
        row = session.get(Reminder, reminder_id)
        row.message_id, row.route = rows[0].id, senders.parse(sender_id).channel
        return rows

    async def _settle(self, now: datetime) -> None:
        """Reminders whose sender died after handing the message to the outbox take the message's status."""
        def work(session: Session) -> None:
            stuck = session.scalars(select(Reminder).where(
                Reminder.status == "sending", Reminder.message_id.is_not(None), Reminder.lease_until < now))
            for reminder in stuck:
                message = session.get(Message, reminder.message_id)
                if message is not None and message.status in (Status.SENT, Status.UNDELIVERABLE):
                    reminder.status = "sent" if message.status == Status.SENT else "undeliverable"
                    reminder.sent_at = message.delivered_at if message.status == Status.SENT else None
                    reminder.last_error = message.last_error

        await self.db.run(work)

    async def _outside_window(self, reminder: Reminder, channel: str) -> tuple[str, str | None]:
        """Route for a user who has not written within 48 hours."""
        if channel != "wechat" or not (self.oa_api and self.oa_template_id):
            return "none", "outside the 48-hour service window and no subscription template configured"
        openid = senders.parse(reminder.sender_id).user
        deadline = as_utc(reminder.deadline).astimezone(self.tz)
        try:
            await self.oa_api.send_subscribe(openid, self.oa_template_id, {
                "thing1": (reminder.title or reminder.doc)[:20], "time2": f"{deadline:%Y年%m月%d日 %H:%M}",
            })
        except ConnectorError as exc:
            return "template", f"subscription message failed: {exc}"
        return "template", None

    async def _finish(self, reminder_id: int, status: str, route: str, message_id: int,
                      error: str | None) -> Reminder:
        def work(session: Session) -> Reminder:
            row = session.get(Reminder, reminder_id)
            row.status, row.route, row.message_id, row.last_error = status, route, message_id, error
            row.sent_at = utcnow() if status == "sent" else None
            return row

        return await self.db.run(work)

    def _when(self, value: str) -> datetime:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=self.tz)
        return moment.astimezone(ZoneInfo("UTC"))

    async def recover(self) -> int:
        """Reminders left ``sending`` by a crashed process before it logged their message, whose claim has
        expired, go back to ``pending``. A claim another live process still holds is left alone."""
        now = utcnow()
        return await self.db.run(lambda s: s.execute(
            update(Reminder).where(Reminder.status == "sending", Reminder.message_id.is_(None),
                                   or_(Reminder.lease_until.is_(None), Reminder.lease_until < now))
            .values(status="pending")
        ).rowcount)


def _claimable(now: datetime):
    """Pending, or ``sending`` by a process whose claim expired before it logged the message."""
    return or_(Reminder.status == "pending",
               and_(Reminder.status == "sending", Reminder.message_id.is_(None),
                    or_(Reminder.lease_until.is_(None), Reminder.lease_until < now)))

