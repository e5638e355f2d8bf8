"""A document's conditions applied to a company profile: the overall verdict, the reasons, the fields to ask for."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import CompanyProfile
from knowledge.facts import Condition, Outcome, Predicate, Verdict, evaluate_profile
from knowledge.model import Span

pytestmark = pytest.mark.unit
TODAY = date(2026, 6, 1)


def cond(predicate: Predicate | None, text: str = "条件") -> Condition:
    return Condition(text=text, span=Span(doc_id="t", text=text, start=0, end=len(text)), predicate=predicate)


CONDITIONS = [
    cond(Predicate("registered_place", "in", ("上海市", "奉贤区")), "在本区范围内注册"),
    cond(Predicate("independent_legal_person", "==", True), "具有独立法人资格"),
    cond(Predicate("qualifications", "has", "高新技术企业"), "有效期内的高新技术企业"),
    cond(Predicate("revenue", ">=", 3000.0, "万元"), "营业收入3000万元以上"),
]


def test_all_met_is_eligible():
    profile = CompanyProfile(
        registered_place="奉贤",
        independent_legal_person=True,
        qualifications=("高新技术企业",),
        revenue=5000.0,
    )
    result = evaluate_profile(CONDITIONS, profile, today=TODAY)
    assert result.verdict is Verdict.ELIGIBLE and result.missing_fields == []


def test_one_failure_is_not_eligible_with_the_reason():
    result = evaluate_profile(
        CONDITIONS, CompanyProfile(registered_place="奉贤", revenue=1000.0), today=TODAY
    )
    assert result.verdict is Verdict.NOT_ELIGIBLE
    [failed] = result.by_outcome(Outcome.FAILED)
    assert (
        failed.condition.text == "营业收入3000万元以上"
        and "1000" in failed.reason
        and "3000" in failed.reason
    )


def test_unknowns_make_it_conditional_and_list_the_fields_to_ask_for():
    result = evaluate_profile(
        CONDITIONS + [cond(None, "财务制度健全")], {"registered_place": "奉贤"}, today=TODAY
    )
    assert result.verdict is Verdict.NEEDS_CONFIRMATION
    assert result.missing_fields == ["independent_legal_person", "qualifications", "revenue"]
    data = result.to_dict()
    assert data["conditions"][-1]["status"] == "需确认" and data["missing_labels"][0] == "是否独立法人"


def under(heading: str, text: str, predicate: Predicate | None = None) -> Condition:
    section = f"关于开展测试项目申报工作的通知 › {heading}"
    span = Span(doc_id="t", text=text, start=0, end=len(text), section=section)
    return Condition(text=text, span=span, predicate=predicate)


def test_nothing_checkable_said_is_needs_confirmation_not_yes():
    # "不含房地产类企业" is met by any company that names no kind: alone it settles nothing.
    left_out = [cond(Predicate("kind", "not_in", ("房地产",)), "不含房地产类企业")]
    assert (
        evaluate_profile(left_out, {"statements": ["我们是一家公司"]}).verdict is Verdict.NEEDS_CONFIRMATION
    )
    place = cond(Predicate("registered_place", "in", ("上海市", "徐汇区")), "在本区注册")
    assert evaluate_profile([*left_out, place], {"registered_place": "徐汇"}).verdict is Verdict.ELIGIBLE


def test_an_exclusion_under_an_applicants_heading_is_no_alternative_kind():
    items = [
        under("一、申报对象", "在本区注册的示例行业企业"),
        under("一、申报对象", "已列为示例冠军的企业,不再推荐"),
    ]
    result = evaluate_profile(items, {"statements": ["我们已列为示例冠军"]})
    assert [r.outcome for r in result.results] == [Outcome.UNKNOWN, Outcome.FAILED]
    assert result.verdict is Verdict.NOT_ELIGIBLE


def test_public_bodies_listed_beside_companies_are_one_kind_of_applicant_among_several():
    body = Predicate("applicant", "public_body", "各街道管理部门")
    alone = [under("一、申报对象", "示例期间拨付贴息资金的各街道管理部门", body)]
    beside = [under("一、申报对象", "在本区注册的示例行业企业"), *alone]
    company = {"statements": ["我们是示例行业企业"]}
    assert evaluate_profile(alone, company).verdict is Verdict.NOT_ELIGIBLE
    assert evaluate_profile(beside, company).verdict is Verdict.NEEDS_CONFIRMATION
