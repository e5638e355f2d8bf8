"""The gateway's long-lived components, built once in the app lifespan and shared through ``app.state``.

Extensions (the staff console) receive this object in their startup hook and may replace
``conversation.gate`` with a real ``HandoffGate``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

import anyio
import httpx

from connectors.conversation import Conversation, NoHandoff
from connectors.db import Database
from connectors.delivery import (
    DeliveryService,
    OfficialAccountTransport,
    Transport,
    WebTransport,
    WeComAppTransport,
    WeComKfTransport,
)
from connectors.events import EventBus, RedisEventBus
from connectors.message_log import MessageLog
from connectors.rasa_client import RasaClient
from connectors.reminders import ReminderScheduler
from connectors.settings import Settings
from connectors.state import Leases, process_owner
from connectors.wechat.api import OfficialAccountAPI, WeComAPI
from connectors.wechat.token import AccessTokenCache, SharedTokens, TokenSource

log = logging.getLogger(__name__)
SHUTDOWN_GRACE_S = 3.0


def _secret(value) -> str:
    return value.get_secret_value() if value is not None else ""


@dataclass
class Services:
    settings: Settings
    db: Database
    http: httpx.AsyncClient
    bus: EventBus
    messages: MessageLog
    rasa: RasaClient
    delivery: DeliveryService
    reminders: ReminderScheduler
    conversation: Conversation
    oa_api: OfficialAccountAPI | None = None
    wecom_api: WeComAPI | None = None
    kf_api: WeComAPI | None = None
    leases: Leases | None = None
    oa_pending: dict[str, Any] = field(default_factory=dict)  # MsgId → answer in progress (channels/wechat_oa)
    locks: dict[str, asyncio.Lock] = field(default_factory=dict)  # per-resource locks (kf sync cursor)
    _tasks: set[asyncio.Task] = field(default_factory=set)
    _loops: list[asyncio.Task] = field(default_factory=list)

    def start_loops(self) -> None:
        """The background loops every gateway process runs: the outbox, kept turns, reminders."""
        settings = self.settings
        for coro, name in ((self.delivery.run(settings.delivery_retry_s), "delivery-retries"),
                           (self.conversation.run(min(settings.bot_retry_s, settings.delivery_retry_s)), "turn-reruns"),
                           (self.reminders.run(settings.reminder_poll_s), "reminders")):
            self.add_loop(coro, name)

    def add_loop(self, coro: Awaitable, name: str) -> asyncio.Task:
        """Run a background loop for the life of the process; unlike :meth:`spawn`'s work, it is cancelled at
        once on shutdown (a loop has nothing to finish)."""
        task = asyncio.ensure_future(coro)
        task.set_name(name)
        self._loops.append(task)
        return task

    def spawn(self, coro: Awaitable, name: str) -> asyncio.Task:
        """Run ``coro`` in the background, keeping a reference so it is not garbage-collected and is cancelled
        on shutdown; its failure is logged, never lost."""
        task = asyncio.ensure_future(coro)
        task.set_name(name)
        self._tasks.add(task)
        task.add_done_callback(self._done)
        return task

    def _done(self, task: asyncio.Task) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background task %s failed", task.get_name(), exc_info=task.exception())

    async def aclose(self) -> None:
        """Graceful shutdown: give running work (a reply being sent, a turn being answered) a moment to end,
        cancel the rest, then release this process's leases so another replica takes its unsent messages and
        open turns over at once instead of after the leases run out."""
        for task in self._loops:
            task.cancel()
        if self._tasks:
            await asyncio.wait(list(self._tasks), timeout=SHUTDOWN_GRACE_S)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._loops, *self._tasks, return_exceptions=True)
        try:
            released = await self.messages.release()
            if released:
                log.info("released %s leased messages/turns for other gateway processes", released)
        except Exception:  # the database may be the reason we stop; the leases then expire by themselves
            log.exception("could not release leases at shutdown; they expire by themselves")
        if isinstance(self.bus, RedisEventBus):
            await self.bus.aclose()
        await self.http.aclose()
        self.db.dispose()


async def build(settings: Settings) -> Services:
    """Open the database (migrating it when configured), the shared HTTP client and every service."""
    db = Database(settings.database_url)
    if settings.migrate_on_startup:
        await anyio.to_thread.run_sync(db.upgrade)
    http = httpx.AsyncClient(limits=httpx.Limits(max_connections=200, max_keepalive_connections=50))
    bus: EventBus = EventBus()
    if settings.redis_url:
        bus = RedisEventBus(settings.redis_url, prefix=f"{settings.redis_key_prefix}:events:")
        await bus.start()
    owner = process_owner()
    leases = Leases(db, owner)
    shared = SharedTokens(db, leases)
    messages = MessageLog(db, bus, owner=owner, lease_s=settings.outbox_lease_s)
    rasa = RasaClient(http, settings.rasa_url, _secret(settings.rasa_token) or None, settings.rasa_timeout_s)

    def tokens(base: str, ident: str, secret: str, wecom: bool = False) -> AccessTokenCache:
        return AccessTokenCache(http, TokenSource(base, ident, secret, wecom=wecom), shared=shared)

    transports: dict[str, Transport] = {"web": WebTransport()}
    oa_api = wecom_api = kf_api = None
    if settings.wechat_oa_appid and settings.wechat_oa_secret:
        oa_api = OfficialAccountAPI(http, settings.wechat_api_base, tokens(
            settings.wechat_api_base, settings.wechat_oa_appid, _secret(settings.wechat_oa_secret)))
        transports["wechat"] = OfficialAccountTransport(oa_api, settings.wechat_oa_appid)
    if settings.wecom_corp_id and settings.wecom_secret:
        wecom_api = WeComAPI(http, settings.wecom_api_base, tokens(
            settings.wecom_api_base, settings.wecom_corp_id, _secret(settings.wecom_secret), wecom=True))
        transports["wecom"] = WeComAppTransport(wecom_api, settings.wecom_corp_id, settings.wecom_agent_id)
    kf_secret = _secret(settings.wecom_kf_secret) or _secret(settings.wecom_secret)
    if settings.wecom_corp_id and kf_secret:
        kf_api = wecom_api if kf_secret == _secret(settings.wecom_secret) else WeComAPI(
            http, settings.wecom_api_base, tokens(settings.wecom_api_base, settings.wecom_corp_id, kf_secret, True))
        transports["wecomkf"] = WeComKfTransport(kf_api)
    delivery = DeliveryService(messages, transports, max_attempts=settings.delivery_max_attempts,
                               retry_s=settings.delivery_retry_s)
    reminders = ReminderScheduler(db, messages, delivery, timezone=settings.timezone, oa_api=oa_api,
                                  oa_template_id=settings.wechat_oa_reminder_template_id)
    conversation = Conversation(messages, rasa, NoHandoff(rasa), reminders, retry_s=settings.bot_retry_s,
                                handoff_after_s=settings.bot_handoff_after_s)
    conversation.delivery = delivery
    return Services(settings=settings, db=db, http=http, bus=bus, messages=messages, rasa=rasa, delivery=delivery,
                    reminders=reminders, conversation=conversation, oa_api=oa_api, wecom_api=wecom_api,
                    kf_api=kf_api, leases=leases)


StartupHook = Callable[[Services], Awaitable[None]]
