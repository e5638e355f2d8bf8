"""Checking a company profile against conditions: met / failed / unknown, and what to ask next."""

from __future__ import annotations

import pytest

from knowledge.facts import Condition, Predicate, Verdict, evaluate_profile
from knowledge.facts.eligibility import Outcome
from knowledge.model import Span

pytestmark = pytest.mark.unit


def cond(predicate: Predicate | None, text: str = "条件") -> Condition:
    return Condition(text=text, span=Span(doc_id="t", text=text, start=0, end=len(text)), predicate=predicate)


FENGXIAN = [
    cond(Predicate("registered_district", "in", ["奉贤"], "区")),
    cond(Predicate("independent_legal_person", "==", True)),
    cond(Predicate("qualifications", "has", "高新技术企业")),
    cond(Predicate("rd_ratio", ">=", 5.0, "%")),
    cond(Predicate("revenue", ">=", 3000.0, "万元")),
]


def test_all_met_is_eligible():
    profile = {
        "registered_district": "上海市奉贤区",
        "independent_legal_person": True,
        "qualifications": ["高新技术企业", "专精特新"],
        "rd_ratio": 6,
        "revenue": 5000,
    }
    result = evaluate_profile(FENGXIAN, profile)
    assert result.verdict is Verdict.ELIGIBLE
    assert result.missing_fields == []


def test_one_failure_is_not_eligible():
    profile = {"registered_district": "奉贤区", "revenue": 2000}
    result = evaluate_profile(FENGXIAN, profile)
    assert result.verdict is Verdict.NOT_ELIGIBLE
    assert [r.outcome for r in result.results][4] is Outcome.FAILED


def test_missing_fields_are_listed_in_order_so_the_form_asks_only_those():
    result = evaluate_profile(FENGXIAN, {"registered_district": "奉贤", "revenue": 3000})
    assert result.verdict is Verdict.NEEDS_CONFIRMATION
    assert result.missing_fields == ["independent_legal_person", "qualifications", "rd_ratio"]
    assert result.to_dict()["missing_labels"][0] == "是否独立法人"


@pytest.mark.parametrize(
    ("profile_value", "outcome"),
    [
        ("徐汇", Outcome.MET),
        ("徐汇区", Outcome.MET),
        ("上海市徐汇区", Outcome.MET),
        ("上海徐汇区", Outcome.MET),
        ("上海市奉贤区", Outcome.FAILED),
        ("奉贤区", Outcome.FAILED),
        ("上海市", Outcome.UNKNOWN),  # which district? ask
        ("奉贤", Outcome.UNKNOWN),  # a bare name of unknown level: ask rather than refuse
    ],
)
def test_district_matching(profile_value, outcome):
    result = evaluate_profile(
        [cond(Predicate("registered_district", "in", ["徐汇"], "区"))], {"registered_district": profile_value}
    )
    assert result.results[0].outcome is outcome


def test_city_requirement_against_a_district_profile():
    city = [cond(Predicate("registered_district", "in", ["上海"], "市"))]
    assert evaluate_profile(city, {"registered_district": "上海市徐汇区"}).verdict is Verdict.ELIGIBLE
    assert evaluate_profile(city, {"registered_district": "广东省珠海市"}).verdict is Verdict.NOT_ELIGIBLE


def test_raw_text_conditions_always_need_confirmation():
    conditions = [cond(Predicate("credit_ok", "==", True)), cond(None, "企业有健全的财务制度")]
    result = evaluate_profile(conditions, {"credit_ok": "是"})
    assert result.verdict is Verdict.NEEDS_CONFIRMATION
    assert result.missing_fields == []
    assert [r.outcome for r in result.results] == [Outcome.MET, Outcome.UNKNOWN]


def test_numeric_operators_and_strings_from_a_form():
    years = [cond(Predicate("years_established", "<=", 5.0, "年"))]
    assert evaluate_profile(years, {"years_established": "3"}).verdict is Verdict.ELIGIBLE
    assert evaluate_profile(years, {"years_established": 8}).verdict is Verdict.NOT_ELIGIBLE
    assert evaluate_profile(years, {"years_established": "不清楚"}).verdict is Verdict.NEEDS_CONFIRMATION


def test_corpus_document_end_to_end(corpus_facts):
    conditions = corpus_facts["fengxian_keji_xiaojuren_zhinan_2025"].conditions
    profile = {"registered_district": "上海市徐汇区", "revenue": 8000}
    assert evaluate_profile(conditions, profile).verdict is Verdict.NOT_ELIGIBLE
