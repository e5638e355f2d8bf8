"""Greetings, thanks, goodbyes, praise, "who are you" and chitchat — unless the same message asks a policy question.

People put a question after their courtesy ("谢谢，那截止呢", "你好，青岛境外参展展位费补多少", "你是机器人吗？灯塔
工厂奖多少") and the NLU, which reads one intent per message, often hears only the courtesy, confidently. The
words after the first clause (a one-clause message only when it names a programme) are answered from the knowledge
base when they ask something, not of the bot, in words about a policy, and name a programme or ask a fact the
knowledge layer reads (deadline, materials, amount …, in the notice discussed or the one they name). Otherwise the
intent's fixed response. Over the 786 small-talk examples of bot/data/nlu, with no notice discussed or with one of
two notices: 4 are answered ("您好，在线吗" and "请问是政策咨询吗" the knowledge layer takes for policy questions).
"""

from __future__ import annotations

import re

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.answer import answer_question, ask_knowledge, end_form
from actions.kb import knowledge_base, today
from actions.topic import programme_docs
from knowledge import Answer, AnswerType, Outcome, asks_question

# The fixed response of each small-talk intent (domain.yml).
RESPONSES = {
    "greet": "utter_greet",
    "goodbye": "utter_goodbye",
    "thanks": "utter_thanks",
    "bot_challenge": "utter_iamabot",
    "chitchat": "utter_chitchat",
    "feedback_good": "utter_feedback_thanks",
}
# What a knowledge-base answer to words that ask no fact is read as ("你叫什么" asks nothing a notice states).
_NO_FACT = frozenset({AnswerType.OTHER, AnswerType.NONE})
# Words addressed to the bot ("你是…", "您能…"), not "你好" or "你们" (the office asked about).
_TO_THE_BOT = re.compile(r"^(?:请问)?[你您](?![们好])")
# Where a message's first clause ends.
_CLAUSE_END = re.compile(r"[，,。.！!？?；;～~\s]+")


def after_first_clause(text: str) -> str:
    """The words after the message's first clause ("谢谢，那截止呢" → "那截止呢"); "" for a message of one clause."""
    parts = _CLAUSE_END.split(text.strip(), maxsplit=1)
    return parts[1].strip() if len(parts) == 2 else ""


def policy_answer(tracker: Tracker, text: str) -> tuple[str, Answer, dict] | None:
    """The question a small-talk message holds, with the knowledge base's answer and the stated profile; None for
    small talk alone. The question is the words after the first clause, or a one-clause message that names a
    programme. It must ask something (``asks_question``), not of the bot itself ("你是人工智能吗"), in words about
    a policy even without the notice discussed ("在吗" is out of scope; with a notice as context the knowledge
    layer finds a passage for nearly anything), and name a programme or ask a fact the knowledge layer reads."""
    if not text or text.startswith("/"):
        return None
    question = after_first_clause(text) or text
    if not asks_question(question) or _TO_THE_BOT.match(question):
        return None
    named = programme_docs(question)
    if question == text and not named:
        return None
    if knowledge_base().ask(question, today=today()).outcome is Outcome.OUT_OF_SCOPE:
        return None
    answer, stated = ask_knowledge(tracker, question)
    if answer.outcome is Outcome.OUT_OF_SCOPE or (answer.answer_type in _NO_FACT and not named):
        return None
    return question, answer, stated


class ActionSmallTalk(Action):
    """The small-talk intents' reply, or the answer to the policy question the message also holds."""

    def name(self) -> str:
        return "action_small_talk"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict) -> list[EventType]:
        text = (tracker.latest_message.get("text") or "").strip()
        found = policy_answer(tracker, text)
        if found is not None:
            question, answer, stated = found
            # Asked in the middle of the eligibility form, like any question answered there, it ends the form.
            return [*answer_question(dispatcher, tracker, question, answer=answer, stated=stated), *end_form(tracker)]
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        dispatcher.utter_message(response=RESPONSES.get(intent, "utter_chitchat"))
        return []
