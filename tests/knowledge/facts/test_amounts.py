"""Support amounts: caps, ratios, fixed grants, and programme budgets kept apart from grants."""

from __future__ import annotations

import pytest

from knowledge.facts import Amount, extract_facts
from knowledge.model import DocumentMeta

pytestmark = pytest.mark.unit


def amounts(body: str) -> list[Amount]:
    text = "关于开展测试项目申报工作的通知\n" + body
    return extract_facts(DocumentMeta(doc_id="t", title="关于开展测试项目申报工作的通知"), text, []).amounts


def values(body: str) -> list[tuple]:
    return [(a.max_wan, a.ratio, a.fixed_wan, a.one_off, a.scope) for a in amounts(body)]


def test_cap_in_wan_and_yi():
    assert values("对符合条件的项目给予支持，最高不超过500万元。") == [
        (500.0, None, None, False, "per_applicant")
    ]
    assert values("投资补助支持比例不超过核定项目总投入的10%，最高不超过1亿元。") == [
        (10000.0, 10.0, None, False, "per_applicant")
    ]


def test_fixed_and_one_off_grants():
    assert values("对首次认定的企业给予一次性奖励20万元。") == [(None, None, 20.0, True, "per_applicant")]
    assert values("支持方式：采取定额补助方式，支持额度40万元/项。") == [
        (None, None, 40.0, False, "per_applicant")
    ]


def test_ratio_subsidy():
    assert values("按照项目实际投入给予30%的补贴。") == [(None, 30.0, None, False, "per_applicant")]


def test_programme_budget_is_not_a_grant():
    assert values("算力券规模每年发放不超过1000万元，视市财政预算安排调整。") == [
        (1000.0, None, None, False, "total_budget")
    ]


@pytest.mark.parametrize(
    "body",
    [
        "企业上年度主营业务收入在3000万元以上。",  # an eligibility threshold
        "投资补助项目立项后先行拨付50%支持资金。",  # a payment tranche
        "其中项目固定资产投资比例应高于60%。",  # a project requirement
        "人工智能产业集群规模超过300亿元。",  # a policy target
        "支持上年度进出口额6500万美元以下企业开拓国际市场。",  # a threshold in another currency
    ],
)
def test_figures_that_are_not_support_amounts(body):
    assert amounts(body) == []


def test_the_base_of_a_ratio_is_no_budget():
    assert values("按研发费用加计扣除总额的5%给予奖励，最高不超过5万元。") == [
        (5.0, 5.0, None, False, "per_applicant")
    ]


def test_amount_keeps_its_source_span():
    found = amounts("二、支持标准\n1、重点项目专项资金支持额度一般不超过项目总投资的30%，最高不超过800万元。")
    assert found[0].span.text == "1、重点项目专项资金支持额度一般不超过项目总投资的30%，最高不超过800万元。"
