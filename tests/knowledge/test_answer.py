"""The grounded answer composer, on the real sample knowledge base: what a company reads back."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import AnswerType
from knowledge.answer import compose_answer

JISHUGAIZAO = "sh_jingxin_jishugaizao_touzibuzhu_2026"
DEADLINE_Q = "2026年技改专项什么时候截止？"

pytestmark = pytest.mark.integration


def test_closed_deadline_is_stated_with_its_exact_end(sample_kb):
    answer = compose_answer(sample_kb, DEADLINE_Q, today=date(2026, 11, 27))
    assert answer.answer_type is AnswerType.DEADLINE
    assert answer.doc == JISHUGAIZAO
    assert "2026年2月4日16:00" in answer.answer
    assert "已截止" in answer.answer
    assert answer.facts["deadline"]["end"].startswith("2026-02-04T16:00")
    assert any("2026年2月4日16时" in c.text for c in answer.citations)


def test_deadline_inside_the_window_counts_days_left(sample_kb):
    answer = compose_answer(sample_kb, "技改投资补助申抱截至到哪天", today=date(2026, 1, 30))
    assert answer.answer_type is AnswerType.DEADLINE
    assert "还有5天截止" in answer.answer
    assert answer.facts["days_left"] == 5


def test_deadline_on_the_last_day_and_before_the_start(sample_kb):
    last = compose_answer(sample_kb, DEADLINE_Q, today=date(2026, 2, 4))
    assert "今天是最后一天" in last.answer
    early = compose_answer(sample_kb, DEADLINE_Q, today=date(2026, 1, 10))
    assert "尚未开始" in early.answer and "2026年1月20日" in early.answer


def test_the_forwarding_date_is_not_given_as_the_company_deadline(sample_kb):
    answer = compose_answer(
        sample_kb, "鹤壁高企认定奖补，企业最晚哪天把申报书交到县区科技部门", today=date(2026, 1, 28)
    )
    assert answer.facts["deadline"]["end"].startswith("2018-05-11")
    county = compose_answer(
        sample_kb, "鹤壁县区科技部门把高企奖补材料报市科技局的截止时间", today=date(2026, 1, 28)
    )
    assert county.facts["deadline"]["end"].startswith("2018-05-16T17:00")


def test_a_named_batch_gets_its_own_deadline(sample_kb):
    answer = compose_answer(sample_kb, "24年高企第六批申报截至什么时候", today=date(2026, 1, 28))
    assert answer.facts["deadline"]["end"].startswith("2024-10-10")
    assert "第六批" in answer.answer


def test_follow_up_uses_the_document_of_the_previous_turn(sample_kb):
    answer = compose_answer(sample_kb, "那截止是几号？", today=date(2026, 1, 28), doc_id=JISHUGAIZAO)
    assert answer.answer_type is AnswerType.DEADLINE
    assert answer.facts["deadline"]["end"].startswith("2026-02-04T16:00")


def test_missing_fact_is_said_not_guessed(sample_kb):
    answer = compose_answer(sample_kb, "2026年技改投资补助要交哪些申报材料？", today=date(2026, 1, 28))
    assert answer.answer_type is AnswerType.NONE
    assert answer.doc == JISHUGAIZAO
    assert "没有写明申报材料" in answer.answer
    assert answer.citations, "the answer cites what was checked"


def test_execution_period_is_not_taken_for_a_deadline(sample_kb):
    answer = compose_answer(sample_kb, "奉贤小巨人2025年申报截止到什么时候", today=date(2026, 1, 28))
    assert answer.answer_type is AnswerType.NONE
    assert "2026年12月31日" not in answer.answer


@pytest.mark.parametrize(
    "question",
    ["深圳专精特新小巨人奖励多少钱", "2025年上海市高新技术企业认定申报截止时间", "今天天气怎么样"],
)
def test_questions_outside_the_knowledge_base_are_refused(sample_kb, question):
    answer = compose_answer(sample_kb, question, today=date(2026, 1, 28))
    assert answer.answer_type is AnswerType.NONE
    assert answer.doc is None
    assert "抱歉" in answer.answer
    assert not answer.facts.get("deadline")


def test_a_programme_budget_is_not_offered_as_a_company_grant(sample_kb):
    answer = compose_answer(sample_kb, "我们公司最多能领多少廊坊算力券？", today=date(2026, 1, 28))
    assert answer.answer_type is AnswerType.NONE
    assert "总规模" in answer.answer and "不是单个企业" in answer.answer


def test_company_profile_in_the_question_is_checked(sample_kb):
    answer = compose_answer(
        sample_kb, "我们在文昌注册，成立一年，能申请中小企业贷款贴息吗", today=date(2026, 1, 28)
    )
    assert answer.answer_type is AnswerType.ELIGIBILITY
    assert "不符合" in answer.answer and "正常经营两年以上" in answer.answer
    assert answer.facts["eligibility"]["verdict"] == "not_eligible"


def test_amount_and_contact_come_from_facts(sample_kb):
    amount = compose_answer(sample_kb, "奉贤科技小巨人给多少钱？", today=date(2026, 1, 28))
    assert amount.answer_type is AnswerType.AMOUNT and "40万元/项" in amount.answer
    contact = compose_answer(sample_kb, "珠海市科技创新局科技人才科电话多少", today=date(2026, 1, 28))
    assert contact.answer_type is AnswerType.CONTACT and "0756-2128405" in contact.answer


def test_to_dict_is_the_ask_json_contract(sample_kb):
    data = compose_answer(sample_kb, DEADLINE_Q, today=date(2026, 1, 28)).to_dict()
    assert set(data) == {"answer_type", "answer", "citations", "facts", "doc", "candidates"}
    assert data["answer_type"] == "deadline"
    assert set(data["citations"][0]) == {"doc", "title", "section", "text", "source"}
    assert all({"doc", "title", "score"} <= set(c) for c in data["candidates"])


def test_empty_question_is_rejected(sample_kb):
    with pytest.raises(ValueError):
        compose_answer(sample_kb, "  ")
