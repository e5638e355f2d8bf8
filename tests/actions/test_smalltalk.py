"""The service hours the bot states are the configured ones (POLICYBOT_SERVICE_HOURS), worded in Chinese; a policy
question misread as asking the hours is answered."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from actions.smalltalk import ActionServiceHours, hours_text
from knowledge import Answer, AnswerType, Outcome


@pytest.mark.unit
@pytest.mark.parametrize(("spec", "said"), [
    ("mon-fri 09:00-12:00,13:30-17:30", "周一至周五 09:00-12:00、13:30-17:30"),
    ("mon-fri 09:00-17:30; sat 09:00-12:00", "周一至周五 09:00-17:30；周六 09:00-12:00"),
    ("sat,sun 10:00-16:00", "周六、周日 10:00-16:00"),
    ("always", "全天24小时"),
    ("", "全天24小时"),
])
def test_hours_are_worded_from_the_setting(spec, said):
    assert hours_text(spec) == said


def _hours(monkeypatch, text: str, confidence: float, outcome: Outcome) -> tuple[list, list]:
    asked: list[str] = []

    class KB:
        def ask(self, question, **_):
            asked.append(question)
            return Answer(outcome, AnswerType.PROCESS, "发票抬头须为申报单位全称。", doc="doc-a")

        def resolve(self, question, limit=5):
            return []

    monkeypatch.setattr(answer_module, "knowledge_base", lambda: KB())
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: KB())
    message = {"text": text, "intent": {"name": "ask_service_hours", "confidence": confidence}}
    tracker = Tracker("s", {}, message, [{"event": "user", "text": text, "parse_data": message}],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionServiceHours().run(dispatcher, tracker, {}))
    return asked, [m.get("text") or "" for m in dispatcher.messages]


@pytest.mark.unit
def test_a_long_unsure_policy_question_read_as_hours_is_answered_from_the_notice(monkeypatch):
    question = "申报系统里上传的发票抬头能写分公司的名字吗"
    asked, said = _hours(monkeypatch, question, 0.5, Outcome.ANSWERED)
    assert asked == [question] and "申报单位全称" in said[0]
    asked, said = _hours(monkeypatch, question, 0.5, Outcome.NO_DOCUMENT)  # no notice answers it: the hours
    assert "服务时间" in said[0]
    asked, said = _hours(monkeypatch, "你们人工客服周末上不上班啊请问", 0.9, Outcome.ANSWERED)  # sure: the hours
    assert asked == [] and "服务时间" in said[0]
    asked, said = _hours(monkeypatch, "几点下班", 0.5, Outcome.ANSWERED)  # as short as small talk
    assert asked == [] and "服务时间" in said[0]
