"""Request and response models of the console API (they are its OpenAPI documentation)."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from connectors.console.models import Role

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]


class Resolution(enum.StrEnum):
    """Resolution tag of a closed conversation."""

    RESOLVED = "resolved"  # 已解决
    FOLLOW_UP = "follow_up"  # 需回访
    REFERRED = "referred"  # 已转相关部门
    NO_REPLY_NEEDED = "no_reply_needed"  # 无需回复
    INVALID = "invalid"  # 无效咨询


class LoginIn(BaseModel):
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]


class StaffOut(BaseModel):
    id: int
    username: str
    name: str
    role: Role


class LoginOut(BaseModel):
    staff: StaffOut
    csrf_token: str = Field(description="Send it back in the X-CSRF-Token header of every POST/DELETE.")


class StaffIn(BaseModel):
    username: Annotated[str, StringConstraints(strip_whitespace=True, min_length=2, max_length=64)]
    password: Annotated[str, StringConstraints(min_length=1, max_length=256)]
    role: Role = Role.AGENT
    display_name: Annotated[str, StringConstraints(strip_whitespace=True, max_length=64)] = ""


class AccountOut(StaffOut):
    active: bool
    last_login_at: datetime | None


class AvailabilityOut(BaseModel):
    open_now: bool = Field(description="Inside the configured service hours.")
    staff_online: int = Field(description="Staff members active in the console within the presence window.")
    notice: str = Field(description="What users are told when nobody can answer now.")


class QueueItem(BaseModel):
    id: int
    sender_id: str
    channel: str
    state: str = Field(description="waiting | owned | released | closed")
    reason: str = Field(description="user_request | fallback | feedback_bad | unanswerable | staff")
    question: str
    company_name: str
    name: str = Field(description="The company, or a stable visitor name such as 网页访客 3F2A.")
    contact: str = Field(description="Phone or e-mail the user left while waiting.")
    owner: str = Field(description="Name of the staff member who owns it ('' when waiting).")
    owner_id: int | None
    after_hours: bool = Field(description="Queued while closed or with nobody online; the user was told when.")
    created_at: datetime
    waiting_seconds: int = Field(description="Seconds since it was queued.")


class QueueOut(BaseModel):
    items: list[QueueItem]
    availability: AvailabilityOut


class MessageOut(BaseModel):
    id: int
    direction: str = Field(description="in (from the user) | out (to the user)")
    author: str = Field(description="user | bot | staff | system")
    text: str
    buttons: list[dict[str, str]] = Field(default_factory=list)
    status: str = Field(description="received | pending | sent | failed (being retried) | undeliverable")
    attempts: int
    last_error: str | None
    created_at: datetime


class NoteIn(BaseModel):
    text: Text


class NoteOut(BaseModel):
    id: int
    text: str
    author: str
    created_at: datetime


class ConversationOut(QueueItem):
    resolution: str
    handoff_after_message_id: int = Field(description="Messages after this id belong to the human handoff.")
    claimed_at: datetime | None
    ended_at: datetime | None
    profile: dict[str, Any] = Field(description="Company profile the bot collected (Rasa tracker slots).")
    transcript: list[MessageOut] = Field(description="The whole conversation, the bot's turns and citations included.")
    notes: list[NoteOut]


class MessageIn(BaseModel):
    text: Text


class CloseIn(BaseModel):
    resolution: Resolution


class TakeoverIn(BaseModel):
    sender_id: Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=255)]


class LiveConversation(BaseModel):
    sender_id: str
    channel: str
    last_inbound_at: datetime
    handoff_id: int | None = Field(description="The open handoff of this sender, if any.")


class CannedIn(BaseModel):
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]
    text: Text


class CannedOut(BaseModel):
    id: int
    title: str
    text: str


class UnansweredOut(BaseModel):
    question: str
    count: int = Field(description="How often it was asked.")
    senders: int = Field(description="How many different users asked it.")
    kinds: list[str] = Field(description="unanswerable | fallback | feedback_bad | …")
    last_asked_at: datetime | None


class ErrorOut(BaseModel):
    detail: str
    owner: str | None = Field(None, description="Who owns the conversation, when that is why it was refused.")


class InboxRow(BaseModel):
    sender_id: str
    channel: str
    name: str = Field(description="The company (from the bot's profile slots) or a stable visitor name.")
    company_name: str
    state: str = Field(description="bot (the bot is answering) | waiting | owned")
    handoff_id: int | None
    owner: str
    last_message: str
    last_author: str = Field(description="user | bot | staff | system")
    last_message_at: datetime
    unread: int = Field(description="User messages after the last message sent to the user.")
    waiting_seconds: int = Field(description="Since the first unread user message (or since queued when none); 0 when nobody waits.")
