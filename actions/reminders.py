"""subscribe_deadline: ask the gateway to remind the user before a call closes.

The action only computes *what* and *when* and sends the reminder payload of docs/CONTRACTS.md; the
gateway knows the user's channel and id, stores the reminder and delivers it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.answer import pick_document
from actions.kb import knowledge_base
from actions.reply import format_moment
from knowledge import clock

LEAD_TIMES = (timedelta(days=3), timedelta(days=1), timedelta(hours=2))  # earliest that is still ahead
REMIND_HOUR = 9  # day-ahead reminders go out at 09:00 service time, not in the middle of the night


def remind_time(deadline: datetime, now: datetime) -> datetime | None:
    """The first of 3 days / 1 day / 2 hours before the deadline that is still in the future."""
    for lead in LEAD_TIMES:
        at = deadline - lead
        if lead >= timedelta(days=1):
            at = at.replace(hour=REMIND_HOUR, minute=0, second=0, microsecond=0)
        if at > now:
            return at
    return None


class ActionSubscribeDeadline(Action):
    def name(self) -> str:
        return "action_subscribe_deadline"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        text = tracker.latest_message.get("text", "")
        doc_id, _ambiguous = pick_document(text, tracker.get_slot("current_doc"), named=False)
        if doc_id is None:
            dispatcher.utter_message(text=texts.REMIND_ASK_DOC)
            return []
        kb = knowledge_base()
        facts = kb.facts(doc_id)
        window = facts.deadline
        now = clock.now()
        if window is None or window.end is None:
            dispatcher.utter_message(text=texts.REMIND_NO_DEADLINE.format(title=facts.title))
            return [SlotSet("current_doc", doc_id)]
        remind_at = remind_time(window.end, now)
        if remind_at is None:
            dispatcher.utter_message(text=texts.REMIND_CLOSED.format(title=facts.title, deadline=format_moment(window.end)))
            return [SlotSet("current_doc", doc_id)]
        dispatcher.utter_message(text=texts.REMIND_OK.format(
            title=facts.title, deadline=format_moment(window.end), remind_at=format_moment(remind_at)))
        dispatcher.utter_message(json_message={
            "type": "reminder", "doc": doc_id, "title": facts.title,
            "deadline": window.end.isoformat(), "remind_at": remind_at.isoformat(),
        })
        return [SlotSet("current_doc", doc_id)]
