"""One console login attempt: backoff check, password hashing in its own pool, atomic failure counting, audit.

The database is touched in short transactions before and after the argon2 check, never during it.
"""

from __future__ import annotations

from connectors.console import auth, throttle
from connectors.console.hashing import PasswordPool
from connectors.console.models import Staff
from connectors.db import Database
from connectors.errors import ConnectorError, RateLimited
from connectors.models import utcnow


class LoginFailed(ConnectorError):
    """Wrong user name or password, or a disabled account (the caller cannot tell which)."""


async def attempt(db: Database, pool: PasswordPool, username: str, password: str, *, ip: str, user_agent: str,
                  policy: auth.SessionPolicy) -> tuple[str, auth.Login]:
    """Log in; returns the cookie token and the login. ``RateLimited`` while this client is backing off or the
    hashing pool is full, ``LoginFailed`` for bad credentials."""
    async with pool.admission():
        return await _attempt(db, pool, username, password, ip=ip, user_agent=user_agent, policy=policy)


async def _attempt(db: Database, pool: PasswordPool, username: str, password: str, *, ip: str, user_agent: str,
                   policy: auth.SessionPolicy) -> tuple[str, auth.Login]:
    now = utcnow()

    def precheck(session):
        wait = throttle.wait_seconds(session, username, ip, now)
        if wait > 0:
            throttle.audit(session, username, ip, "throttled", user_agent=user_agent, now=now)
            return wait, None
        return 0.0, auth.candidate(session, username)

    wait, found = await db.run(precheck)
    if wait > 0:
        raise RateLimited(f"登录失败次数过多，请 {int(wait + 0.999)} 秒后再试", wait)
    ok = await pool.run(auth.verify_password, found.password_hash if found else None, password)
    if not (ok and found and found.active):
        await db.run(lambda s: _failed(s, username, ip, user_agent, found))
        raise LoginFailed("用户名或密码错误")
    new_hash = await pool.run(auth.rehash, found.password_hash, password)

    def finish(session):
        staff = session.get(Staff, found.staff_id)
        if staff is None or not staff.active:
            return None
        if new_hash:
            staff.password_hash = new_hash
        throttle.record_success(session, staff, username, ip, utcnow())
        throttle.audit(session, username, ip, "ok", staff_id=staff.id, user_agent=user_agent, now=utcnow())
        return auth.open_session(session, staff, policy)

    opened = await db.run(finish)
    if opened is None:
        raise LoginFailed("用户名或密码错误")
    return opened


def _failed(session, username: str, ip: str, user_agent: str, found: auth.Candidate | None) -> None:
    now = utcnow()
    throttle.record_failure(session, username, ip, now)
    throttle.audit(session, username, ip, "failed", staff_id=found.staff_id if found else None,
                   user_agent=user_agent, now=now)
