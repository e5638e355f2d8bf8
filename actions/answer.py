"""Answering a question about one policy, keeping the document in context for follow-ups.

The knowledge layer owns every decision of the answer (which document, whether it is ambiguous, what
the document states, and what kind of fact is asked); this action only passes what the conversation
knows — the previous turn's document (``current_doc``), a document the user picked and the company
profile from the form slots — and turns the typed ``Answer`` into messages: buttons
for ``ambiguous`` candidates, an offer of a person when the answer, or a part of it, is not ``answered``.
"""

from __future__ import annotations

import re
import warnings

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, EventType, SlotSet, UserUtteranceReverted
from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from actions.handoff import offer_human
from actions.handoff import profile as slot_values
from actions.kb import knowledge_base, today
from actions.profile import parse_profile, profile_of
from actions.reply import answer_text, ask_which_doc
from actions.topic import earlier_doc, leaves_topic, match_topic, programme_docs, sole_named_doc, topic_after
from knowledge import Answer, AnswerType, Outcome, asks_question

# "第2个" / "选2"; "第2批" is a batch of a programme, not a position in the list.
_POSITION = re.compile(r"第\s*(\d)\s*(?:个|项|条)|^\D{0,2}(\d)(?![批期届年轮])\D{0,2}$")

# The question intents. Which fact is asked (deadline, materials, contact …) is not an intent: the knowledge
# layer, which reads 截止/材料/电话 … in the words, classified better than the six intents it once had on every
# turn where the two differed (dialogue set, tuning half: 110 vs 105 of 164 turns right). Only a confident
# eligibility intent changes what the action does (a check of the stated profile against the programme's
# notices).
QUESTION_INTENTS = frozenset({"ask_notice", "ask_eligibility"})
CONFIDENT = 0.8  # well above config.yml's FallbackClassifier threshold (0.35)


def asks_eligibility(message: dict) -> bool:
    """Rasa confidently reads an eligibility question."""
    intent = message.get("intent") or {}
    return intent.get("name") == "ask_eligibility" and (intent.get("confidence") or 0.0) >= CONFIDENT


def unsure_follow_up(tracker: Tracker) -> bool:
    """A message the NLU is unsure of that asks something while a notice is being discussed ("材料上的章由谁
    来盖" read as a request for open calls, "和高校合作的能不能算" as a check) is a question about that notice."""
    message = tracker.latest_message
    confidence = (message.get("intent") or {}).get("confidence") or 0.0
    return bool(tracker.get_slot("current_doc")) and confidence < CONFIDENT and asks_question(message.get("text") or "")


def previous_kind(tracker: Tracker) -> AnswerType | None:
    """What the previous answer was about, for a follow-up that asks it again about something else."""
    value = tracker.get_slot("current_kind")
    return AnswerType(value) if value in {k.value for k in AnswerType} else None


def ask_knowledge(tracker: Tracker, question: str, *, doc_id: str | None = None) -> tuple[Answer, dict]:
    """The knowledge base's answer, and the profile slots with what the question states about the company."""
    # Company facts in the question ("我们注册在徐汇，员工80人…能报吗") fill the profile slots once, so the
    # eligibility form never asks for them again; later statements overwrite earlier ones (corrections).
    stated = {**slot_values(tracker), **parse_profile(question, today=today())}
    # A question that moves on to another programme ("另外问下宁夏瞪羚企业…") is not a follow-up of the notice
    # discussed: asked without it, as a first question is. One going back ("回到刚才那个…") follows up the notice
    # discussed before.
    context = tracker.get_slot("current_doc")
    back = earlier_doc(question, context, tracker.events) if doc_id is None else None
    moved = doc_id is None and back is None and leaves_topic(question, context)
    answer = knowledge_base().ask(
        question,
        doc_id=doc_id,
        context_doc=back or (None if moved else context),
        context_kind=None if moved else previous_kind(tracker),
        profile=profile_of(stated),
        today=today(),
    )
    return answer, stated


