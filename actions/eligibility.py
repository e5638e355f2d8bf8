"""The eligibility check: a form that asks only what the candidate calls test, then the match.

Every message is read for every profile field, so answers come in any order and corrections
("员工其实是80人") simply overwrite. The form asks for a field only while some candidate call's
machine-checkable conditions need it. Candidates are the calls open now; when none is open, the
calls of past rounds stand in (programmes recur yearly, and the user still learns where they stand).
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions import texts
from actions.answer import ask_knowledge, unsure_follow_up
from actions.handoff import profile as slot_profile
from actions.kb import knowledge_base, today
from actions.profile import FORM_FIELDS, parse_profile, profile_of, slot_of
from actions.reply import match_lines
from actions.topic import check_topic, match_topic, programme_docs
from knowledge import AnswerType, asks_question

# Intents of a message that answers the form. Any other message that states no profile fact (转人工, a
# question, hours, who are you, goodbye, "no" …) makes Rasa reject the form so that the rules for its intent
# run (bot/data/rules): a person always wins, and a question is answered instead of being read as a profile.
ANSWERS = frozenset({"inform", "check_eligibility", "affirm"})
# A message read as a question about a notice (ask_notice) and phrased as a question asks about a notice, even
# when it names a place or a year ("晋江2019年度…申报截止哪天" read as the registered place): the form rejects it
# and the question is answered. Eligibility questions may carry the answers the form wants ("我们在徐汇，能报吗").


def asks_about_a_notice(message: dict[str, Any]) -> bool:
    intent = (message.get("intent") or {}).get("name")
    return intent == "ask_notice" and asks_question(message.get("text") or "")


def candidate_results(slots: dict[str, Any], topic: list[str] | None = None) -> tuple[list[Any], bool]:
    """(eligibility results, whether they are for open calls) — past calls when nothing is open; with a
    topic (actions.topic.check_topic), every notice of that programme, closed rounds included."""
    kb = knowledge_base()
    profile = profile_of(slots)
    if topic:
        return [r for r in kb.match_calls(profile, today=today(), include_closed=True) if r.doc_id in topic], True
    results = kb.match_calls(profile, today=today())
    if results:
        return results, True
    return kb.match_calls(profile, today=today(), include_closed=True), False


def needed_fields(slots: dict[str, Any], topic: list[str] | None = None) -> list[str]:
    """Form slots, in form order, that some candidate call still needs to decide eligibility."""
    missing = {slot_of(name) for result in candidate_results(slots, topic)[0] for name in result.missing_fields}
    return [name for name in FORM_FIELDS if name in missing]


class ValidateEligibilityForm(FormValidationAction):
    def name(self) -> str:
        return "validate_eligibility_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        # Fields the calls need are asked in this order; fields the user stated anyway stay listed
        # (unasked, since they are filled), or rasa-sdk would drop their values and corrections.
        needed = needed_fields(slot_profile(tracker), check_topic(tracker))
        return needed + [name for name in FORM_FIELDS if name not in needed and tracker.get_slot(name) is not None]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Every field the message states (not only the one asked); a hint when the asked one is unclear."""
        requested = tracker.get_slot("requested_slot")
        parsed = parse_profile(tracker.latest_message.get("text", ""), requested=requested, today=today())
        if (not parsed and tracker.get_intent_of_latest_message() not in ANSWERS) or asks_about_a_notice(
            tracker.latest_message
        ):
            return []  # nothing extracted: Rasa rejects the form and the rules for this intent run
        events: list[EventType] = [SlotSet(name, value) for name, value in parsed.items()]
        if requested in FORM_FIELDS and not parsed:
            dispatcher.utter_message(text=texts.PROFILE_UNPARSED.format(
                field=texts.PROFILE_LABELS[requested], example=texts.PROFILE_EXAMPLES[requested]))
            events.append(SlotSet(requested, None))  # a SlotSet keeps the form active; it asks again
        return events


# What a request for the check never asks (none of its examples in bot/data/nlu reads as one of these).
FACT_KINDS = frozenset({AnswerType.DEADLINE, AnswerType.MATERIALS, AnswerType.AMOUNT, AnswerType.CONTACT,
                        AnswerType.PROCESS})


def asks_a_fact(tracker: Tracker, text: str) -> bool:
    """The knowledge layer reads a notice's fact (materials, amount, deadline …) asked in ``text``, in one of its
    parts: "和高校一起研发的能不能算，得交啥" asks for materials besides whether it counts."""
    answer, _ = ask_knowledge(tracker, text)
    return any(a.answer_type in FACT_KINDS for a in (answer, *answer.parts))


class ActionReadStatement(Action):
    """A statement of company facts (``inform``) or a request for the check (``check_eligibility``) outside
    the form: either starts the check, unless the message is a question the NLU misread — a statement that
    states no company fact ("2017重点技改专项是常年都能报吗"), or a "check" that states none and names a
    programme and asks something about it ("…拟匹配项目公示到哪天"), or asks a fact of the notice being
    discussed ("…能不能算，得交啥"). That is answered from the knowledge base, which reads what is asked
    (bot/data/rules/eligibility.yml branches on the slot)."""

    def name(self) -> str:
        return "action_read_statement"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        text = tracker.latest_message.get("text", "")
        if parse_profile(text, today=today()):
            reads_as = "check"
        elif (tracker.latest_message.get("intent") or {}).get("name") == "inform":
            reads_as = "question"
        else:
            asks = asks_question(text)
            discussed = bool(tracker.get_slot("current_doc"))
            question = (asks and programme_docs(text) or unsure_follow_up(tracker)
                        or asks and discussed and asks_a_fact(tracker, text))
            reads_as = "question" if question else "check"
        return [SlotSet("statement", reads_as)]


class ActionMatchCalls(Action):
    def name(self) -> str:
        return "action_match_calls"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        slots = slot_profile(tracker)
        topic = check_topic(tracker)
        if topic:  # "我们是徐汇区的…能报吗" after 专精特新: that programme's notices only
            match_topic(dispatcher, slots, topic)
            return []
        results, open_now = candidate_results(slots)
        lines = match_lines(profile_of(slots).to_dict(), results)
        if not open_now:
            lines.insert(0, texts.MATCH_PAST_ROUNDS.format(today=today().isoformat()))
        dispatcher.utter_message(text="\n".join(lines))
        return []
