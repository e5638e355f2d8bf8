"""Open calls: an unsure request that asks about the notice being discussed is answered as a follow-up."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from actions import calls as calls_module
from knowledge import Answer, AnswerType, Outcome


class FakeKnowledgeBase:
    def __init__(self):
        self.asked: list[str] = []

    def ask(self, question, **_):
        self.asked.append(question)
        return Answer(Outcome.ANSWERED, AnswerType.CONTACT, "封面由所在镇街经信部门盖章。", doc="doc-a")

    def open_calls(self, **_):
        return []

    def resolve(self, question, limit=5):
        return []


def _run(monkeypatch, text: str, confidence: float, current_doc: str | None):
    kb = FakeKnowledgeBase()
    for module in (answer_module, calls_module):
        monkeypatch.setattr(module, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    message = {"text": text, "intent": {"name": "list_open_calls", "confidence": confidence}, "entities": []}
    tracker = Tracker("s", {"current_doc": current_doc}, message, [{"event": "user", "text": text, "parse_data": message}],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(calls_module.ActionListOpenCalls().run(dispatcher, tracker, {}))
    return kb, "\n".join(m.get("text") or "" for m in dispatcher.messages)


@pytest.mark.unit
def test_an_unsure_list_request_asking_about_the_notice_discussed_is_answered_from_it(monkeypatch):
    kb, reply = _run(monkeypatch, "申报书封面的公章谁来盖", 0.41, "doc-a")
    assert kb.asked == ["申报书封面的公章谁来盖"] and "镇街" in reply


@pytest.mark.unit
def test_a_confident_list_request_lists_open_calls(monkeypatch):
    kb, _ = _run(monkeypatch, "现在有哪些项目在申报", 0.95, "doc-a")
    assert kb.asked == []
    kb, _ = _run(monkeypatch, "最近有什么能报的", 0.41, None)  # no notice discussed yet
    assert kb.asked == []
