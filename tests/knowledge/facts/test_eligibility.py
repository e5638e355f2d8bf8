"""A document's conditions applied to a company profile: the overall verdict, the reasons, the fields to ask for."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import CompanyProfile
from knowledge.facts import Condition, Outcome, Predicate, Verdict, evaluate_profile
from knowledge.facts.eligibility import wrong_kind
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


def test_a_field_several_alternatives_test_is_asked_for_once():
    any_certificate = Predicate(
        "qualifications",
        "any",
        tuple(Predicate("qualifications", "has", name) for name in ("高新技术企业", "专精特新", "小巨人")),
    )
    result = evaluate_profile([cond(any_certificate, "具备高新技术企业、专精特新或小巨人资质之一")], {}, today=TODAY)
    assert result.missing_fields == ["qualifications"]


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


# -- verdicter: the kind of applicant in words against what the company says it is ------------------------


def test_a_form_the_condition_lists_or_leaves_out():
    enterprises = "申报主体须为在本区依法登记、可独立承担民事责任的企业"
    assert wrong_kind(enterprises, ("本区的个体工商户",))
    assert wrong_kind(enterprises, ("我们是一家民办非企业单位",))
    assert not wrong_kind(enterprises, ("本区注册的公司",))
    several = "申报单位应为本市的企事业单位或社会团体"
    assert not wrong_kind(several, ("我们是本市事业单位",))
    assert wrong_kind(several, ("我是个体户",))
    assert wrong_kind("在本区设立的单位(分支机构除外)", ("我们是外地总部在本区的分公司",))
    assert not wrong_kind("在本区设立的单位(分支机构除外)", ("本区注册的公司",))


def test_a_word_for_any_applicant_or_a_sub_kind_left_out_fails_no_form():
    assert not wrong_kind("在本区注册的企业和机构", ("我们是本区事业单位",))
    assert not wrong_kind("不含房地产类企业", ("我们是一家公司",))


def test_private_and_state_owned_companies():
    private = "规模以上工业民营企业"
    assert wrong_kind(private, ("本市国有控股工业企业",))
    assert not wrong_kind(private, ("本市民营工业企业",))
    assert not wrong_kind(private, ("我们不是国企",))
    assert not wrong_kind("规模以上工业企业", ("本市国有控股工业企业",))


def test_a_wrong_kind_fails_the_whole_check():
    condition = cond(None, "申报单位应为具有独立法人资格的企业")
    result = evaluate_profile([condition], {"statements": ["我们是个体工商户"]})
    assert result.verdict is Verdict.NOT_ELIGIBLE


def test_a_kind_of_a_form_left_out_or_a_form_named_in_passing_fails_nobody():
    assert not wrong_kind("具备有效资质(去年以后在本区新设立的企业除外)", ("本区中小企业",))
    assert not wrong_kind("只认省级以上政府机关颁发的荣誉", ("本区企业",))


def test_a_statement_agreeing_with_a_condition_does_not_meet_a_certificate_it_lacks():
    condition = cond(None, "2023年度整体迁入湖南注册经营的有效期内高新技术企业")
    moved = "2023年度由湖北整体迁入湖南注册经营"
    valid = {"qualifications": ["高新技术企业"], "statements": [moved, "高新技术企业证书在有效期内"]}
    assert evaluate_profile([condition], valid).results[0].outcome is Outcome.MET
    lapsed = {"qualifications": [], "statements": [moved, "高新技术企业证书已过期"]}
    assert evaluate_profile([condition], lapsed).results[0].outcome is Outcome.FAILED


def test_a_step_required_done_that_the_company_says_is_not():
    condition = cond(None, "项目用地、环评手续齐全，项目已正式开工建设")
    assert evaluate_profile([condition], {"statements": ["我们项目还没开工"]}).verdict is Verdict.NOT_ELIGIBLE
    assert (
        evaluate_profile([condition], {"statements": ["项目去年已开工"]}).verdict is not Verdict.NOT_ELIGIBLE
    )
    excluded = cond(None, "已获得市级资金支持的项目不予支持")
    said = {"statements": ["项目未获得过任何资金"]}
    assert evaluate_profile([excluded], said).verdict is not Verdict.NOT_ELIGIBLE


def test_a_condition_naming_holders_of_a_certificate_fails_a_company_holding_none():
    holders = cond(None, "2022年度首次通过认定的高新技术企业；")
    assert evaluate_profile([holders], {"qualifications": [], "statements": ["证书过期了"]}).verdict is (
        Verdict.NOT_ELIGIBLE
    )
    assert evaluate_profile([holders], {"statements": ["我们在本省"]}).verdict is Verdict.NEEDS_CONFIRMATION


def test_enterprises_and_public_institutions_together_and_a_title_naming_an_ownership():
    both = "申报单位应为在本区注册1年以上的企事业单位"
    assert not wrong_kind(both, ("本区注册的科技企业",))
    assert not wrong_kind(both, ("本区的事业单位",))
    assert wrong_kind(both, ("本区的个体户",))
    assert not wrong_kind("按照《本省民营企业认定办法》执行", ("本市国有企业",))


def test_funding_in_some_of_the_years_an_exclusion_names_is_left_to_confirm_unless_one_is_denied():
    excluded = cond(
        Predicate("declaration", "confirm", "未重复获得同类财政支持"),
        "已连续三年(2020-2022年)获得本资金的单位不能申报",
    )
    some = {"statements": ["2021、2022年获得过本资金支持"]}
    broken = {"statements": ["2021、2022年获得过本资金支持", "2020年没有"]}
    every = {"statements": ["2020、2021、2022年都获得过本资金支持"]}
    assert evaluate_profile([excluded], some).verdict is Verdict.NEEDS_CONFIRMATION
    assert evaluate_profile([excluded], broken).verdict is Verdict.ELIGIBLE
    assert evaluate_profile([excluded], every).verdict is Verdict.NOT_ELIGIBLE


def test_consecutive_years_hold_for_words_as_for_declarations_but_a_period_needs_one_year():
    running = cond(None, "已连续三年(2020-2022年)获得本资金的单位不能申报")
    some = {"statements": ["2021、2022年获得本资金", "2020年没有"]}
    assert evaluate_profile([running], some).verdict is not Verdict.NOT_ELIGIBLE
    period = cond(None, "2020-2022年获得本资金的单位不能申报")
    assert evaluate_profile([period], {"statements": ["2021年获得本资金"]}).verdict is Verdict.NOT_ELIGIBLE


def test_a_count_of_consecutive_years_needs_that_many_years_said():
    three = cond(None, "连续三年获得本资金支持的单位不能申报")
    six = cond(None, "连续六年获得本资金支持的单位不能申报")
    two_years = {"statements": ["2021、2022年获得本资金支持"]}
    three_years = {"statements": ["2020、2021、2022年获得本资金支持"]}
    assert evaluate_profile([three], two_years).verdict is not Verdict.NOT_ELIGIBLE
    assert evaluate_profile([three], three_years).verdict is Verdict.NOT_ELIGIBLE
    assert evaluate_profile([six], three_years).verdict is not Verdict.NOT_ELIGIBLE


def test_items_under_a_heading_of_applicants_and_their_requirements_must_all_be_met():
    # "申报对象及条件" lists what every applicant must meet; "奖励对象" lists kinds, any one of which applies.
    items = ["已办理示例登记手续", "符合示例门槛制度"]
    company = {"statements": ["我们尚未办理示例登记手续"]}
    required = [under("一、申报对象及条件", text) for text in items]
    kinds = [under("一、奖励对象", text) for text in items]
    assert evaluate_profile(required, company).verdict is Verdict.NOT_ELIGIBLE
    assert evaluate_profile(kinds, company).verdict is Verdict.NEEDS_CONFIRMATION
    either = [under("一、申报条件(符合其一即可)", text) for text in items]
    assert evaluate_profile(either, company).verdict is Verdict.NEEDS_CONFIRMATION


def test_foreign_invested_companies_are_an_ownership_of_their_own():
    private = "在本市注册的规模以上民营企业"
    assert wrong_kind(private, ("本市外商独资工业企业",))
    assert wrong_kind("本区外商投资企业", ("本区民营企业",))
    assert not wrong_kind("本区外资企业", ("本区外资研发中心",))
    assert not wrong_kind(private, ("我们不是外资企业，是民营企业",))


def test_a_size_class_naming_the_applicants_fails_a_company_of_another_size():
    from knowledge.facts.eligibility import wrong_size

    named = "请各街道推荐本辖区成长性好的示例型中小企业"
    assert wrong_size(named, "大型")
    assert not wrong_size(named, "小微")
    assert not wrong_size(named, None)
    assert wrong_size("支持小微企业、个体工商户", "中型")
    assert not wrong_size("带动中小企业发展的龙头企业", "大型")  # another company
    assert not wrong_size("具备有效期内的示例中小企业资质", "大型")
    recommended = [cond(None, named)]
    assert evaluate_profile(recommended, {"size": "大型"}).verdict is Verdict.NOT_ELIGIBLE


def test_a_level_below_the_one_required_fails():
    from knowledge.facts.eligibility import below_level

    park = "请基础设施完善的省级以上示例工业园区积极开展申报"
    assert below_level(park, ("我们是示例市县级工业园区",))
    assert not below_level(park, ("国家级示例工业园区",))
    assert not below_level(park, ("省级示例工业园区",))
    assert not below_level(park, ("县级示例企业技术中心",))  # another thing
    assert below_level("获得市级及以上荣誉的企业", ("获得区级荣誉",))
    assert evaluate_profile([cond(None, park)], {"statements": ["县级示例工业园区"]}).verdict is Verdict.NOT_ELIGIBLE


def test_a_company_is_judged_at_an_earlier_calls_deadline_and_at_now_for_an_open_one():
    from datetime import datetime, timedelta, timezone

    from knowledge.facts import DocFacts
    from knowledge.facts.eligibility import judged_on
    from knowledge.facts.model import Window

    zone = timezone(timedelta(hours=8))
    now = datetime(2026, 11, 30, 10, tzinfo=zone)
    span = Span(doc_id="t", text="申报时间", start=0, end=4)

    def call(end: datetime | None) -> DocFacts:
        return DocFacts("t", "示例通知", windows=[Window(start=None, end=end, span=span)] if end else [])

    assert judged_on(call(datetime(2018, 4, 20, 23, 59, tzinfo=zone)), now) == date(2018, 4, 20)
    assert judged_on(call(datetime(2027, 1, 15, 23, 59, tzinfo=zone)), now) == date(2026, 11, 30)
    assert judged_on(call(None), now) == date(2026, 11, 30)
