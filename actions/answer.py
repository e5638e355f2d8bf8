"""Answering a question about one policy, keeping the document in context for follow-ups.

The knowledge layer owns every decision of the answer (which document, whether it is ambiguous, what
the document states); this action only passes what the conversation knows — Rasa's intent when it is
confident (the asked kind), the previous turn's document (``current_doc``), a document the user
picked and the company profile from the form slots — and turns the typed ``Answer`` into messages: buttons
for ``ambiguous`` candidates, an offer of a person when the answer is not ``answered``.
"""

from __future__ import annotations

import re
import warnings

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.handoff import offer_human
from actions.handoff import profile as slot_values
from actions.kb import knowledge_base, today
from actions.profile import parse_profile, profile_of
from actions.reply import answer_text, ask_which_doc
from actions.topic import match_topic, programme_docs, topic_after
from knowledge import AnswerType, Outcome

_POSITION = re.compile(r"第\s*(\d)\s*(?:个|项|条)|^\D{0,2}(\d)\D{0,2}$")

# What each question intent asks for. Below CONFIDENT the intent is not passed on and the knowledge
# layer classifies the question itself (its patterns read 截止/材料/电话 … in the words).
INTENT_KINDS = {
    "ask_deadline": AnswerType.DEADLINE,
    "ask_eligibility": AnswerType.ELIGIBILITY,
    "ask_materials": AnswerType.MATERIALS,
    "ask_amount": AnswerType.AMOUNT,
    "ask_contact": AnswerType.CONTACT,
    "ask_process": AnswerType.PROCESS,
    "ask_policy_overview": AnswerType.OTHER,
}
CONFIDENT = 0.8  # well above config.yml's FallbackClassifier threshold (0.45)


def asked_kind(message: dict) -> AnswerType | None:
    """The kind Rasa's intent asks for, when it is confident enough to override the words."""
    intent = message.get("intent") or {}
    kind = INTENT_KINDS.get(intent.get("name") or "")
    return kind if kind is not None and (intent.get("confidence") or 0.0) >= CONFIDENT else None


def answer_question(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question: str,
    *,
    kind: AnswerType | None = None,
    doc_id: str | None = None,
) -> list[EventType]:
    """Ask the knowledge base; reply with the answer and its citation, or with candidate buttons."""
    context = tracker.get_slot("current_doc")
    # Company facts in the question ("我们注册在徐汇，员工80人…能报吗") fill the profile slots once, so the
    # eligibility form never asks for them again; later statements overwrite earlier ones (corrections).
    stated = {**slot_values(tracker), **parse_profile(question, today=today())}
    profile_events: list[EventType] = [SlotSet(name, value) for name, value in stated.items()]
    answer = knowledge_base().ask(
        question,
        kind=kind,
        doc_id=doc_id,
        context_doc=context,
        profile=profile_of(stated),
        today=today(),
    )
    topic, named = tracker.get_slot("topic_docs"), [] if doc_id else programme_docs(question)
    if answer.outcome is Outcome.AMBIGUOUS:
        ask_which_doc(dispatcher, [(c.doc_id, c.title) for c in answer.candidates], text=answer.answer)
        candidates = [c.doc_id for c in answer.candidates]
        return [*profile_events, SlotSet("pending_question", question), SlotSet("candidate_docs", candidates),
                SlotSet("topic_docs", topic_after(topic, named, None, candidates))]
    dispatcher.utter_message(text=answer_text(answer))
    # What happened, for the gateway's analytics: it files this on the answer just sent (docs/CONTRACTS.md).
    dispatcher.utter_message(json_message={
        "type": "answer", "outcome": answer.outcome.value, "answer_type": answer.answer_type.value,
        "doc": answer.doc, "title": answer.citations[0].title if answer.doc and answer.citations else None})
    events: list[EventType] = [*profile_events, SlotSet("current_doc", answer.doc or context),
                               SlotSet("pending_question", None),
                               SlotSet("topic_docs", topic_after(topic, named, answer.doc))]
    if answer.outcome is not Outcome.ANSWERED:
        events += offer_human(dispatcher, "unanswerable")
    return events


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        question = tracker.latest_message.get("text", "")
        listed = picked(question, tracker.get_slot("candidate_docs") or [])  # "第1个要交什么材料"
        kind = asked_kind(tracker.latest_message)
        stated = parse_profile(question, today=today())
        if kind is AnswerType.ELIGIBILITY and listed is None and stated:
            # "我们是徐汇区的，员工80人，能报吗": checked against every notice of the programme named now or
            # talked about before, or against the open calls when there is none — not one notice.
            topic = programme_docs(question) or tracker.get_slot("topic_docs") or []
            if len(topic) != 1:
                slots = {**slot_values(tracker), **stated}
                match_topic(dispatcher, slots, topic)
                return [*(SlotSet(name, value) for name, value in slots.items()), SlotSet("topic_docs", topic or None)]
        events = answer_question(dispatcher, tracker, question, kind=kind, doc_id=listed)
        if tracker.active_loop.get("name"):  # a question in the middle of the eligibility form ends the form
            events += [ActiveLoop(None), SlotSet("requested_slot", None)]
        return events


class ActionChooseDoc(Action):
    """The user tapped a candidate button (``/choose_doc{"doc_id": ...}``) or typed "第二个"."""

    def name(self) -> str:
        return "action_choose_doc"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        doc_id = next(tracker.get_latest_entity_values("doc_id"), None) or picked(
            tracker.latest_message.get("text", ""), tracker.get_slot("candidate_docs") or []
        )
        if doc_id is None:
            dispatcher.utter_message(text=texts.CHOOSE_DOC_UNKNOWN)
            return []
        question = tracker.get_slot("pending_question")
        if not question:
            return [SlotSet("current_doc", doc_id)]
        return [*answer_question(dispatcher, tracker, question, doc_id=doc_id), SlotSet("candidate_docs", None)]


def digits(text: str) -> str:
    """Chinese numerals as digits ("第二个" → "第2个", "七天" → "7天"); cn2an warns about lone units ("万")."""
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cn2an.transform(text.strip(), "cn2an")


def picked(text: str, offered: list[str]) -> str | None:
    """The document a position refers to: "第二个" / "第2个" / a bare "2" → offered[1]."""
    match = _POSITION.search(digits(text))
    index = int(match.group(1) or match.group(2)) - 1 if match else -1
    return offered[index] if 0 <= index < len(offered) else None