def answer_question(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question: str,
    *,
    doc_id: str | None = None,
    answer: Answer | None = None,
    stated: dict | None = None,
) -> list[EventType]:
    """Ask the knowledge base (unless ``answer`` came with it); reply with the answer and its citation, or
    with candidate buttons."""
    if answer is None or stated is None:
        answer, stated = ask_knowledge(tracker, question, doc_id=doc_id)
    context = tracker.get_slot("current_doc")
    profile_events: list[EventType] = [SlotSet(name, value) for name, value in stated.items()]
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
                               SlotSet("current_kind", answer.answer_type.value),
                               SlotSet("pending_question", None),
                               SlotSet("topic_docs", topic_after(topic, named, answer.doc))]
    if not fully_answered(answer):
        events += offer_human(dispatcher, "unanswerable")
    return events


def fully_answered(answer: Answer) -> bool:
    """Answered, every part of a two-part question included: "送哪个地址，电话多少" whose notice gives the address
    but no phone gets the address and the offer of a person, as a question the bot cannot answer does."""
    return all(a.outcome is Outcome.ANSWERED for a in (answer, *answer.parts))


def end_form(tracker: Tracker) -> list[EventType]:
    """A question answered in the middle of the eligibility form ends the form."""
    return [ActiveLoop(None), SlotSet("requested_slot", None)] if tracker.active_loop.get("name") else []


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        question = tracker.latest_message.get("text", "")
        listed = picked(question, tracker.get_slot("candidate_docs") or [])  # "第1个要交什么材料"
        stated = parse_profile(question, today=today())
        answer = all_stated = None
        if asks_eligibility(tracker.latest_message) and listed is None and stated:
            # "我们是徐汇区的，员工80人，能报吗": checked against every notice of the programme named now or
            # talked about before, or against the open calls when there is none — not one notice. Unless the
            # knowledge layer reads another question ("宁夏瞪羚企业申请书装订几本": 瞪羚企业 names the programme),
            # or, with no programme talked about, answers from the one notice the words name, however weakly.
            answer, all_stated = ask_knowledge(tracker, question)
            topic = programme_docs(question) or tracker.get_slot("topic_docs") or []
            if not topic and answer.doc is not None and answer.doc == sole_named_doc(question):
                topic = [answer.doc]
            if answer.answer_type is AnswerType.ELIGIBILITY and len(topic) != 1:
                slots = {**slot_values(tracker), **stated}
                match_topic(dispatcher, slots, topic)
                return [*(SlotSet(name, value) for name, value in slots.items()), SlotSet("topic_docs", topic or None)]
        return [*answer_question(dispatcher, tracker, question, doc_id=listed, answer=answer, stated=all_stated),
                *end_form(tracker)]


# When a low-confidence message may be a policy question: its best guess is a question (long questions
# about unfamiliar programmes are often guessed out of scope; the knowledge layer declines words about no
# policy), or it is longer than nearly all small talk (95% of the small-talk and service examples in
# bot/data/nlu have at most 12 characters). A request for a person or a complaint never is: "转个人工呗"
# must not be answered from a notice about 人工智能; the fallback's second turn offers a person.
MAYBE_QUESTIONS = QUESTION_INTENTS | {"inform", "check_eligibility", "list_open_calls", "out_of_scope"}
SMALL_TALK_CHARS = 12
NEVER_ANSWERED = frozenset({"request_human", "complaint"})


def best_guess(message: dict) -> str | None:
    """The intent ranked first under ``nlu_fallback``."""
    return next((i.get("name") for i in message.get("intent_ranking") or [] if i.get("name") != "nlu_fallback"),
                None)


def maybe_question(message: dict, *, in_context: bool = False) -> bool:
    """``in_context``: the conversation is about a document, so a short question ("那下半年的呢") is a follow-up."""
    text = (message.get("text") or "").strip()
    guess = best_guess(message)
    if not text or text.startswith("/") or guess in NEVER_ANSWERED:
        return False
    return guess in MAYBE_QUESTIONS or len(text) > SMALL_TALK_CHARS or (in_context and asks_question(text))


def unclear_in_a_row(events: list[dict]) -> int:
    """How many of the latest user messages in effect were unclear (``nlu_fallback``). A message this action
    asked to rephrase stays counted although its own rewind forgot it; one a ``rewind`` reverted otherwise
    (the gateway's before re-sending it, docs/CONTRACTS.md) is not, so a re-sent message counts once."""
    turns: list[list] = []  # [intent, rephrase asked]
    for event in events:
        kind = event.get("event")
        if kind == "user":
            turns.append([((event.get("parse_data") or {}).get("intent") or {}).get("name"), False])
        elif kind == "action" and event.get("name") == "action_fallback" and turns:
            turns[-1][1] = True
        elif kind == "rewind" and turns and not turns[-1][1]:
            turns.pop()
        elif kind == "restart":
            turns.clear()
    count = 0
    for intent, _ in reversed(turns):
        if intent != "nlu_fallback":
            break
        count += 1
    return count


