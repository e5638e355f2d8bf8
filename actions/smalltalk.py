"""Questions about the service itself: the desk's hours come from configuration, never from a handoff.

The hours are the same ``POLICYBOT_SERVICE_HOURS`` setting the gateway's handoff desk uses, read through
the knowledge layer's one settings object (actions may not import the gateway). The action only words
the setting; whether the desk is open at this moment, holidays included, is said by the gateway when a
user actually asks for a person (its after-hours notice names the next opening and takes a phone number).
"""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.answer import misread_question
from knowledge import settings

_WEEKDAYS = {"mon": "周一", "tue": "周二", "wed": "周三", "thu": "周四", "fri": "周五", "sat": "周六", "sun": "周日"}
_DAY_RANGE = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)\s*-\s*(mon|tue|wed|thu|fri|sat|sun)\b")
_DAY = re.compile(r"\b(mon|tue|wed|thu|fri|sat|sun)\b")


def hours_text(spec: str) -> str:
    """``"mon-fri 09:00-12:00,13:30-17:30; sat 09:00-12:00"`` → ``"周一至周五 09:00-12:00、13:30-17:30；周六 09:00-12:00"``.

    Only words the setting (the gateway validates its syntax at start-up); "always" or empty is 24/7.
    """
    text = spec.strip().lower()
    if text in ("", "always", "24/7"):
        return texts.HOURS_ALWAYS
    text = _DAY_RANGE.sub(lambda m: f"{_WEEKDAYS[m.group(1)]}至{_WEEKDAYS[m.group(2)]}", text)
    text = _DAY.sub(lambda m: _WEEKDAYS[m.group(1)], text)
    parts = [re.sub(r"\s*,\s*", "、", part.strip()) for part in text.split(";") if part.strip()]
    return "；".join(parts)


class ActionServiceHours(Action):
    """The desk's hours; but a long message the NLU is unsure of ("…发票抬头能写分公司吗" read as hours)
    that the knowledge layer answers from a notice is a policy question (``actions.answer.misread_question``)."""

    def name(self) -> str:
        return "action_service_hours"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if not tracker.active_loop.get("name") and (events := misread_question(dispatcher, tracker)) is not None:
            return events
        dispatcher.utter_message(text=texts.SERVICE_HOURS.format(hours=hours_text(settings().service_hours)))
        return []
