"""Exponential backoff after failed console logins, counted atomically in SQL, and the login audit log.

Why backoff and not a lock: a hard lock after N failures lets anyone lock the admin out with N wrong passwords.
Here failures are counted per client IP, per (account, IP) and per account. Each key waits 1, 2, 4 … seconds
(capped) once it has used its free failures. The per-account count only slows IPs the account never logged in
from, so the real admin keeps logging in from a known place while a distributed guesser slows down. Counting is
one ``INSERT … ON CONFLICT DO UPDATE … RETURNING`` per key, so parallel guesses cannot overwrite each other's
count (the old read-modify-write stored "1" for all of them).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import case, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from connectors.console.models import Staff
from connectors.models import as_utc
from connectors.security_models import LoginAudit, LoginThrottle

FORGET_AFTER = timedelta(minutes=30)  # a key with no failure for this long starts again from zero


@dataclass(frozen=True)
class Backoff:
    """``free`` failures cost nothing; each further one doubles the wait, up to ``cap_s``."""

    free: int
    cap_s: int

    def delay(self, failures: int) -> float:
        return 0.0 if failures < self.free else float(min(self.cap_s, 2 ** (failures - self.free)))


POLICIES = {"ip": Backoff(free=10, cap_s=900), "pair": Backoff(free=5, cap_s=900), "acct": Backoff(free=50, cap_s=300)}


def _keys(username: str, ip: str) -> dict[str, str]:
    name = username.lower()
    return {"ip": f"ip:{ip}", "pair": f"pair:{name}|{ip}", "acct": f"acct:{name}", "known": f"known:{name}|{ip}"}


def wait_seconds(session: Session, username: str, ip: str, now: datetime) -> float:
    """How long this (account, IP) must wait before its next attempt is even checked."""
    keys = _keys(username, ip)
    rows = {r.key: r for r in session.scalars(select(LoginThrottle).where(LoginThrottle.key.in_(keys.values())))}
    applicable = ["ip", "pair"] + ([] if keys["known"] in rows else ["acct"])
    waits = [(as_utc(row.blocked_until) - now).total_seconds() for kind in applicable
             if (row := rows.get(keys[kind])) is not None and row.blocked_until is not None]
    return max([0.0, *waits])


def record_failure(session: Session, username: str, ip: str, now: datetime) -> float:
    """Count one failure on every key atomically; returns the longest backoff it earned."""
    keys = _keys(username, ip)
    longest = 0.0
    for kind, policy in POLICIES.items():
        failures = _increment(session, keys[kind], now)
        delay = policy.delay(failures)
        if delay:
            until = now + timedelta(seconds=delay)
            session.execute(update(LoginThrottle).where(
                LoginThrottle.key == keys[kind],
                or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until < until),
            ).values(blocked_until=until))
            longest = max(longest, delay)
    session.execute(update(Staff).where(func.lower(Staff.username) == username.lower())
                    .values(failed_logins=Staff.failed_logins + 1))
    return longest


def record_success(session: Session, staff: Staff, username: str, ip: str, now: datetime) -> None:
    """Clear the (account, IP) backoff and remember the IP as one the account logs in from."""
    keys = _keys(username, ip)
    session.execute(delete(LoginThrottle).where(LoginThrottle.key == keys["pair"]))
    _increment(session, keys["known"], now)
    staff.failed_logins, staff.last_login_at = 0, now


def audit(session: Session, username: str, ip: str, outcome: str, *, staff_id: int | None = None,
          user_agent: str = "", now: datetime) -> None:
    """Append one login attempt to ``console_login_audit`` (outcomes: ok, failed, throttled)."""
    session.add(LoginAudit(at=now, username=username[:64], staff_id=staff_id, ip=ip[:64], outcome=outcome,
                           user_agent=user_agent[:200]))


def recent(session: Session, limit: int = 100) -> list[LoginAudit]:
    return list(session.scalars(select(LoginAudit).order_by(LoginAudit.id.desc()).limit(limit)))


def _increment(session: Session, key: str, now: datetime) -> int:
    table = LoginThrottle.__table__
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    stale = table.c.updated_at < now - FORGET_AFTER
    statement = insert(table).values(key=key, failures=1, updated_at=now).on_conflict_do_update(
        index_elements=[table.c.key],
        set_={"failures": case((stale, 1), else_=table.c.failures + 1),
              "blocked_until": case((stale, None), else_=table.c.blocked_until),
              "updated_at": now},
    ).returning(table.c.failures)
    return session.execute(statement).scalar_one()

