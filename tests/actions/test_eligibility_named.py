"""A first eligibility question stating the company's facts and naming one notice weakly is answered from it."""

import asyncio
from types import SimpleNamespace

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from knowledge import Answer, AnswerType, Outcome

QUESTION = "我们注册在示例区，员工80人，能报示例区某某专项资金吗"


class FakeKnowledgeBase:
    def __init__(self, names: list[tuple[str, float]]):
        self.names = names
        self.matched = 0

    def ask(self, question, **_):
        return Answer(Outcome.ANSWERED, AnswerType.ELIGIBILITY, "按您提供的信息，贵公司不符合某某专项的申报条件。", doc="doc-a")

    def resolve(self, question, limit=5):
        return [SimpleNamespace(doc_id=d, name_coverage=c, score=1.0) for d, c in self.names]

    def match_calls(self, profile, **_):
        self.matched += 1
        return []


def _ask(monkeypatch, names):
    kb = FakeKnowledgeBase(names)
    for module in ("actions.answer", "actions.topic"):
        monkeypatch.setattr(f"{module}.knowledge_base", lambda: kb)
    message = {"text": QUESTION, "intent": {"name": "ask_eligibility", "confidence": 0.95}}
    tracker = Tracker("s", {}, message, [{"event": "user", "text": QUESTION, "parse_data": message}],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(answer_module.ActionAnswer().run(dispatcher, tracker, {}))
    return kb, "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.unit
def test_the_one_notice_named_weakly_answers_instead_of_every_open_call(monkeypatch):
    kb, said = _ask(monkeypatch, [("doc-a", 0.41)])
    assert kb.matched == 0 and "不符合某某专项" in said


@pytest.mark.unit
def test_words_fitting_several_notices_alike_are_matched_against_the_open_calls(monkeypatch):
    kb, said = _ask(monkeypatch, [("doc-a", 0.29), ("doc-b", 0.29)])
    assert kb.matched >= 1 and "不符合某某专项" not in said
