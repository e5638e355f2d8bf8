"""Replay protection for WeChat/WeCom callbacks: a timestamp window and a cache of seen (timestamp, nonce) pairs.

The plaintext-mode signature covers only token, timestamp and nonce, not the body: whoever once saw a signed
callback URL could post any body with it. So after the signature check every callback must be recent
(``|now - timestamp| <= window``) and its (channel, timestamp, nonce) must be new. WeChat resends a callback it got
no answer to within 5 s; a resend carries the same body, so a pair seen before with the same body digest is let
through (the message log's MsgId dedupe makes it harmless) and only a different body is refused.

The cache is Redis (``SET NX EX``) when configured, else the ``gateway_callback_nonces`` table.
"""

from __future__ import annotations

import hashlib
import time
from datetime import timedelta

from sqlalchemy import delete
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from connectors.db import Database
from connectors.errors import ReplayError
from connectors.models import utcnow
from connectors.security_models import CallbackNonce


class ReplayGuard:
    def __init__(self, db: Database, window_s: int, redis=None, prefix: str = "policybot") -> None:
        self.db = db
        self.window_s = window_s
        self.redis = redis  # a redis.asyncio.Redis, or None
        self.prefix = prefix

    async def check(self, channel: str, timestamp: str, nonce: str, body: bytes) -> None:
        """``ReplayError`` unless the callback is recent and its nonce new (or a resend of the same body)."""
        try:
            sent = int(timestamp)
        except ValueError:
            raise ReplayError("callback timestamp is not a number") from None
        if abs(time.time() - sent) > self.window_s:
            raise ReplayError(f"callback timestamp {timestamp} is outside the ±{self.window_s} s window")
        if not nonce or len(nonce) > 64:
            raise ReplayError("callback nonce missing or too long")
        key = f"{channel}:{sent}:{nonce}"
        digest = hashlib.sha256(body).hexdigest()
        fresh = await (self._redis_seen(key, digest) if self.redis is not None else self._db_seen(key, digest))
        if not fresh:
            raise ReplayError("callback nonce reused with a different body")

    async def _redis_seen(self, key: str, digest: str) -> bool:
        name = f"{self.prefix}:nonce:{key}"
        if await self.redis.set(name, digest, nx=True, ex=2 * self.window_s):
            return True
        stored = await self.redis.get(name)
        return stored is not None and (stored.decode() if isinstance(stored, bytes) else stored) == digest

    async def _db_seen(self, key: str, digest: str) -> bool:
        def work(session: Session) -> bool:
            row = session.get(CallbackNonce, key)
            if row is not None:
                return row.digest == digest
            now = utcnow()
            session.execute(delete(CallbackNonce).where(CallbackNonce.expires_at < now))
            session.add(CallbackNonce(key=key, digest=digest, expires_at=now + timedelta(seconds=2 * self.window_s)))
            return True

        try:
            return await self.db.run(work)
        except IntegrityError:  # another request (or replica) stored the same pair first: compare with it
            row = await self.db.run(lambda s: s.get(CallbackNonce, key))
            return row is not None and row.digest == digest
