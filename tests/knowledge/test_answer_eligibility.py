"""The eligibility answer applies the conditions to what the company said: failed first, then to confirm."""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from knowledge import AnswerType, parse_profile
from knowledge.answer_facts import answer_from_facts
from knowledge.facts import extract_facts
from knowledge.model import DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TITLE = "关于开展示例区2026年科技小巨人企业申报工作的通知"
BODY = (
    "一、申报条件\n"
    "1、在本区范围内工商注册登记，具有独立法人资格；\n"
    "2、企业上年度营业收入在2000万元以上；\n"
    "3、从业人员300人以下；\n"
    "4、财务管理制度健全。\n"
    "二、申报须知\n"
    "申报单位不得有逾期未结题的区级科技项目。\n"
)


@pytest.fixture(scope="module")
def facts():
    text = f"{TITLE}\n{BODY}"
    meta = DocumentMeta(
        doc_id="shiliqu-test", title=TITLE, region="示例市示例区", issuer="示例区科学技术委员会"
    )
    return extract_facts(meta, text, split_sections(text, TITLE))


def ask(facts, question, known=None):
    return answer_from_facts(facts, AnswerType.ELIGIBILITY, question, NOW, profile=known)


def test_a_failed_bound_is_applied_and_named_first(facts):
    answer = ask(facts, "我们注册在示例区，营收1500万，员工80人，能申报吗")
    assert answer.facts["verdict"] == "not_eligible"
    assert answer.text.index("不符合") < answer.text.index("需确认")
    failed = answer.text[answer.text.index("不符合：") :].split("需确认")[0]
    assert "2000万元" in failed and "1500" in failed
    assert "300人以下" not in failed  # a staff ceiling of 300 is met by 80
    json.dumps(answer.facts, ensure_ascii=False)  # the facts are JSON-able


def test_a_staff_ceiling_fails_a_larger_company(facts):
    answer = ask(facts, "我们在示例区注册，营收5000万，员工500人")
    results = {c["text"]: c["status"] for c in answer.facts["eligibility"]["conditions"]}
    assert results["从业人员300人以下"] == "不符合"
    assert results["企业上年度营业收入在2000万元以上"] == "符合"


def test_another_district_fails_the_registration_condition(facts):
    answer = ask(facts, "我们公司注册在上海徐汇，营收5000万")
    assert answer.facts["verdict"] == "not_eligible"
    assert "注册" in answer.text.split("需确认")[0]
    # a district name nobody declared may lie anywhere: ask rather than refuse
    assert ask(facts, "我们公司注册在演示区，营收5000万").facts["verdict"] == "needs_confirmation"


def test_what_cannot_be_checked_needs_confirmation_with_its_source(facts):
    answer = ask(facts, "我们在示例区注册，营收5000万，员工80人，独立法人")
    assert answer.facts["verdict"] == "needs_confirmation"
    assert "逾期未结题" in answer.text and "申报须知" in answer.text
    assert "财务管理制度健全" in answer.text


def test_the_profile_said_earlier_is_used_and_the_question_overrides_it(facts):
    earlier = parse_profile("我们在示例区注册，营收5000万，员工80人")
    assert ask(facts, "能报吗", earlier).facts["verdict"] == "needs_confirmation"
    assert ask(facts, "不对，员工是500人，能报吗", earlier).facts["verdict"] == "not_eligible"


def test_without_a_profile_the_conditions_are_listed_with_an_invitation(facts):
    answer = ask(facts, "申报条件是什么")
    assert "verdict" not in answer.facts and "2000万元" in answer.text and "注册地" in answer.text


def test_what_the_company_says_is_held_against_the_conditions_no_field_checks(facts):
    answer = ask(facts, "我们有一个逾期未结题的区级科技项目，还能报吗")
    assert answer.facts["verdict"] == "not_eligible"
    failed = answer.text[answer.text.index("不符合：") :].split("需确认")[0]
    assert "逾期未结题" in failed


def test_a_statement_no_condition_settles_still_gets_a_verdict_to_confirm(facts):
    answer = ask(facts, "我们是做软件的，去年刚搬了办公室，能报吗")
    assert answer.facts["verdict"] == "needs_confirmation"
    assert "需确认" in answer.text


KINDS_TITLE = "关于开展示例市2026年高新技术企业奖补申报的通知"
KINDS_BODY = (
    "一、奖励对象\n"
    "1、2025年度首次通过认定的高新技术企业；\n"
    "2、2025年度整体迁入示例市注册经营的有效期内高新技术企业。\n"
)


@pytest.fixture(scope="module")
def kinds():
    text = f"{KINDS_TITLE}\n{KINDS_BODY}"
    meta = DocumentMeta(doc_id="shili-kinds", title=KINDS_TITLE, region="示例市", issuer="示例市科学技术局")
    return extract_facts(meta, text, split_sections(text, KINDS_TITLE))


def test_kinds_of_applicants_are_alternatives_one_met_is_enough(kinds):
    answer = ask(kinds, "我们2025年度整体迁入示例市注册经营，高新技术企业资格在有效期内，能报吗")
    assert answer.facts["verdict"] == "eligible"


def test_a_company_of_none_of_the_kinds_is_not_eligible(kinds):
    answer = ask(kinds, "我们2024年首次通过认定，是2024年度整体迁入示例市注册经营的，能报吗")
    assert answer.facts["verdict"] == "not_eligible"


def test_a_company_is_judged_as_it_stood_at_an_earlier_calls_deadline():
    title = "关于开展示例区2018年创新企业申报工作的通知"
    body = "一、申报条件\n企业注册成立满1年。\n二、申报时间\n申报截止时间为2018年4月20日。\n"
    text = f"{title}\n{body}"
    meta = DocumentMeta(doc_id="shiliqu-2018", title=title, region="示例市示例区", issuer="示例区科委")
    old_call = extract_facts(meta, text, split_sections(text, title))
    question = "我们2017年10月在示例区注册的，能报吗"
    answer = answer_from_facts(old_call, AnswerType.ELIGIBILITY, question, NOW, profile=parse_profile(question))
    assert answer.facts["verdict"] == "not_eligible"  # six months old at the deadline, not eight years today
