"""Small persisted protocol state (key → text), e.g. the 微信客服 ``sync_msg`` cursor per open_kfid."""

from __future__ import annotations

from sqlalchemy.orm import Session

from connectors.db import Database
from connectors.models import KeyValue, utcnow


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
