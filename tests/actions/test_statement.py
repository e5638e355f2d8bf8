"""Statements outside the form and questions inside it: a question is answered, not read as company facts."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.eligibility import ActionReadStatement, asks_about_a_notice
from knowledge import Answer, AnswerType, Outcome


def _message(text: str, intent: str, confidence: float = 0.9) -> dict:
    return {"text": text, "intent": {"name": intent, "confidence": confidence}}


def _statement(text: str, intent: str = "inform", confidence: float = 0.9, slots: dict | None = None) -> str:
    message = _message(text, intent, confidence)
    tracker = Tracker("s", slots or {}, message, [{"event": "user", "text": text, "parse_data": message}],
                      False, None, {}, "action_listen")
    events = asyncio.run(ActionReadStatement().run(CollectingDispatcher(), tracker, {}))
    return next(e["value"] for e in events if e.get("name") == "statement")


@pytest.mark.unit
def test_company_facts_start_the_check_and_a_question_without_facts_is_answered():
    assert _statement("我们公司注册在徐汇，员工80人") == "check"
    assert _statement("技改专项是不是全年都可以报") == "question"


@pytest.mark.unit
def test_a_check_request_is_a_question_only_when_it_names_a_programme_and_asks_about_it(monkeypatch):
    monkeypatch.setattr("actions.eligibility.programme_docs", lambda text: ["gs_a"] if "公示" in text else [])
    assert _statement("某区第二批匹配资金拟支持项目公示到哪天", "check_eligibility") == "question"
    assert _statement("帮我看看我们公司能申报哪些项目", "check_eligibility") == "check"
    assert _statement("公示项目匹配一下", "check_eligibility") == "check"  # names one, asks nothing


@pytest.mark.unit
def test_an_unsure_check_request_asking_about_the_notice_discussed_is_a_follow_up_question(monkeypatch):
    monkeypatch.setattr("actions.eligibility.programme_docs", lambda text: [])
    check = Answer(Outcome.ANSWERED, AnswerType.ELIGIBILITY, "…", doc="doc-a")
    monkeypatch.setattr("actions.eligibility.ask_knowledge", lambda tracker, question: (check, {}))
    about = {"current_doc": "doc-a"}
    assert _statement("和高校一起研发的能不能算，得交啥", "check_eligibility", 0.58, about) == "question"
    assert _statement("和高校一起研发的能不能算，得交啥", "check_eligibility", 0.58) == "check"  # no notice yet
    assert _statement("我们能申报哪些项目", "check_eligibility", 0.95, about) == "check"


@pytest.mark.unit
def test_a_sure_check_request_asking_a_fact_of_the_notice_discussed_is_a_follow_up_question(monkeypatch):
    monkeypatch.setattr("actions.eligibility.programme_docs", lambda text: [])

    def read_as(text, kind):
        parts = (Answer(Outcome.ANSWERED, AnswerType.ELIGIBILITY, "…", doc="doc-a"),
                 Answer(Outcome.ANSWERED, kind, "…", doc="doc-a"))
        both = Answer(Outcome.ANSWERED, AnswerType.ELIGIBILITY, "…", doc="doc-a", parts=parts)
        monkeypatch.setattr("actions.eligibility.ask_knowledge", lambda tracker, question: (both, {}))
        return _statement(text, "check_eligibility", 0.96, {"current_doc": "doc-a"})

    assert read_as("和高校一起研发的能不能算，得交啥", AnswerType.MATERIALS) == "question"
    assert read_as("我们够条件吗，帮忙看看", AnswerType.ELIGIBILITY) == "check"


@pytest.mark.unit
def test_a_question_about_a_notice_inside_the_form_is_not_read_as_the_registered_place():
    assert asks_about_a_notice(_message("某市2019年度扶持政策网上申报截止哪天", "ask_notice"))
    assert not asks_about_a_notice(_message("徐汇", "ask_notice"))  # a bare answer to the form
    assert not asks_about_a_notice(_message("我们在徐汇，员工80人，能报吗", "ask_eligibility"))
