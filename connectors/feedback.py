"""👍/👎 on a bot answer, from the web widget: kept in the rated reply's message-log payload (``feedback``), so
the console's analytics count it next to the answer's recorded outcome with no table of its own."""

from __future__ import annotations

from typing import Literal

from sqlalchemy.orm import Session

from connectors.models import Author, Message

Rating = Literal["good", "bad"]


def record(session: Session, sender_id: str, message_id: int, rating: Rating) -> bool:
    """Rate one of the sender's own bot replies (a later rating replaces an earlier one); False when the
    message is not a bot reply to this sender."""
    row = session.get(Message, message_id)
    if row is None or row.sender_id != sender_id or row.author != Author.BOT:
        return False
    row.payload = {**(row.payload or {}), "feedback": rating}  # a new dict: SQLAlchemy sees the JSON change
    return True
