"""Handing the conversation to staff, and offering to when the bot cannot help.

The handoff sends the gateway a custom payload (docs/CONTRACTS.md) and pauses the conversation with
Rasa's ``ConversationPaused``; staff resume it through Rasa's tracker API.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ConversationPaused, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.profile import FORM_FIELDS

REASONS = ("user_request", "fallback", "feedback_bad", "unanswerable")


def offer_human(dispatcher: CollectingDispatcher, reason: str) -> list[EventType]:
    """Buttons 转人工 / 不用了; the reason rides along in the payload and in a slot for a typed "好的"."""
    buttons = [
        {"title": texts.OFFER_HUMAN_YES, "payload": f'/request_human{{"handoff_reason":"{reason}"}}'},
        {"title": texts.OFFER_HUMAN_NO, "payload": "/deny"},
    ]
    dispatcher.utter_message(text=texts.OFFER_HUMAN, buttons=buttons)
    return [SlotSet("handoff_reason", reason)]


def last_question(tracker: Tracker) -> str:
    """The latest thing the user typed that is a question, not a button payload or a yes/no."""
    for event in reversed(tracker.events):
        if event.get("event") != "user":
            continue
        text = (event.get("text") or "").strip()
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if text and not text.startswith("/") and intent not in ("request_human", "affirm", "deny"):
            return text
    return ""


def profile(tracker: Tracker) -> dict[str, Any]:
    return {name: tracker.get_slot(name) for name in FORM_FIELDS if tracker.get_slot(name) is not None}


class ActionHandoff(Action):
    def name(self) -> str:
        return "action_handoff"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        reason = next(tracker.get_latest_entity_values("handoff_reason"), None)
        if reason is None and tracker.get_intent_of_latest_message() == "affirm":
            reason = tracker.get_slot("handoff_reason")
        reason = reason if reason in REASONS else "user_request"
        dispatcher.utter_message(text=texts.HANDOFF)
        dispatcher.utter_message(json_message={
            "type": "handoff", "reason": reason, "question": last_question(tracker), "profile": profile(tracker),
        })
        return [SlotSet("handoff_reason", None), ConversationPaused()]


class ActionOfferHuman(Action):
    """After bad feedback."""

    def name(self) -> str:
        return "action_offer_human"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        return offer_human(dispatcher, "feedback_bad")