class ActionFallback(Action):
    """Low NLU confidence. Long colloquial questions are where the NLU is least sure, so a message that may
    be a question (``maybe_question``) goes to the knowledge base, which reads what is asked (截止/材料/电话 …)
    itself, and its answer is given unless the words are about no policy at all; otherwise: rephrase once,
    a person the second time."""

    def name(self) -> str:
        return "action_fallback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        question = tracker.latest_message.get("text", "")
        if maybe_question(tracker.latest_message, in_context=bool(tracker.get_slot("current_doc"))):
            answer, stated = ask_knowledge(tracker, question)
            if answer.outcome is not Outcome.OUT_OF_SCOPE:
                return [*answer_question(dispatcher, tracker, question, answer=answer, stated=stated),
                        *end_form(tracker)]
        if unclear_in_a_row(tracker.events) >= 2:
            return [*offer_human(dispatcher, "fallback"), UserUtteranceReverted()]
        dispatcher.utter_message(text=texts.FALLBACK)
        # Like Rasa's action_default_fallback: forget the unclear message so the dialogue resumes
        # where it was (inside a form too) instead of predicting this action again.
        return [UserUtteranceReverted()]


def may_be_question(tracker: Tracker, text: str) -> bool:
    """Typed text (no button payload) longer than small talk ever is, or an unsure message asking something
    while a notice is discussed: possibly a policy question whatever intent the NLU gave it."""
    return not text.startswith("/") and (len(text) > SMALL_TALK_CHARS or unsure_follow_up(tracker))


def misread_question(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType] | None:
    """A message the NLU is unsure of that may be a question (:func:`may_be_question`) and that the knowledge
    layer answers from a notice: answered (the events), else None."""
    message = tracker.latest_message
    text = (message.get("text") or "").strip()
    confidence = (message.get("intent") or {}).get("confidence") or 0.0
    if confidence >= CONFIDENT or not may_be_question(tracker, text):
        return None
    answer, stated = ask_knowledge(tracker, text)
    if answer.outcome is not Outcome.ANSWERED:
        return None
    return answer_question(dispatcher, tracker, text, answer=answer, stated=stated)


SHORT_REPLIES = {"affirm": "utter_ok", "deny": "utter_ok", "out_of_scope": "utter_out_of_scope"}


class ActionShortReply(Action):
    """A bare yes/no ("好的。") or the off-topic reply; but a message longer than small talk ever is
    (``SMALL_TALK_CHARS``) or an unsure one asking something while a notice is discussed (``unsure_follow_up``:
    "那笔经费从哪出" read as off-topic) is a question the NLU misread, answered by the knowledge layer unless its
    words are about no policy."""

    def name(self) -> str:
        return "action_short_reply"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        text = tracker.latest_message.get("text", "").strip()
        if may_be_question(tracker, text):
            answer, stated = ask_knowledge(tracker, text)
            if answer.outcome is not Outcome.OUT_OF_SCOPE:
                return answer_question(dispatcher, tracker, text, answer=answer, stated=stated)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        dispatcher.utter_message(response=SHORT_REPLIES.get(intent, "utter_ok"))
        return []


class ActionChooseDoc(Action):
    """The user tapped a candidate button (``/choose_doc{"doc_id": ...}``) or typed "第二个"."""

    def name(self) -> str:
        return "action_choose_doc"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        doc_id = next(tracker.get_latest_entity_values("doc_id"), None) or picked(
            tracker.latest_message.get("text", ""), tracker.get_slot("candidate_docs") or []
        )
        if doc_id is None:
            # Picks nothing: a follow-up the NLU read as a choice ("那第二批呢"), answered unless about no policy.
            text = tracker.latest_message.get("text", "").strip()
            if text and not text.startswith("/"):
                answer, stated = ask_knowledge(tracker, text)
                if answer.outcome is not Outcome.OUT_OF_SCOPE:
                    return answer_question(dispatcher, tracker, text, answer=answer, stated=stated)
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
