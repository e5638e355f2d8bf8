"""Replies cite their source the same way everywhere: 《title》 › section, then the link."""

from datetime import datetime

import pytest

from actions.reply import answer_text, call_line, choose_doc_payload, format_moment
from knowledge import Answer, AnswerType, Citation, Outcome

TITLE = "关于组织开展2026年技术改造专项(投资补助方向)申报工作的通知"
SOURCE = "https://www.sheitc.sh.gov.cn/cyfz/20260121/x.html"


@pytest.mark.unit
def test_answer_comes_first_then_one_citation_per_document():
    answer = Answer(
        Outcome.ANSWERED,
        AnswerType.DEADLINE,
        "申报时间为2026年1月20日至2026年2月4日16:00，已截止。",
        (
            Citation("doc", TITLE, f"{TITLE} › 三、申报程序 › 2、申报时间", "…", SOURCE),
            Citation("doc", TITLE, f"{TITLE} › 三、申报程序 › 3、申报途径", "…", SOURCE),
        ),
    )
    lines = answer_text(answer).splitlines()
    assert lines[0].startswith("申报时间为")
    assert lines[1] == f"出处：《{TITLE}》 › 三、申报程序 › 2、申报时间；三、申报程序 › 3、申报途径"
    assert lines[2] == f"原文：{SOURCE}"
    assert len(lines) == 3


@pytest.mark.unit
def test_a_source_that_is_not_a_link_is_not_shown_as_one():
    answer = Answer(
        Outcome.ANSWERED, AnswerType.OTHER, "答案。", (Citation("doc", "某文件", "", "…", "(project seed)"),)
    )
    text = answer_text(answer)
    assert text == "答案。\n出处：《某文件》"


@pytest.mark.unit
def test_open_call_line_states_deadline_and_days_left():
    call = {"title": "某通知", "status": "open", "start": None, "deadline": "2026-12-02T16:00:00+08:00", "days_left": 5}
    assert call_line(1, call) == "1. 《某通知》，申报截止2026年12月2日16:00（还有5天）"


@pytest.mark.unit
def test_date_only_deadlines_show_no_clock_time():
    assert format_moment(datetime(2024, 10, 10, 23, 59, 59)) == "2024年10月10日"


@pytest.mark.unit
def test_candidate_button_payload_is_a_rasa_intent_with_the_document():
    assert choose_doc_payload("doc_1") == '/choose_doc{"doc_id": "doc_1"}'
