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
from actions.kb import knowledge_base, now, today
from actions.reply import ask_which_doc, format_moment
from knowledge import AnswerType, Outcome

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
        # The deadline answer picks the document and the window the message is about, as a question would.
        kb = knowledge_base()
        answer = kb.ask(
            tracker.latest_message.get("text", ""),
            kind=AnswerType.DEADLINE,
            context_doc=tracker.get_slot("current_doc"),
            today=today(),
        )
        if answer.outcome is Outcome.AMBIGUOUS:
            ask_which_doc(dispatcher, [(c.doc_id, c.title) for c in answer.candidates], text=texts.REMIND_ASK_DOC)
            return [SlotSet("candidate_docs", [c.doc_id for c in answer.candidates])]
        if answer.doc is None:
            dispatcher.utter_message(text=texts.REMIND_ASK_DOC)
            return []
        title = kb.document(answer.doc).title
        end = (answer.facts.get("deadline") or {}).get("end")
        if not end:
            dispatcher.utter_message(text=texts.REMIND_NO_DEADLINE.format(title=title))
            return [SlotSet("current_doc", answer.doc)]
        deadline = datetime.fromisoformat(end)
        remind_at = remind_time(deadline, now())
        if remind_at is None:
            dispatcher.utter_message(text=texts.REMIND_CLOSED.format(title=title, deadline=format_moment(deadline)))
            return [SlotSet("current_doc", answer.doc)]
        dispatcher.utter_message(text=texts.REMIND_OK.format(
            title=title, deadline=format_moment(deadline), remind_at=format_moment(remind_at)))
        dispatcher.utter_message(json_message={
            "type": "reminder", "doc": answer.doc, "title": title,
            "deadline": deadline.isoformat(), "remind_at": remind_at.isoformat(),
        })
        return [SlotSet("current_doc", answer.doc)]
