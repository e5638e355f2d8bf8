""""不是这个" changes the document; a follow-up question the NLU misread as that is answered instead."""

import asyncio
from types import SimpleNamespace

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from actions import wrong_doc
from knowledge import Answer, AnswerType, Outcome


class FakeKnowledgeBase:
    def __init__(self):
        self.asked: list[str] = []

    def ask(self, question, **_):
        self.asked.append(question)
        return Answer(Outcome.ANSWERED, AnswerType.OTHER, "每个负责人限报1项。", doc="doc-a")

    def resolve(self, question, limit=5):
        return [SimpleNamespace(doc_id=d, title=f"《{d}》", name_coverage=0.0) for d in ("doc-a", "doc-b", "doc-c")][:limit]


def _wrong_doc(monkeypatch, text: str, confidence: float):
    kb = FakeKnowledgeBase()
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    monkeypatch.setattr(wrong_doc, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    first = {"text": "某某专项申报截止到哪天", "intent": {"name": "ask_notice", "confidence": 0.99}}
    message = {"text": text, "intent": {"name": "wrong_doc", "confidence": confidence}}
    events = [{"event": "user", "text": first["text"], "parse_data": first},
              {"event": "slot", "name": "current_doc", "value": "doc-a"},
              {"event": "user", "text": text, "parse_data": message}]
    tracker = Tracker("s", {"current_doc": "doc-a"}, message, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = asyncio.run(wrong_doc.ActionWrongDoc().run(dispatcher, tracker, {}))
    return kb, dispatcher.messages, result


@pytest.mark.unit
def test_an_unsure_wrong_document_that_asks_about_the_current_notice_is_answered(monkeypatch):
    kb, messages, _ = _wrong_doc(monkeypatch, "一个负责人最多能报几个", confidence=0.6)
    assert kb.asked == ["一个负责人最多能报几个"]
    assert "限报1项" in messages[0]["text"]


@pytest.mark.unit
def test_not_this_one_offers_the_other_documents_of_the_previous_question(monkeypatch):
    kb, messages, events = _wrong_doc(monkeypatch, "不是这个", confidence=0.95)
    assert kb.asked == []
    offered = [b["payload"] for b in messages[0]["buttons"]]
    assert len(offered) == 2 and all("doc-a" not in p for p in offered)
    assert {"event": "slot", "name": "current_doc", "value": None, "timestamp": None} in events


class NamingKnowledgeBase(FakeKnowledgeBase):
    """The correction's words fit one other notice by its name (doc-b), far ahead of the next."""

    def __init__(self, kind=AnswerType.OTHER):
        super().__init__()
        self.kind, self.asked_docs = kind, []

    def ask(self, question, doc_id=None, **_):
        self.asked.append(question)
        self.asked_docs.append(doc_id)
        kind = self.kind if question.startswith("不是") else AnswerType.DEADLINE
        return Answer(Outcome.ANSWERED, kind, f"{doc_id}：截止2016年9月25日。", doc=doc_id)

    def resolve(self, question, limit=5):
        if not question.startswith("不是"):
            return []
        return [SimpleNamespace(doc_id="doc-a", title="a", name_coverage=0.1, score=0.1),
                SimpleNamespace(doc_id="doc-b", title="b", name_coverage=0.3, score=0.5),
                SimpleNamespace(doc_id="doc-c", title="c", name_coverage=0.1, score=0.1)][:limit]


def _correct(monkeypatch, text, kb):
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    monkeypatch.setattr(wrong_doc, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    first = {"text": "某某专项材料几号前要交", "intent": {"name": "ask_notice", "confidence": 0.99}}
    message = {"text": text, "intent": {"name": "wrong_doc", "confidence": 0.97}}
    events = [{"event": "user", "text": first["text"], "parse_data": first},
              {"event": "user", "text": text, "parse_data": message}]
    tracker = Tracker("s", {"current_doc": "doc-a"}, message, events, False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = asyncio.run(wrong_doc.ActionWrongDoc().run(dispatcher, tracker, {}))
    return dispatcher.messages, result


@pytest.mark.unit
def test_a_correction_naming_the_notice_meant_answers_the_previous_question_from_it(monkeypatch):
    kb = NamingKnowledgeBase()
    messages, events = _correct(monkeypatch, "不是这个，我问的是乙地那个", kb)
    assert kb.asked[-1] == "某某专项材料几号前要交" and kb.asked_docs[-1] == "doc-b"
    assert "doc-b：截止" in messages[0]["text"]
    assert {"event": "slot", "name": "current_doc", "value": "doc-b", "timestamp": None} in events


@pytest.mark.unit
def test_a_correction_asking_its_own_question_is_answered_from_the_notice_it_names(monkeypatch):
    kb = NamingKnowledgeBase(kind=AnswerType.CONTACT)
    _, _ = _correct(monkeypatch, "不是这个，乙地那个的电话多少", kb)
    assert kb.asked == ["不是这个，乙地那个的电话多少"] and kb.asked_docs == ["doc-b"]
