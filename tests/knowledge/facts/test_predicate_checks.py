"""One predicate held against a company profile: 符合 / 不符合 / 需确认 with the reason."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest

from knowledge import CompanyProfile
from knowledge.facts import Predicate
from knowledge.facts.clause_predicates import NO_RECORD
from knowledge.facts.predicate_checks import Outcome, check

pytestmark = pytest.mark.unit
TODAY = date(2026, 6, 1)


def outcome(predicate: Predicate, **profile) -> Outcome:
    return check(predicate, CompanyProfile(**profile), TODAY)[0]


# (predicate, profile field, value that passes, value that fails): every operator on both sides,
# the boundary value itself included.
BOUNDS = [
    (Predicate("revenue", ">=", 3000.0, "万元"), "revenue", 3000.0, 2999.0),
    (Predicate("revenue", ">", 3000.0, "万元"), "revenue", 3000.5, 3000.0),
    (Predicate("revenue", "<=", 20000.0, "万元"), "revenue", 20000.0, 20001.0),
    (Predicate("revenue", "<", 2000.0, "万元"), "revenue", 1999.0, 2000.0),
    (Predicate("employees", "<=", 1000.0, "人"), "employees", 80, 1200),
    (Predicate("employees", ">=", 50.0, "人"), "employees", 50, 49),
    (Predicate("employees", "<", 300.0, "人"), "employees", 299, 300),
    (Predicate("employees", ">", 10.0, "人"), "employees", 11, 10),
    (Predicate("rd_ratio", ">=", 5.0, "%"), "rd_ratio", 5.0, 4.9),
    (Predicate("rd_staff_ratio", ">=", 10.0, "%"), "rd_staff_ratio", 12.0, 9.0),
    (Predicate("tax", ">=", 500.0, "万元"), "tax", 600.0, 400.0),
    (Predicate("rent_months", ">=", 6.0, "个月"), "rent_months", 6.0, 5.0),
    (Predicate("years_established", ">=", 3.0, "年"), "years_established", 3.0, 2.0),
    (Predicate("years_established", "<=", 5.0, "年"), "years_established", 5.0, 6.0),
    (Predicate("years_established", "<", 3.0, "年"), "years_established", 2.5, 3.0),
    (Predicate("years_established", ">", 2.0, "年"), "years_established", 2.5, 2.0),
]


@pytest.mark.parametrize(("predicate", "field", "passes", "fails"), BOUNDS)
def test_every_numeric_bound_is_checked_on_both_sides(predicate, field, passes, fails):
    assert outcome(predicate, **{field: passes}) is Outcome.MET
    assert outcome(predicate, **{field: fails}) is Outcome.FAILED
    assert outcome(predicate) is Outcome.UNKNOWN  # not said: ask, never assume


def test_a_staff_ceiling_is_not_a_floor():
    ceiling = Predicate("employees", "<=", 300.0, "人")
    assert outcome(ceiling, employees=80) is Outcome.MET
    assert outcome(ceiling, employees=500) is Outcome.FAILED


def test_age_comes_from_the_founding_year_when_only_the_year_is_said():
    floor = Predicate("years_established", ">=", 3.0, "年")
    assert outcome(floor, founded_year=2020) is Outcome.MET
    assert outcome(floor, founded_year=2025) is Outcome.FAILED


@pytest.mark.parametrize(
    ("op", "bound", "year", "expected"),
    [
        (">=", "2020-01-01", 2021, Outcome.MET),
        (">=", "2020-01-01", 2019, Outcome.FAILED),
        (">=", "2020-06-01", 2020, Outcome.UNKNOWN),  # which month? ask
        ("<", "2021-06-01", 2020, Outcome.MET),
        ("<", "2021-06-01", 2022, Outcome.FAILED),
    ],
)
def test_founding_date_bounds(op, bound, year, expected):
    assert outcome(Predicate("founded", op, bound, "date"), founded_year=year) is expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("徐汇", Outcome.MET),
        ("徐汇区", Outcome.MET),
        ("上海市徐汇区", Outcome.MET),
        ("奉贤", Outcome.FAILED),
        ("深圳南山", Outcome.FAILED),
        ("上海", Outcome.UNKNOWN),  # which district? ask
        ("中山北路", Outcome.UNKNOWN),  # a road, not a place
    ],
)
def test_registered_place_against_a_district(said, expected):
    assert (
        outcome(Predicate("registered_place", "in", ("上海市", "徐汇区")), registered_place=said) is expected
    )


def test_a_city_condition_accepts_its_districts():
    city = Predicate("registered_place", "in", ("上海市",))
    assert outcome(city, registered_place="浦东") is Outcome.MET
    assert outcome(city, registered_place="广东省珠海市") is Outcome.FAILED


def test_tax_place_falls_back_to_the_registered_place_and_can_differ():
    tax = Predicate("tax_place", "in", ("上海市", "松江区"))
    assert outcome(tax, registered_place="松江") is Outcome.MET
    assert outcome(tax, registered_place="松江", tax_place="浦东") is Outcome.FAILED


def test_certificates_held_missing_and_excluded():
    has = Predicate("qualifications", "has", "高新技术企业")
    assert outcome(has, qualifications=("高新技术企业",)) is Outcome.MET
    assert outcome(has, qualifications=()) is Outcome.FAILED
    assert outcome(has) is Outcome.UNKNOWN
    assert outcome(
        Predicate("qualifications", "not_has", "高新技术企业"), qualifications=("高新技术企业",)
    ) is (Outcome.FAILED)


def test_declarations_need_confirmation():
    assert (
        outcome(Predicate("declaration", "confirm", "没有逾期未结题的项目"), employees=80) is Outcome.UNKNOWN
    )


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (("今年4月出过一次重大质量事故",), Outcome.FAILED),
        (("去年受到过环保行政处罚",), Outcome.FAILED),
        (("我们从没出过安全事故",), Outcome.MET),  # the company's own declaration
        (("近一年未发生安全、质量事故",), Outcome.MET),
        (("去年被人社部门认定恶意欠薪",), Outcome.FAILED),
        (("六年前有过一次违规",), Outcome.UNKNOWN),  # dated back: the notice's window decides
        (("员工80人",), Outcome.UNKNOWN),
    ],
)
def test_an_incident_the_company_states_fails_a_no_record_declaration(said, expected):
    assert outcome(Predicate("declaration", "confirm", NO_RECORD), statements=said) is expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (("南山注册的房地产开发公司",), Outcome.FAILED),
        (("我们不是房地产企业",), Outcome.MET),
        (("软件企业",), Outcome.MET),
        (None, Outcome.MET),
    ],
)
def test_a_kind_of_company_left_out(said, expected):
    assert outcome(Predicate("kind", "not_in", ("高尔夫", "房地产")), statements=said) is expected


def test_alternatives_need_one_met_and_all_failed_to_fail():
    either = Predicate(
        "any",
        "any",
        [
            asdict(Predicate("employees", "<=", 1000.0, "人")),
            asdict(Predicate("revenue", "<=", 40000.0, "万元")),
        ],
    )
    assert outcome(either, employees=1200, revenue=30000.0) is Outcome.MET
    assert outcome(either, employees=1200, revenue=50000.0) is Outcome.FAILED
    assert outcome(either, employees=1200) is Outcome.UNKNOWN


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (("2023年7月去德国参的展",), Outcome.FAILED),
        (("2022年11月参加了日本展会",), Outcome.FAILED),
        (("2023年3月去日本参加展会",), Outcome.MET),
        (("2023年8月成立",), Outcome.UNKNOWN),  # a founding date is no event of the period
        (("青岛注册企业",), Outcome.UNKNOWN),
    ],
)
def test_the_month_of_the_companys_event_against_the_period(said, expected):
    period = Predicate("period", "between", ("2022-12-28", "2023-06-30"), "date")
    assert outcome(period, statements=said) is expected


@pytest.mark.parametrize(
    ("registered", "taxed", "expected"),
    [
        ("示例经开区", "雨花区", Outcome.FAILED),  # a park and a district named apart
        ("徐汇区", "闵行区", Outcome.FAILED),
        ("示例高新区", "示例高新区", Outcome.UNKNOWN),  # one area: is it the one the notice means?
        ("上海", "闵行区", Outcome.UNKNOWN),  # a city and a district: may be the same place
        ("经开区", "雨花区", Outcome.UNKNOWN),  # a park with no name
        ("徐汇区", None, Outcome.UNKNOWN),
    ],
)
def test_registration_and_taxes_in_one_unnamed_area(registered, taxed, expected):
    same = Predicate("tax_place", "same", "园区")
    assert outcome(same, registered_place=registered, tax_place=taxed) is expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ({"project_place": "嘉定"}, Outcome.MET),
        ({"project_place": "宝山"}, Outcome.FAILED),
        ({}, Outcome.UNKNOWN),
    ],
)
def test_the_project_place_is_checked_on_both_sides_and_the_registration_does_not_stand_in(said, expected):
    project = Predicate("project_place", "in", ("上海市", "嘉定区"))
    assert outcome(project, registered_place="嘉定", **said) is expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        (("我们是示例市的科技型企业",), Outcome.FAILED),
        (("示例区科技管理部门", "贴息资金已拨付至企业"), Outcome.UNKNOWN),
        (None, Outcome.UNKNOWN),
    ],
)
def test_a_company_cannot_apply_where_the_applicants_are_public_bodies(said, expected):
    assert outcome(Predicate("applicant", "public_body", "各区科技管理部门"), statements=said) is expected


def test_a_route_is_met_when_every_part_is_and_failed_when_one_fails():
    route = Predicate(
        "all",
        "all",
        [
            asdict(Predicate("revenue", ">=", 5000.0, "万元")),
            asdict(Predicate("revenue_growth", ">=", 15.0, "%")),
        ],
    )
    assert outcome(route, revenue=5000.0, revenue_growth=15.0) is Outcome.MET
    assert outcome(route, revenue=5000.0, revenue_growth=14.9) is Outcome.FAILED
    assert outcome(route, revenue=4999.0) is Outcome.FAILED
    assert outcome(route, revenue=5000.0) is Outcome.UNKNOWN


def test_a_first_award_asks_until_the_company_says_which():
    first = Predicate("award", "first", "高新技术企业")
    assert outcome(first, statements=("首次认定的高企",)) is Outcome.MET
    assert outcome(first, statements=("重新认定的高企",)) is Outcome.FAILED
    assert outcome(first, statements=("我们是高企",)) is Outcome.UNKNOWN


@pytest.mark.parametrize(
    ("said", "expected"),
    [("小型", Outcome.MET), ("中小", Outcome.MET), ("大型", Outcome.FAILED), (None, Outcome.UNKNOWN)],
)
def test_a_size_class_required_against_the_one_said(said, expected):
    assert outcome(Predicate("size", "in", ("中型", "小型", "微型")), size=said) is expected
    assert outcome(Predicate("size", "in", ("小型", "微型")), size="中小") in (
        Outcome.UNKNOWN,
        Outcome.FAILED,
    )


def test_research_spending_bound_on_both_sides():
    floor = Predicate("rd_spend", ">=", 50.0, "万元")
    assert outcome(floor, rd_spend=50.0) is Outcome.MET
    assert outcome(floor, rd_spend=49.9) is Outcome.FAILED
    assert outcome(floor) is Outcome.UNKNOWN


# -- verdicter: a growth floor held against revenue said to fall or rise without a figure ----------------
POSITIVE = Predicate("revenue_growth", ">", 0.0, "%")


@pytest.mark.parametrize(
    "growth, expected", [(0.5, Outcome.MET), (0.0, Outcome.FAILED), (-4.0, Outcome.FAILED)]
)
def test_positive_growth_on_both_sides_of_zero(growth, expected):
    assert outcome(POSITIVE, revenue_growth=growth) is expected


def test_growth_said_in_words_settles_a_floor_of_zero():
    assert outcome(POSITIVE, statements=("近两年销售收入持续下滑",)) is Outcome.FAILED
    assert outcome(POSITIVE, statements=("营业收入逐年增长",)) is Outcome.MET
    assert outcome(POSITIVE, statements=("营业收入没有增长",)) is Outcome.UNKNOWN
    # a floor above zero is not met by "increasing" alone, but is failed by "falling"
    floor = Predicate("revenue_growth", ">=", 3.0, "%")
    assert outcome(floor, statements=("营业收入逐年增长",)) is Outcome.UNKNOWN
    assert outcome(floor, statements=("营业收入下降",)) is Outcome.FAILED


def test_funding_already_had_fails_a_no_repeat_declaration_and_a_penalty_fails_no_record():
    repeat = Predicate("declaration", "confirm", "未重复获得同类财政支持")
    assert outcome(repeat, statements=("之前拿过这项补贴",)) is Outcome.FAILED
    assert outcome(repeat, statements=("从没拿过这项补贴",)) is Outcome.MET
    assert outcome(repeat, statements=("员工80人",)) is Outcome.UNKNOWN
    record = Predicate("declaration", "confirm", NO_RECORD)
    assert outcome(record, statements=("今年被环保部门罚款",)) is Outcome.FAILED
    assert outcome(record, statements=("没有受过任何处罚",)) is Outcome.MET


def test_an_open_project_fails_the_no_unfinished_project_declaration():
    unfinished = Predicate("declaration", "confirm", "没有逾期未结题（未验收）的项目")
    assert outcome(unfinished, statements=("负责人手上的区级课题还没结题",)) is Outcome.FAILED
    assert outcome(unfinished, statements=("没有未结题的项目",)) is Outcome.MET
    assert outcome(unfinished, statements=("以前的课题都已结题",)) is Outcome.MET


def test_an_applicant_above_the_statistical_threshold():
    above = Predicate("above_scale", "==", True)
    assert outcome(above, above_scale=True) is Outcome.MET
    assert outcome(above, above_scale=False) is Outcome.FAILED
    assert outcome(above, employees=80) is Outcome.UNKNOWN
    assert "规上" in check(above, CompanyProfile(above_scale=False), TODAY)[1]


def test_profit_said_to_fall_or_rise():
    rising = Predicate("profit_growth", ">", 0.0, "%")
    assert outcome(rising, statements=("营业收入增长", "利润总额下降")) is Outcome.FAILED
    assert outcome(rising, statements=("近两年利润稳步增长",)) is Outcome.MET
    assert outcome(rising, statements=("营业收入增长",)) is Outcome.UNKNOWN


def test_a_project_running_longer_than_allowed():
    term = Predicate("project_months", "<=", 24.0, "个月")
    assert outcome(term, project_months=24.0) is Outcome.MET
    assert outcome(term, project_months=36.0) is Outcome.FAILED
    assert outcome(term, employees=80) is Outcome.UNKNOWN


def test_an_age_from_a_founding_month_is_judged_at_the_day_given():
    floor = Predicate("years_established", ">=", 1.0, "年")
    month = {"founded_year": 2017, "founded_month": 10}
    assert check(floor, CompanyProfile(**month), date(2018, 4, 20))[0] is Outcome.FAILED
    assert check(floor, CompanyProfile(**month), date(2018, 11, 30))[0] is Outcome.MET
    # the year alone: ten months or two years at that deadline, so ask
    assert check(floor, CompanyProfile(founded_year=2017), date(2018, 4, 20))[0] is Outcome.UNKNOWN
    assert check(floor, CompanyProfile(founded_year=2015), date(2018, 4, 20))[0] is Outcome.MET


def test_a_founding_month_decides_a_founding_date_bound_the_year_leaves_open():
    bound = Predicate("founded", ">=", "2020-06-01", "date")
    assert outcome(bound, founded_year=2020, founded_month=9) is Outcome.MET
    assert outcome(bound, founded_year=2020, founded_month=3) is Outcome.FAILED
