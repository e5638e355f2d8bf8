"""Staff accounts and console logins: argon2 password hashes, server-side sessions, CSRF tokens.

Why server-side sessions rather than signed cookies: a logout or a disabled account must end access at once on
every replica, and the session's ``last_seen_at`` tells the handoff service whether anyone is online.
The cookie holds a random token; the database keeps only its SHA-256. Unsafe requests must echo the session's
CSRF token in the ``X-CSRF-Token`` header (synchronizer-token pattern).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from connectors.console.models import Role, Staff, StaffSession
from connectors.errors import ConnectorError
from connectors.models import as_utc, utcnow

COOKIE_NAME = "policybot_console"
CSRF_HEADER = "X-CSRF-Token"
MIN_PASSWORD_LENGTH = 10
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-@]{2,64}$")
_hasher = PasswordHasher()


class AuthError(ConnectorError):
    """A staff account could not be created or changed (bad username, weak password, duplicate)."""


@dataclass(frozen=True)
class SessionPolicy:
    """How long a login lasts: ``idle`` without requests, at most ``max_age`` after login."""

    idle: timedelta
    max_age: timedelta


@dataclass(frozen=True)
class Login:
    """A live login as the console routes see it."""

    session_id: str
    csrf_token: str
    staff_id: int
    username: str
    name: str
    role: Role

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_editor(self) -> bool:
        """May change the knowledge base (documents, fact reviews, FAQ)."""
        return self.role in (Role.EDITOR, Role.ADMIN)


def create_staff(session: Session, username: str, password: str, role: Role | str,
                 display_name: str = "") -> Staff:
    """Add a staff account; ``AuthError`` when the name is taken or the password too weak."""
    role = Role(role)
    if not _USERNAME.match(username):
        raise AuthError("用户名只能包含字母、数字和 _ . - @，长度 2–64")
    check_password_strength(password)
    if session.scalar(select(Staff.id).where(func.lower(Staff.username) == username.lower())) is not None:
        raise AuthError(f"用户名 {username} 已存在")
    staff = Staff(
        username=username, display_name=display_name or username, role=role, password_hash=_hasher.hash(password),
        active=True, failed_logins=0,
    )
    session.add(staff)
    session.flush()
    return staff


def set_password(session: Session, username: str, password: str) -> None:
    """Change a password and end the account's sessions."""
    staff = _by_username(session, username)
    check_password_strength(password)
    staff.password_hash = _hasher.hash(password)
    staff.failed_logins = 0
    session.execute(delete(StaffSession).where(StaffSession.staff_id == staff.id))


def set_active(session: Session, username: str, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions at once."""
    staff = _by_username(session, username)
    staff.active = active
    if not active:
        session.execute(delete(StaffSession).where(StaffSession.staff_id == staff.id))


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"密码至少需要 {MIN_PASSWORD_LENGTH} 个字符")
    if password.isdigit() or password.isalpha():
        raise AuthError("密码不能只包含数字或只包含字母")


@dataclass(frozen=True)
class Candidate:
    """What a login needs from the account row, read in one short transaction before any hashing."""

    staff_id: int
    password_hash: str
    active: bool


def candidate(session: Session, username: str) -> Candidate | None:
    staff = session.scalar(select(Staff).where(func.lower(Staff.username) == username.lower()))
    return Candidate(staff.id, staff.password_hash, staff.active) if staff is not None else None


def verify_password(password_hash: str | None, password: str) -> bool:
    """argon2 check (~0.1 s CPU, ~64 MiB); an unknown user is checked against a dummy hash so that a failed
    login takes as long either way. Runs in the login hashing pool, never inside a database session."""
    return _verify(password_hash or _dummy_hash(), password)


def rehash(password_hash: str, password: str) -> str | None:
    """A new hash when the stored one uses outdated argon2 parameters (after a successful check), else None."""
    return _hasher.hash(password) if _hasher.check_needs_rehash(password_hash) else None


def authenticate(session: Session, username: str, password: str) -> Staff | None:
    """The active account matching the credentials, or None. Synchronous, for scripts and tests; the HTTP login
    (``connectors.console.login``) hashes outside the session and applies the backoff."""
    found = candidate(session, username)
    if not verify_password(found.password_hash if found else None, password) or not found.active:
        return None
    return session.get(Staff, found.staff_id)


def open_session(session: Session, staff: Staff, policy: SessionPolicy) -> tuple[str, Login]:
    """Start a login; returns the cookie token (shown once, never stored) and the login."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    row = StaffSession(
        id=_digest(token), staff_id=staff.id, csrf_token=secrets.token_urlsafe(32), created_at=now,
        expires_at=min(now + policy.idle, now + policy.max_age), last_seen_at=now,
    )
    session.add(row)
    session.execute(delete(StaffSession).where(StaffSession.expires_at < now))
    return token, _login(row, staff)


def resume_session(session: Session, token: str, policy: SessionPolicy) -> Login | None:
    """The login behind a cookie token, sliding its idle expiry; None when unknown, expired or disabled."""
    if not token:
        return None
    row = session.get(StaffSession, _digest(token))
    now = utcnow()
    if row is None or as_utc(row.expires_at) <= now:
        return None
    staff = session.get(Staff, row.staff_id)
    if staff is None or not staff.active:
        return None
    row.last_seen_at = now
    row.expires_at = min(now + policy.idle, as_utc(row.created_at) + policy.max_age)
    return _login(row, staff)


def end_session(session: Session, session_id: str) -> None:
    session.execute(delete(StaffSession).where(StaffSession.id == session_id))


def csrf_matches(login: Login, presented: str | None) -> bool:
    return bool(presented) and hmac.compare_digest(login.csrf_token, presented)


def staff_online(session: Session, window: timedelta, now: datetime | None = None) -> int:
    """How many distinct staff members made a console request (or held the live stream) within ``window``."""
    now = now or utcnow()
    return session.scalar(
        select(func.count(func.distinct(StaffSession.staff_id))).where(
            StaffSession.last_seen_at >= now - window, StaffSession.expires_at > now
        )
    ) or 0


def _login(row: StaffSession, staff: Staff) -> Login:
    return Login(
        session_id=row.id, csrf_token=row.csrf_token, staff_id=staff.id, username=staff.username,
        name=staff.name, role=Role(staff.role),
    )


def _by_username(session: Session, username: str) -> Staff:
    staff = session.scalar(select(Staff).where(func.lower(Staff.username) == username.lower()))
    if staff is None:
        raise AuthError(f"没有名为 {username} 的账号")
    return staff


@cache
def _dummy_hash() -> str:
    """Verified against when the username is unknown, so a failed login takes as long either way."""
    return _hasher.hash("policybot-no-such-user")


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
