"""Small persisted protocol state shared by every gateway process: key → text (the 微信客服 ``sync_msg`` cursor,
the shared access token) and named leases (who refreshes a token, who runs a scheduler pass).

Leases live in the gateway database, not in Redis: replicas must share that database anyway, so a lease there
works with and without Redis and is taken with one conditional statement on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import os
import socket
from datetime import timedelta

from sqlalchemy import delete, or_, update
from sqlalchemy.orm import Session

from connectors.db import Database, try_insert
from connectors.models import KeyValue, Lease, utcnow


def process_owner() -> str:
    """A name for this process in leases: host, pid and a random suffix (a restarted pid is a new owner)."""
    return f"{socket.gethostname()[:32]}:{os.getpid()}:{os.urandom(3).hex()}"


async def get(db: Database, key: str) -> str | None:
    row = await db.run(lambda s: s.get(KeyValue, key))
    return row.value if row else None


async def put(db: Database, key: str, value: str) -> None:
    def work(session: Session) -> None:
        row = session.get(KeyValue, key)
        if row is None:
            session.add(KeyValue(key=key, value=value, updated_at=utcnow()))
        else:
            row.value = value

    await db.run(work)


async def replace_if(db: Database, key: str, expected: str, value: str) -> bool:
    """Set ``key`` to ``value`` only while it still holds ``expected`` (compare-and-set)."""
    return await db.run(lambda s: s.execute(
        update(KeyValue).where(KeyValue.key == key, KeyValue.value == expected).values(value=value, updated_at=utcnow())
    ).rowcount == 1)


class Leases:
    """Named leases: ``await leases.acquire("reminders", ttl_s=30)`` is True for exactly one live process at a
    time; the holder renews by acquiring again, and a crashed holder's lease simply expires."""

    def __init__(self, db: Database, owner: str) -> None:
        self.db = db
        self.owner = owner

    async def acquire(self, name: str, ttl_s: float) -> bool:
        now = utcnow()
        until = now + timedelta(seconds=ttl_s)

        def work(session: Session) -> bool:
            taken = session.execute(
                update(Lease).where(Lease.name == name, or_(Lease.owner == self.owner, Lease.expires_at < now))
                .values(owner=self.owner, expires_at=until)
            ).rowcount
            if taken:
                return True
            if session.get(Lease, name) is not None:
                return False
            # an error means another process created it first
            return try_insert(session, Lease(name=name, owner=self.owner, expires_at=until)) is None

        return await self.db.run(work)

    async def release(self, name: str) -> None:
        await self.db.run(lambda s: s.execute(delete(Lease).where(Lease.name == name, Lease.owner == self.owner)))
