"""Request rate limits (the ``limits`` library, moving window) and caps on concurrent live streams.

Limits live in process memory by default and in Redis when ``POLICYBOT_REDIS_URL`` is set, so that every
gateway replica counts the same client together. A Redis outage must not take the chat down with it: the limiter
then lets requests through and logs the failure (fail open), since the other defences (body limits, login
backoff, hashing pool) do not depend on Redis.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable
from functools import lru_cache

from limits import RateLimitItem, parse
from limits.aio.strategies import MovingWindowRateLimiter
from limits.errors import StorageError
from limits.storage import storage_from_string

from connectors.errors import RateLimited

log = logging.getLogger(__name__)
TOO_FAST = "操作过于频繁，请 {seconds} 秒后再试"


@lru_cache(maxsize=64)
def rule(text: str) -> RateLimitItem:
    """``"20/minute"`` → a limits item (validated once when the settings are read)."""
    return parse(text)


class RateLimiter:
    """Counts hits per (rule, namespace, identifier) in memory or Redis."""

    def __init__(self, redis_url: str = "", prefix: str = "policybot") -> None:
        if redis_url:
            uri = "async+" + redis_url if not redis_url.startswith("async+") else redis_url
            self.storage = storage_from_string(uri, key_prefix=f"{prefix}:limits", implementation="redispy",
                                               wrap_exceptions=True)
        else:
            self.storage = storage_from_string("async+memory://")
        self._strategy = MovingWindowRateLimiter(self.storage)

    async def hit(self, limit: str, namespace: str, identifier: str) -> float | None:
        """Count one request; None when allowed, else the seconds until the window lets one through."""
        item = rule(limit)
        try:
            if await self._strategy.hit(item, namespace, identifier):
                return None
            stats = await self._strategy.get_window_stats(item, namespace, identifier)
        except StorageError as exc:
            log.error("rate-limit storage failed, request allowed: %s", exc)
            return None
        return max(1.0, stats.reset_time - time.time())

    async def check(self, limit: str, namespace: str, identifier: str, message: str = TOO_FAST) -> None:
        """Raise ``RateLimited`` (→ 429 with ``Retry-After``) when this request is over ``limit``."""
        wait = await self.hit(limit, namespace, identifier)
        if wait is not None:
            exc = RateLimited("", wait)
            raise RateLimited(message.format(seconds=exc.retry_after), wait)

    async def reset(self) -> None:
        await self.storage.reset()


class StreamCaps:
    """How many live streams (SSE) are open per session and per client IP, in this process.

    Counted per process rather than in Redis: a stream lives and dies with the process serving it, so a crashed
    replica cannot leave stale counts behind; a client spreading streams over N replicas gets N times the cap.
    """

    def __init__(self, per_session: int, per_ip: int) -> None:
        self.per_session = per_session
        self.per_ip = per_ip
        self._sessions: Counter[str] = Counter()
        self._ips: Counter[str] = Counter()

    def reserve(self, session: str, ip: str) -> Callable[[], None]:
        """Reserve one stream; returns its release (idempotent). ``RateLimited`` when a cap is reached."""
        if self._sessions[session] >= self.per_session or self._ips[ip] >= self.per_ip:
            raise RateLimited("打开的实时连接过多，请关闭多余的页面后重试", 10)
        self._sessions[session] += 1
        self._ips[ip] += 1
        released = False

        def release() -> None:
            nonlocal released
            if released:
                return
            released = True
            for counter, key in ((self._sessions, session), (self._ips, ip)):
                counter[key] -= 1
                if counter[key] <= 0:
                    del counter[key]

        return release
