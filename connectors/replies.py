"""What the bot says, channel-neutral: text plus quick-reply buttons, as parsed from Rasa's REST replies."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ANSWER_KEYS = ("outcome", "answer_type", "doc", "title")


@dataclass
class Reply:
    """One renderable message. ``message_id`` is its row in the message log once recorded."""

    text: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)
    image: str | None = None
    message_id: int | None = None
    # The bot's account of an answer ({"outcome", "answer_type", "doc", "title"}), kept in the log for analytics.
    answer: dict[str, Any] | None = None

    def payload(self) -> dict[str, Any] | None:
        """The JSON kept next to the text in the message log (None for plain text)."""
        data: dict[str, Any] = {}
        if self.buttons:
            data["buttons"] = self.buttons
        if self.image:
            data["image"] = self.image
        if self.answer:
            data["answer"] = self.answer
        return data or None

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.message_id, "text": self.text, "buttons": self.buttons, "image": self.image}


def split_rasa(items: list[dict[str, Any]]) -> tuple[list[Reply], list[dict[str, Any]]]:
    """Separate Rasa REST items into showable replies and machine-readable ``custom`` payloads."""
    replies: list[Reply] = []
    customs: list[dict[str, Any]] = []
    for item in items:
        custom = item.get("custom")
        if isinstance(custom, dict) and custom.get("type") == "answer":
            if replies:  # Rasa sends it right after the answer's text: it describes that reply
                replies[-1].answer = {k: custom.get(k) for k in ANSWER_KEYS}
            continue
        if isinstance(custom, dict):
            customs.append(custom)
        buttons = [
            {"title": str(b.get("title", "")), "payload": str(b.get("payload", b.get("title", "")))}
            for b in item.get("buttons") or []
            if isinstance(b, dict) and b.get("title")
        ]
        text = item.get("text") or ""
        if text or buttons or item.get("image"):
            replies.append(Reply(text=text, buttons=buttons, image=item.get("image")))
    return replies, customs
