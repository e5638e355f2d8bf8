"""An answer that leaves part of a question unanswered offers a person, as one that answers nothing does."""

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from knowledge import Answer, AnswerType, Outcome

QUESTION = "纸质材料送哪个地址，联系电话多少"
ADDRESS = Answer(Outcome.ANSWERED, AnswerType.PROCESS, "纸质材料送至某某路1号。", doc="doc-a")
NO_PHONE = Answer(Outcome.NOT_STATED, AnswerType.CONTACT, "通知没有写明联系方式。", doc="doc-a")


def _answer(monkeypatch, answer: Answer) -> list[dict]:
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: type("KB", (), {"resolve": lambda *a, **k: []})())
    message = {"text": QUESTION, "intent": {"name": "ask_notice", "confidence": 0.99}}
    tracker = Tracker("s", {}, message, [{"event": "user", "text": QUESTION, "parse_data": message}], False, None,
                      {}, "action_listen")
    dispatcher = CollectingDispatcher()
    answer_module.answer_question(dispatcher, tracker, QUESTION, answer=answer, stated={})
    return dispatcher.messages


def _offers_a_person(messages: list[dict]) -> bool:
    return any("unanswerable" in b.get("payload", "") for m in messages for b in m.get("buttons") or [])


@pytest.mark.unit
def test_a_two_part_answer_with_a_part_the_notice_does_not_state_offers_a_person(monkeypatch):
    both = Answer(Outcome.ANSWERED, AnswerType.PROCESS, "纸质材料送至某某路1号。\n通知没有写明联系方式。",
                  doc="doc-a", parts=(ADDRESS, NO_PHONE))
    messages = _answer(monkeypatch, both)
    assert "某某路1号" in messages[0]["text"] and _offers_a_person(messages)


@pytest.mark.unit
def test_a_fully_answered_question_offers_no_person(monkeypatch):
    assert not _offers_a_person(_answer(monkeypatch, ADDRESS))
    assert _offers_a_person(_answer(monkeypatch, NO_PHONE))
