"""Account changes made from the admin screen (role, display name, enabled, password reset) and canned-reply
edits, run inside ``Database.run``. Password rules, hashing and session ending stay in ``auth``; this module
adds the one rule the CLI does not need: the console can never lose its last active admin."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from connectors.console import auth
from connectors.console.models import CannedReply, Role, Staff


class AccountMissing(auth.AuthError):
    """No account with that id."""


class AccountRefused(auth.AuthError):
    """The change would leave the console without an active admin."""


def update_account(session: Session, staff_id: int, *, role: Role | None, display_name: str | None,
                   active: bool | None) -> Staff:
    """Change what was given; disabling ends the account's sessions at once (``auth.set_active``)."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise AccountMissing("账号不存在")
    loses_admin = staff.role == Role.ADMIN and staff.active and (
        (role is not None and role != Role.ADMIN) or active is False)
    if loses_admin and _active_admins(session) <= 1:
        raise AccountRefused("至少需要保留一个启用的管理员账号")
    if role is not None:
        staff.role = role
    if display_name is not None:
        staff.display_name = display_name or staff.username
    if active is not None and active != staff.active:
        auth.set_active(session, staff.username, active)
    session.flush()
    return staff


def reset_password(session: Session, staff_id: int, password: str) -> Staff:
    """A new password chosen by the admin; the account's open sessions end (``auth.set_password``)."""
    staff = session.get(Staff, staff_id)
    if staff is None:
        raise AccountMissing("账号不存在")
    auth.set_password(session, staff.username, password)
    staff.locked_until = None
    return staff


def update_canned_reply(session: Session, reply_id: int, title: str, text: str) -> CannedReply | None:
    row = session.get(CannedReply, reply_id)
    if row is None:
        return None
    row.title, row.text = title, text
    session.flush()
    return row


def _active_admins(session: Session) -> int:
    return session.scalar(
        select(func.count()).select_from(Staff).where(Staff.role == Role.ADMIN, Staff.active.is_(True))
    ) or 0
