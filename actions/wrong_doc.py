""""不是这个": changing the document the conversation is about — unless the message was a follow-up question the
NLU misread as that (``unsure_follow_up``: "一个负责人最多能报几个" read as "不是这个" because of 一个). A correction
that names the notice meant ("不是中山的，我问的是山东第六批那个") is answered from that notice at once."""

from __future__ import annotations

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.answer import answer_question, ask_knowledge, unsure_follow_up
from actions.kb import knowledge_base
from actions.reply import ask_which_doc
from knowledge import AnswerType

# Intents whose messages are not themselves the question being asked.
_NOT_QUESTIONS = {"wrong_doc", "affirm", "deny", "choose_doc", "request_human", "thanks", "greet"}
# How many other documents "不是这个" offers.
OFFERED = 4
# A correction names one notice when the best other notice its words fit (by name) scores this many times the
# next one; two close ones are offered as buttons like a bare "不是这个".
CLEAR_LEAD = 2.0
# What a correction that only names the notice is read as: it asks nothing itself, the previous question is meant.
_ASKS_NOTHING = {AnswerType.OTHER, AnswerType.NONE}


def previous_question(tracker: Tracker) -> str:
    """The latest typed question before the current message (skipping yes/no, button payloads, "不是这个")."""
    users = [e for e in tracker.events if e.get("event") == "user"]
    for event in reversed(users[:-1]):
        text = (event.get("text") or "").strip()
        intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
        if text and not text.startswith("/") and intent not in _NOT_QUESTIONS:
            return text
    return ""


def named_instead(text: str, wrong: set) -> str | None:
    """The one other notice a correction names by its name ("…我说的是南昌专业化小巨人"); None for a bare "不是这个"
    or when two notices fit about as well."""
    named = [m for m in knowledge_base().resolve(text, limit=OFFERED + 1)
             if m.doc_id not in wrong and m.name_coverage > 0]
    if not named or (len(named) > 1 and named[0].score < CLEAR_LEAD * named[1].score):
        return None
    return named[0].doc_id


class ActionWrongDoc(Action):
    """"不是这个": offer the other documents the previous question could mean, without the current one."""

    def name(self) -> str:
        return "action_wrong_doc"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        if unsure_follow_up(tracker):
            return answer_question(dispatcher, tracker, tracker.latest_message.get("text", ""))
        question = previous_question(tracker)
        wrong = {tracker.get_slot("current_doc")}
        text = tracker.latest_message.get("text", "").strip()
        doc_id = named_instead(text, wrong) if text and not text.startswith("/") else None
        if doc_id is not None:
            # Its own question ("不是这个，我问的是南昌小巨人的截止时间"), else the previous one, about that notice.
            answer, stated = ask_knowledge(tracker, text, doc_id=doc_id)
            if answer.answer_type not in _ASKS_NOTHING or not question:
                return answer_question(dispatcher, tracker, text, doc_id=doc_id, answer=answer, stated=stated)
            return answer_question(dispatcher, tracker, question, doc_id=doc_id)
        matches = knowledge_base().resolve(question, limit=OFFERED + 1) if question else []
        others = [m for m in matches if m.doc_id not in wrong][:OFFERED]
        events: list[EventType] = [SlotSet("current_doc", None)]
        if not others:
            dispatcher.utter_message(text=texts.WRONG_DOC_NONE)
            return events
        ask_which_doc(dispatcher, [(m.doc_id, m.title) for m in others], text=texts.WRONG_DOC)
        return [*events, SlotSet("pending_question", question), SlotSet("candidate_docs", [m.doc_id for m in others])]
