"""The console's inbox: one row per sender a person can read — the company (from the handoff's profile) or a
stable visitor name, channel, last message and its time, waiting time, unread count and state — with filters by
channel and state and a search over company names and message text.

Everything is read in a fixed number of SQL statements for the page of senders shown (no per-row queries):
the senders come from ``gateway_channel_users`` (newest inbound first), the rest from the message log through
its (sender_id, id) index. "Unread" means user messages after the last message sent to the user (by the bot or a
person); "waiting" counts from the first of them (or from the queueing when a handoff waits with none).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from connectors.console.models import OPEN_STATES, Handoff, Staff
from connectors.models import ChannelUser, Message, as_utc, utcnow

VISITOR_NAMES = {"web": "网页访客", "wechat": "公众号用户", "wecom": "企业微信用户", "wecomkf": "微信客服用户",
                 "api": "接口用户"}
BOT_STATE = "bot"  # no open handoff: the bot is answering
STATES = (BOT_STATE, *OPEN_STATES)
MAX_ROWS = 200


@dataclass(frozen=True)
class InboxFilter:
    channel: str | None = None
    state: str | None = None
    q: str = ""
    limit: int = 50


def visitor_name(sender_id: str, channel: str) -> str:
    """A short name that stays the same for a sender and tells nothing about their id ("网页访客 3F2A")."""
    code = hashlib.sha256(sender_id.encode()).hexdigest()[:4].upper()
    return f"{VISITOR_NAMES.get(channel, '访客')} {code}"


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def rows(session: Session, wanted: InboxFilter) -> list[dict[str, Any]]:
    """The inbox page, newest user activity first."""
    open_handoff = aliased(Handoff)
    query = (
        select(ChannelUser, open_handoff, Staff.display_name, Staff.username)
        .outerjoin(open_handoff, and_(open_handoff.sender_id == ChannelUser.sender_id,
                                      open_handoff.state.in_(OPEN_STATES)))
        .outerjoin(Staff, Staff.id == open_handoff.owner_id)
    )
    if wanted.channel:
        query = query.where(ChannelUser.channel == wanted.channel)
    if wanted.state == BOT_STATE:
        query = query.where(open_handoff.id.is_(None))
    elif wanted.state:
        query = query.where(open_handoff.state == wanted.state)
    if wanted.q:
        pattern = _like(wanted.q)
        named = exists().where(Handoff.sender_id == ChannelUser.sender_id,
                               Handoff.company_name.like(pattern, escape="\\"))
        said = exists().where(Message.sender_id == ChannelUser.sender_id, Message.text.like(pattern, escape="\\"))
        query = query.where(or_(named, said))
    found = session.execute(
        query.order_by(ChannelUser.last_inbound_at.desc()).limit(min(wanted.limit, MAX_ROWS))
    ).all()
    senders = [user.sender_id for user, *_ in found]
    if not senders:
        return []
    last = _last_messages(session, senders)
    unread = _unread(session, senders)
    companies = _companies(session, senders)
    now = utcnow()
    result = []
    for user, handoff, display_name, username in found:
        message = last.get(user.sender_id)
        count, first_unread = unread.get(user.sender_id, (0, None))
        queued = as_utc(handoff.created_at) if handoff is not None and handoff.state == "waiting" else None
        since = first_unread or queued
        company = (handoff.company_name if handoff is not None else "") or companies.get(user.sender_id, "")
        result.append({
            "sender_id": user.sender_id, "channel": user.channel,
            "name": company or visitor_name(user.sender_id, user.channel), "company_name": company,
            "state": handoff.state if handoff is not None else BOT_STATE,
            "handoff_id": handoff.id if handoff is not None else None,
            "owner": (display_name or username or "") if handoff is not None else "",
            "last_message": message.text if message else "",
            "last_author": message.author if message else "",
            "last_message_at": as_utc(message.created_at) if message else as_utc(user.last_inbound_at),
            "unread": count,
            "waiting_seconds": max(0, int((now - since).total_seconds())) if since else 0,
        })
    return result


def _last_messages(session: Session, senders: list[str]) -> dict[str, Message]:
    newest = select(func.max(Message.id)).where(Message.sender_id.in_(senders)).group_by(Message.sender_id)
    return {m.sender_id: m for m in session.scalars(select(Message).where(Message.id.in_(newest)))}


def _unread(session: Session, senders: list[str]) -> dict[str, tuple[int, datetime | None]]:
    """User messages after the last outbound one, and when the first of them came, per sender."""
    out = aliased(Message)
    last_out = (select(func.coalesce(func.max(out.id), literal(0)))
                .where(out.sender_id == Message.sender_id, out.direction == "out").scalar_subquery())
    found = session.execute(
        select(Message.sender_id, func.count(), func.min(Message.created_at))
        .where(Message.sender_id.in_(senders), Message.direction == "in", Message.id > last_out)
        .group_by(Message.sender_id)
    ).all()
    return {sender: (count, as_utc(first)) for sender, count, first in found}


def _companies(session: Session, senders: list[str]) -> dict[str, str]:
    """The company name of each sender's most recent handoff that knew it."""
    found = session.execute(
        select(Handoff.sender_id, Handoff.company_name)
        .where(Handoff.sender_id.in_(senders), Handoff.company_name != "").order_by(Handoff.id)
    ).all()
    return dict(found)
