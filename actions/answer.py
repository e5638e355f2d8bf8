"""Answering a question about one policy, keeping the document in context for follow-ups.

"徐汇大模型备案奖励啥时候截止" names a document; "那要交什么材料" and "寄到哪里" do not, so they reuse
the ``current_doc`` slot. A reference that fits several documents equally well is answered with
buttons listing them; the chosen one answers the question that was waiting (``pending_question``).
"""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.handoff import offer_human
from actions.kb import knowledge_base, today
from actions.profile import normalise
from actions.reply import answer_text, ask_which_doc

_POSITION = re.compile(r"第\s*(\d)\s*(?:个|项|条)|^\D{0,2}(\d)\D{0,2}$")

# kb.resolve scores mix topic coverage (weight 0.7) with search rank (0.3). A follow-up such as
# "那要交什么材料" scores 0.3 (rank only); generic words covered by a passage ("在哪个平台申报") reach
# ~0.55. So a message names a document above 0.6, or above 0.45 when NLU found a policy entity in it.
NAMED_SCORE = 0.6
NAMED_SCORE_WITH_ENTITY = 0.45
CLOSE = 0.85  # a runner-up within 15% of the best is too close to pick silently

# What each question intent asks for, in the words the knowledge layer's question classifier knows.
# Appended to follow-ups on a known document: "那钱呢" alone reads as "other" there, not "amount".
TOPIC_HINTS = {
    "ask_deadline": "申报截止时间",
    "ask_eligibility": "申报条件",
    "ask_materials": "申报材料",
    "ask_amount": "支持金额多少",
    "ask_contact": "联系方式",
    "ask_process": "怎么申报",
}


def pick_document(text: str, current: str | None, named: bool) -> tuple[str | None, list[tuple[str, str]]]:
    """(document to answer from, candidates to ask about); a policy entity makes a weaker match count."""
    matches = knowledge_base().resolve(text, limit=3)
    threshold = NAMED_SCORE_WITH_ENTITY if named else NAMED_SCORE
    strong = [m for m in matches if m.score >= threshold]
    if not strong:
        return current, []
    if current in {m.doc_id for m in strong}:
        return current, []
    close = [m for m in strong if m.score >= strong[0].score * CLOSE]
    if len(close) > 1:
        return None, [(m.doc_id, m.title) for m in close]
    return strong[0].doc_id, []


def answer_question(
    dispatcher: CollectingDispatcher, question: str, doc_id: str | None, intent: str | None = None
) -> list[EventType]:
    """Ask the knowledge base, reply with answer + citation; offer a person when it cannot answer."""
    asked = f"{question}（{TOPIC_HINTS[intent]}）" if doc_id and intent in TOPIC_HINTS else question
    answer: dict[str, Any] = knowledge_base().ask(asked, today=today(), doc_id=doc_id).to_dict()
    candidates = [(c["doc"], c["title"]) for c in answer.get("candidates") or []]
    listed = [c for c in candidates if c[1] in answer["answer"]]  # the KB asked which of these is meant
    if not answer.get("doc") and len(listed) > 1:
        ask_which_doc(dispatcher, listed, text=answer["answer"])
        return [SlotSet("pending_question", question), SlotSet("candidate_docs", [c[0] for c in listed])]
    dispatcher.utter_message(text=answer_text(answer))
    events: list[EventType] = [SlotSet("current_doc", answer.get("doc") or doc_id), SlotSet("pending_question", None)]
    if answer.get("answer_type") == "none":
        events += offer_human(dispatcher, "unanswerable")
    return events


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        question = tracker.latest_message.get("text", "")
        named = any(e.get("entity") == "policy" for e in tracker.latest_message.get("entities", []))
        listed = picked(question, tracker.get_slot("candidate_docs") or [])  # "第1个要交什么材料"
        doc_id, candidates = (listed, []) if listed else pick_document(question, tracker.get_slot("current_doc"), named)
        if candidates:
            ask_which_doc(dispatcher, candidates)
            return [SlotSet("pending_question", question), SlotSet("candidate_docs", [c[0] for c in candidates])]
        return answer_question(dispatcher, question, doc_id, tracker.get_intent_of_latest_message())


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
        return [*answer_question(dispatcher, question, doc_id), SlotSet("candidate_docs", None)]


def picked(text: str, offered: list[str]) -> str | None:
    """The document a position refers to: "第二个" / "第2个" / a bare "2" → offered[1]."""
    match = _POSITION.search(normalise(text))
    index = int(match.group(1) or match.group(2)) - 1 if match else -1
    return offered[index] if 0 <= index < len(offered) else None
