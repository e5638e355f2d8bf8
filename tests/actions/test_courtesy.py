"""Small talk that also asks a policy question is answered; small talk alone gets its fixed reply."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from actions import courtesy
from knowledge import Answer, AnswerType, DocMatch, Outcome


class FakeKnowledgeBase:
    """Answers every question with one typed answer; ``named`` is what the question's words name."""

    def __init__(self, outcome: Outcome, kind: AnswerType, named: list[DocMatch] | None = None):
        self.outcome, self.kind, self.named = outcome, kind, named or []
        self.asked: list[tuple[str, str | None]] = []

    def ask(self, question, *, context_doc=None, **_):
        self.asked.append((question, context_doc))
        text = "示例区人才补贴材料请于2026年12月20日前提交。" if self.outcome is Outcome.ANSWERED else "通知未写明。"
        return Answer(self.outcome, self.kind, text, doc="shili-rencai" if self.outcome is not Outcome.OUT_OF_SCOPE else None)

    def resolve(self, question, limit=5):
        return self.named


def _run(monkeypatch, text: str, intent: str, kb: FakeKnowledgeBase, current_doc: str | None = "shili-rencai",
         loop: str | None = None):
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    monkeypatch.setattr(courtesy, "knowledge_base", lambda: kb)
    message = {"text": text, "intent": {"name": intent, "confidence": 0.95}}
    slots = {"current_doc": current_doc} if current_doc else {}
    tracker = Tracker("s", slots, message, [{"event": "user", "text": text, "parse_data": message}], False, None,
                      {"name": loop} if loop else {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(courtesy.ActionSmallTalk().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def _said(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


def _responses(messages) -> list[str]:
    return [m["response"] for m in messages if m.get("response")]


@pytest.mark.unit
def test_thanks_with_a_follow_up_question_is_answered_from_the_notice_discussed(monkeypatch):
    kb = FakeKnowledgeBase(Outcome.ANSWERED, AnswerType.DEADLINE)
    messages, events = _run(monkeypatch, "谢谢，那截止呢", "thanks", kb)
    # The question alone, so it reads as a follow-up; first without the notice, to see it is about a policy at all.
    assert kb.asked == [("那截止呢", None), ("那截止呢", "shili-rencai")]
    assert "2026年12月20日" in _said(messages) and _responses(messages) == []
    assert {"event": "slot", "name": "current_kind", "value": "deadline", "timestamp": None} in events


@pytest.mark.unit
@pytest.mark.parametrize("text, intent, response", [
    ("谢谢", "thanks", "utter_thanks"), ("你好", "greet", "utter_greet"), ("好的再见", "goodbye", "utter_goodbye"),
    ("/greet", "greet", "utter_greet"),
])
def test_small_talk_that_asks_nothing_never_reaches_the_knowledge_base(monkeypatch, text, intent, response):
    kb = FakeKnowledgeBase(Outcome.ANSWERED, AnswerType.DEADLINE)
    messages, events = _run(monkeypatch, text, intent, kb)
    assert kb.asked == [] and _responses(messages) == [response] and events == []


@pytest.mark.unit
def test_one_clause_naming_no_programme_is_the_small_talk_the_nlu_read(monkeypatch):
    # "你是机器人吗" asks something, and a knowledge base may even find a passage for it: never asked.
    kb = FakeKnowledgeBase(Outcome.ANSWERED, AnswerType.PROCESS)
    messages, _ = _run(monkeypatch, "你是机器人吗", "bot_challenge", kb)
    assert kb.asked == [] and _responses(messages) == ["utter_iamabot"]


@pytest.mark.unit
@pytest.mark.parametrize("text, intent, response", [
    ("好的，谢谢你", "thanks", "utter_thanks"),  # asks nothing
    ("您好，想咨询一下", "greet", "utter_greet"),
    ("好的，你是人工智能吗", "bot_challenge", "utter_iamabot"),  # asks the bot itself
])
def test_a_second_clause_that_asks_no_policy_question_never_reaches_the_knowledge_base(monkeypatch, text, intent,
                                                                                     response):
    kb = FakeKnowledgeBase(Outcome.ANSWERED, AnswerType.PROCESS)
    messages, _ = _run(monkeypatch, text, intent, kb)
    assert kb.asked == [] and _responses(messages) == [response]


@pytest.mark.unit
def test_a_question_about_a_notice_fact_the_knowledge_layer_does_not_read_gets_small_talk(monkeypatch):
    kb = FakeKnowledgeBase(Outcome.ANSWERED, AnswerType.OTHER)
    messages, _ = _run(monkeypatch, "好的，这是啥意思呢", "thanks", kb)
    assert len(kb.asked) == 2 and _responses(messages) == ["utter_thanks"]


@pytest.mark.unit
def test_words_about_no_policy_get_the_small_talk_reply(monkeypatch):
    kb = FakeKnowledgeBase(Outcome.OUT_OF_SCOPE, AnswerType.NONE)
    messages, _ = _run(monkeypatch, "你好，在吗", "greet", kb, current_doc=None)
    assert _responses(messages) == ["utter_greet"]


@pytest.mark.unit
def test_a_greeting_naming_a_programme_is_answered_even_without_a_fact_kind(monkeypatch):
    named = [DocMatch("shili-rencai", "示例区人才补贴通知", 3.0, name_coverage=0.8)]
    kb = FakeKnowledgeBase(Outcome.ANSWERED, AnswerType.OTHER, named)
    messages, _ = _run(monkeypatch, "你好，示例区人才补贴是怎么回事", "greet", kb, current_doc=None)
    assert kb.asked == [("示例区人才补贴是怎么回事", None)] * 2
    assert "示例区人才补贴" in _said(messages) and _responses(messages) == []


@pytest.mark.unit
def test_one_clause_naming_a_programme_is_asked_whole(monkeypatch):
    named = [DocMatch("shili-rencai", "示例区人才补贴通知", 3.0, name_coverage=0.8)]
    kb = FakeKnowledgeBase(Outcome.ANSWERED, AnswerType.AMOUNT, named)
    messages, _ = _run(monkeypatch, "您好请问示例区人才补贴给多少", "greet", kb, current_doc=None)
    assert kb.asked == [("您好请问示例区人才补贴给多少", None)] * 2 and _responses(messages) == []


@pytest.mark.unit
def test_a_policy_question_the_notice_does_not_answer_offers_a_person(monkeypatch):
    kb = FakeKnowledgeBase(Outcome.NOT_STATED, AnswerType.AMOUNT)
    messages, _ = _run(monkeypatch, "你是机器人吗？示例区人才补贴奖多少钱", "bot_challenge", kb)
    payloads = " ".join(b["payload"] for m in messages for b in m.get("buttons") or [])
    assert kb.asked == [("示例区人才补贴奖多少钱", None), ("示例区人才补贴奖多少钱", "shili-rencai")]
    assert '"handoff_reason":"unanswerable"' in payloads and _responses(messages) == []


@pytest.mark.unit
def test_a_question_answered_inside_the_eligibility_form_ends_the_form(monkeypatch):
    kb = FakeKnowledgeBase(Outcome.ANSWERED, AnswerType.DEADLINE)
    _, events = _run(monkeypatch, "谢谢，那截止呢", "thanks", kb, loop="eligibility_form")
    assert {"event": "active_loop", "name": None, "timestamp": None} in events
    _, events = _run(monkeypatch, "谢谢", "thanks", kb, loop="eligibility_form")
    assert events == []  # small talk alone leaves the form running
