"""The abuse defences one gateway process shares: rate limiter, stream caps, login hashing pool, stream tokens,
and the Redis client behind them when one is configured. Built by ``create_app``; closed in its lifespan."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from connectors.console.hashing import PasswordPool
from connectors.db import Database
from connectors.ratelimit import RateLimiter, StreamCaps
from connectors.replay import ReplayGuard
from connectors.settings import Settings
from connectors.streamtoken import StreamTokens


@dataclass
class Guards:
    settings: Settings
    limiter: RateLimiter
    streams: StreamCaps
    passwords: PasswordPool
    stream_tokens: StreamTokens
    redis: Any | None = None

    def replay(self, db: Database) -> ReplayGuard:
        return ReplayGuard(db, self.settings.callback_max_skew_s, self.redis, self.settings.redis_key_prefix)

    async def aclose(self) -> None:
        self.passwords.close()
        if self.redis is not None:
            await self.redis.aclose()


def build(settings: Settings) -> Guards:
    """Nothing connects here: the Redis client opens its connections on first use."""
    redis = None
    if settings.redis_url:
        import redis.asyncio as redis_asyncio

        redis = redis_asyncio.from_url(settings.redis_url)
    secret = settings.web_token_secret.get_secret_value() if settings.web_token_secret else None
    return Guards(
        settings=settings,
        limiter=RateLimiter(settings.redis_url, settings.redis_key_prefix),
        streams=StreamCaps(settings.sse_streams_per_session, settings.sse_streams_per_ip),
        passwords=PasswordPool(settings.login_hash_workers, settings.login_queue_max),
        stream_tokens=StreamTokens(secret),
        redis=redis,
    )
