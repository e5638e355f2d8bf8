"""API keys of ``/api/chat`` callers (``policybot apikey add NAME``): created once, stored as SHA-256, revocable.

Each key owns a namespace of sender ids (``api:<name>.<sender>``), so one integration can neither read nor
continue another's conversations, and its rate limit is its own.
"""

from __future__ import annotations

import hashlib
import re
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from connectors.errors import ConnectorError
from connectors.models import utcnow
from connectors.security_models import ApiKey

PREFIX = "pbk_"
NAME = re.compile(r"^[A-Za-z0-9_-]{1,32}$")


class ApiKeyError(ConnectorError):
    """An API key could not be created or revoked (bad or duplicate name, unknown name)."""


def digest(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()


def create(session: Session, name: str) -> str:
    """Add a key for ``name``; returns the key itself, which is shown once and never stored."""
    if not NAME.match(name):
        raise ApiKeyError("名称只能包含字母、数字、_ 和 -，长度 1–32")
    if session.scalar(select(ApiKey.id).where(ApiKey.name == name)) is not None:
        raise ApiKeyError(f"名称 {name} 已存在")
    key = PREFIX + secrets.token_urlsafe(32)
    session.add(ApiKey(name=name, key_hash=digest(key), created_at=utcnow()))
    session.flush()
    return key


def owner(session: Session, key: str) -> str | None:
    """The name of the live key ``key``, or None."""
    if not key.startswith(PREFIX):
        return None
    row = session.scalar(select(ApiKey).where(ApiKey.key_hash == digest(key)))
    return row.name if row is not None and row.revoked_at is None else None


def revoke(session: Session, name: str) -> None:
    row = session.scalar(select(ApiKey).where(ApiKey.name == name))
    if row is None:
        raise ApiKeyError(f"没有名为 {name} 的 API 密钥")
    row.revoked_at = row.revoked_at or utcnow()


def listing(session: Session) -> list[dict]:
    rows = session.scalars(select(ApiKey).order_by(ApiKey.id))
    return [{"name": r.name, "created_at": r.created_at.isoformat(), "revoked": r.revoked_at is not None}
            for r in rows]
