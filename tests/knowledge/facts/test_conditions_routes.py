"""Tiers a notice grants to ("…以上的,按…奖励") and lists of which any one suffices ("符合其一即可")."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import CompanyProfile
from knowledge.facts import Condition, Predicate, Verdict, evaluate_profile, extract_facts
from knowledge.facts.conditions import predicates
from knowledge.model import DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit
TODAY = date(2026, 6, 1)


def conditions(body: str, region: str = "上海市奉贤区") -> list[Condition]:
    title = "关于开展示例奖励申报工作的通知"
    text = f"{title}\n{body}"
    meta = DocumentMeta(doc_id="t", title=title, region=region, issued="2025-06-01")
    return extract_facts(meta, text, split_sections(text)).conditions


def verdict(body: str, **profile) -> Verdict:
    return evaluate_profile(conditions(body), CompanyProfile(**profile), today=TODAY).verdict


TIERS = (
    "三、奖励标准\n"
    "1.年营业收入8亿元以上,增速12%以上的,按增量的0.1%给予奖励;"
    "2.年营业收入2亿元—8亿元,增速20%以上的,按增量的0.2%给予奖励。"
)


def test_revenue_growth_bounds_are_read():
    assert predicates("营业收入同比增长15%以上") == [Predicate("revenue_growth", ">=", 15.0, "%")]
    assert predicates("出口额增速10%以上") == []  # another measure's growth


def test_tiers_granted_to_become_one_condition_any_of_them():
    found = conditions(TIERS)
    assert len(found) == 1
    group = found[0].predicate
    assert group.op == "any" and len(group.value) == 2
    assert found[0].text.startswith("符合下列情形之一")


@pytest.mark.parametrize(
    ("revenue", "growth", "expected"),
    [
        (80000.0, 12.0, Verdict.ELIGIBLE),  # first tier, both bounds at the boundary
        (80000.0, 11.9, Verdict.NOT_ELIGIBLE),  # first tier's growth just short, second tier's too
        (79999.0, 12.0, Verdict.NOT_ELIGIBLE),  # second tier: growth below 20%
        (20000.0, 20.0, Verdict.ELIGIBLE),  # second tier's floor
        (19999.0, 25.0, Verdict.NOT_ELIGIBLE),  # below every tier
        (30000.0, None, Verdict.NEEDS_CONFIRMATION),  # growth not said
    ],
)
def test_a_company_is_eligible_in_one_tier_and_fails_only_outside_all(revenue, growth, expected):
    assert verdict(TIERS, revenue=revenue, revenue_growth=growth) is expected


CERTIFIED = (
    "二、兑现标准\n"
    "(一)首次认定为高新技术企业且上年度销售不超过4000万元的企业,可申领最高8万元;"
    "(二)重新认定的且上年度销售不超过2000万元的企业,可申领最高4万元。"
)


@pytest.mark.parametrize(
    ("said", "revenue", "expected"),
    [
        ("我们是首次认定的高新技术企业", 4000.0, Verdict.ELIGIBLE),
        ("我们是首次认定的高新技术企业", 4001.0, Verdict.NOT_ELIGIBLE),
        ("我们是重新认定的高新技术企业", 2000.0, Verdict.ELIGIBLE),
        ("我们是重新认定的高新技术企业", 2500.0, Verdict.NOT_ELIGIBLE),  # first-award tier not for it
    ],
)
def test_a_tier_of_first_or_renewed_awards_reads_the_company_s_own_words(said, revenue, expected):
    profile = {"qualifications": ("高新技术企业",), "statements": (said,), "revenue": revenue}
    assert verdict(CERTIFIED, **profile) is expected


def test_a_tier_without_anything_checkable_is_no_route():
    assert conditions("二、支持标准\n对符合条件的企业,给予一次性补助。") == []


EITHER = (
    "一、申报范围(满足其一即可)\n"
    "(一)注册地和税务登记地均在本区的企业;\n"
    "(二)上年度营业收入5000万元以上的企业。\n"
    "二、申报时间\n即日起至2025年7月1日。"
)


def test_items_of_which_any_one_suffices_are_one_condition():
    found = [c for c in conditions(EITHER) if c.predicate and c.predicate.op == "any"]
    assert len(found) == 1 and len(found[0].predicate.value) == 2


@pytest.mark.parametrize(
    ("profile", "expected"),
    [
        ({"registered_place": "奉贤区", "tax_place": "奉贤区"}, Verdict.ELIGIBLE),
        ({"registered_place": "闵行区", "tax_place": "闵行区", "revenue": 5000.0}, Verdict.ELIGIBLE),
        ({"registered_place": "闵行区", "tax_place": "闵行区", "revenue": 4999.0}, Verdict.NOT_ELIGIBLE),
        ({"registered_place": "闵行区", "tax_place": "闵行区"}, Verdict.NEEDS_CONFIRMATION),
    ],
)
def test_any_one_group_passes_on_one_fails_on_all_else_asks(profile, expected):
    assert verdict(EITHER, **profile) is expected


def test_a_lead_sentence_makes_the_items_after_it_alternatives():
    body = (
        "一、申报条件\n"
        "企业须符合下列情形之一:\n"
        "1.从业人员不少于100人;\n"
        "2.上年度纳税额不低于300万元。\n"
        "二、申报材料\n申报表一份。"
    )
    assert verdict(body, employees=100) is Verdict.ELIGIBLE
    assert verdict(body, employees=99, tax=299.0) is Verdict.NOT_ELIGIBLE
    assert verdict(body, employees=99, tax=300.0) is Verdict.ELIGIBLE


KIND_OR_PLACE = (
    "一、申报范围(符合其一即可)\n"
    "(一)注册地和税务登记地均在本区的企业;\n"
    "(二)经市政府认定的区域总部企业。\n"
    "二、申报时间\n即日起至2025年7月1日。"
)


def test_a_kind_of_applicant_the_company_did_not_claim_does_not_hold_a_failed_group_open():
    elsewhere = {"registered_place": "闵行区", "tax_place": "闵行区"}
    assert verdict(KIND_OR_PLACE, **elsewhere) is Verdict.NOT_ELIGIBLE
    assert verdict(KIND_OR_PLACE, registered_place="奉贤区", tax_place="奉贤区") is Verdict.ELIGIBLE
    assert verdict(KIND_OR_PLACE, registered_place="上海市") is Verdict.NEEDS_CONFIRMATION  # which district?


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("申报单位应为中小企业", [Predicate("size", "in", ("中型", "小型", "微型"))]),
        ("须属于小微企业", [Predicate("size", "in", ("小型", "微型"))]),
        ("须为创新型中小企业", [Predicate("qualifications", "has", "创新型中小企业")]),
    ],
)
def test_a_size_class_is_read_apart_from_certificates(clause, expected):
    assert predicates(clause) == expected


def test_a_tier_named_before_its_company_word_and_an_either_bound():
    body = (
        "三、支持标准\n"
        "对于新认定、复核通过的高新技术企业,研发投入达到80万元以上,或研发占比达到6%以上的,给予5万元奖励。"
    )
    first = {"qualifications": ("高新技术企业",), "statements": ("今年新认定的高企",)}
    assert verdict(body, rd_spend=80.0, **first) is Verdict.ELIGIBLE
    assert verdict(body, rd_spend=79.0, rd_ratio=6.0, **first) is Verdict.ELIGIBLE
    assert verdict(body, rd_spend=79.0, rd_ratio=5.9, **first) is Verdict.NOT_ELIGIBLE
    assert verdict(body, rd_spend=90.0, qualifications=()) is Verdict.NOT_ELIGIBLE


def test_an_item_under_a_weak_heading_that_states_a_requirement_is_kept():
    body = (
        "一、申报要求\n"
        "(一)申报单位应具备的基本条件须满足《示例管理办法》有关规定;\n"
        "(二)已获本项资金支持的单位不再给予支持。\n"
        "(三)请按时报送。\n"
        "二、联系方式\n电话:12345678。"
    )
    texts = [c.text for c in conditions(body)]
    assert any("示例管理办法" in t for t in texts)
    assert any("不再给予支持" in t for t in texts)
    assert not any("按时报送" in t for t in texts)


def test_rows_of_a_materials_table_are_no_conditions():
    body = "一、申报条件\n1.企业须为独立法人。\n序号 | 材料名称 | 盖章要求\n1 | 申报书 | 盖章要求:是\n"
    assert [c.text for c in conditions(body)] == ["企业须为独立法人"]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("研发投入不低于200万元", [Predicate("rd_spend", ">=", 200.0, "万元")]),
        ("研发费用占销售收入的比例不低于4%", [Predicate("rd_ratio", ">=", 4.0, "%")]),
    ],
)
def test_research_spending_in_money_is_apart_from_its_share(clause, expected):
    assert predicates(clause) == expected


def test_a_tier_nothing_checks_is_one_more_alternative_of_the_group():
    body = (
        "三、支持标准\n"
        "(一)对于当年新获评示例称号的企业,给予20万元奖励;\n"
        "(二)对于上年度营业收入3000万元以上的企业,给予10万元奖励。"
    )
    found = conditions(body)
    assert len(found) == 1 and found[0].predicate.op == "any"
    assert verdict(body, revenue=3000.0) is Verdict.ELIGIBLE
    assert verdict(body, revenue=2999.0) is Verdict.NOT_ELIGIBLE  # nor said to hold the title
    assert verdict(body, revenue=2999.0, statements=("当年新获评示例称号",)) is not Verdict.NOT_ELIGIBLE


def test_the_standard_a_checked_condition_follows_is_no_condition_of_its_own():
    body = "一、申报条件\n1.申报单位应为中小企业,符合《示例划型办法》(示例〔2020〕1号)划型标准。"
    assert [c.text for c in conditions(body)] == ["申报单位应为中小企业"]


TIER_RULE = "一、申报要求\n1、对营业收入不少于800万元的企业,近两年营业收入平均增长率由原来的8%调整为4%。"


@pytest.mark.parametrize(
    ("revenue", "growth", "expected"),
    [
        (800.0, 4.0, Verdict.ELIGIBLE),  # in the tier, growth at the floor
        (800.0, 3.9, Verdict.NOT_ELIGIBLE),  # in the tier, growth just short
        (799.0, 1.0, Verdict.ELIGIBLE),  # outside the tier: the rule does not bind it
        (900.0, None, Verdict.NEEDS_CONFIRMATION),
    ],
)
def test_a_requirement_for_one_tier_binds_only_that_tier(revenue, growth, expected):
    assert verdict(TIER_RULE, revenue=revenue, revenue_growth=growth) is expected


def test_a_growth_floor_set_anew_and_a_positive_growth():
    assert predicates("平均增长率由原来的6%调整为2%") == [Predicate("revenue_growth", ">=", 2.0, "%")]
    assert predicates("营业收入平均增长率调整为正增长") == [Predicate("revenue_growth", ">", 0.0, "%")]
