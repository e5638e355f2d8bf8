"""One parser of what a company says about itself: every fact at once, only what is said, corrections win."""

from __future__ import annotations

from datetime import date

import pytest

from knowledge import CompanyProfile, parse_profile
from knowledge.profile import without_profile

pytestmark = pytest.mark.unit


def said(text: str, **kwargs) -> dict:
    """The checkable facts stated (the raw statement clauses are tested on their own below)."""
    data = parse_profile(text, **kwargs).to_dict()
    data.pop("statements", None)
    return data


def test_statements_keep_what_the_company_says_and_drop_the_question():
    profile = parse_profile("我们项目还没进滚动项目库，之前拿过市级专项资金，能申报吗")
    assert profile.statements == ("我们项目还没进滚动项目库", "之前拿过市级专项资金")
    assert parse_profile("申报有什么条件").statements is None


def test_two_places_in_one_clause_joined_by_but_are_told_apart():
    assert said("公司注册在南山但税务登记在福田") == {"registered_place": "南山", "tax_place": "福田"}


@pytest.mark.parametrize("words", ["财税户管", "税务关系", "纳税关系", "税务登记"])
def test_every_word_for_the_tax_place_is_read_apart_from_the_registration(words):
    assert said(f"工商注册在徐汇区，{words}在闵行区") == {"registered_place": "徐汇区", "tax_place": "闵行区"}


def test_a_company_named_by_its_place_is_registered_there():
    assert said("嘉定区企业，两年前受过行政处罚") == {"registered_place": "嘉定区"}


def test_a_credit_record_cleared_since_is_left_to_confirm():
    assert "credit_ok" not in said("去年上过失信名单，现在已经移出了")


def test_all_facts_of_one_message_are_read_at_once():
    assert said("我们注册在徐汇，员工80人，去年营收3000万，成立5年，是高企，能申报吗") == {
        "registered_place": "徐汇",
        "employees": 80,
        "revenue": 3000.0,
        "years_established": 5.0,
        "qualifications": ["高新技术企业"],
    }


@pytest.mark.parametrize(
    ("text", "wan"),
    [
        ("营收3000万", 3000.0),
        ("营收3千万", 3000.0),
        ("营收三千万", 3000.0),
        ("营收三千五百万元", 3500.0),
        ("营业收入1.5亿", 15000.0),
        ("营收一点五亿", 15000.0),
        ("销售额2000多万", 2000.0),
        ("营收500000元", 50.0),
    ],
)
def test_revenue_in_any_notation_is_read_in_wan_yuan(text, wan):
    assert said(f"我们公司{text}")["revenue"] == wan


def test_money_without_a_unit_is_not_guessed():
    assert "revenue" not in said("我们营收3000")
    assert said("3000", requested="revenue")["revenue"] == 3000.0  # the form asks in 万元


@pytest.mark.parametrize(
    ("text", "field", "value"),
    [
        ("我们有一百二十个员工", "employees", 120),
        ("员工人数60", "employees", 60),
        ("研发人员20人，员工100人", "employees", 100),
        ("研发人员20人，员工100人", "rd_staff", 20),
        ("研发投入占营收6%", "rd_ratio", 6.0),
        ("研发费用占比百分之五", "rd_ratio", 5.0),
        ("研发人员占比30%", "rd_staff_ratio", 30.0),
        ("成立了两年", "years_established", 2.0),
        ("公司成立一年半", "years_established", 1.5),
        ("在嘉定注册才半年", "years_established", 0.5),
        ("公司2019年成立", "founded_year", 2019),
        ("成立于2018年", "founded_year", 2018),
        ("我们房租租了8个月", "rent_months", 8.0),
        ("办公室租期2年", "rent_months", 24.0),
        ("我们融资1000万", "financing", 1000.0),
    ],
)
def test_counts_ratios_age_and_rent(text, field, value):
    assert said(text)[field] == value


def test_registered_and_tax_places_are_kept_apart():
    found = said("我们注册在松江，税收在浦东")
    assert found["registered_place"] == "松江" and found["tax_place"] == "浦东"


def test_a_place_named_with_its_city_is_kept_whole():
    assert said("公司在深圳南山")["registered_place"] == "深圳南山"


def test_certificates_held_asked_for_and_denied():
    assert said("高企和专精特新都有")["qualifications"] == ["高新技术企业", "专精特新"]
    assert said("能报小巨人吗，我们是专精特新")["qualifications"] == ["专精特新"]  # 小巨人 is asked for
    assert said("我们不是高企") == {}
    assert said("没有", requested="qualifications")["qualifications"] == []


def test_a_correction_replaces_the_earlier_value():
    first = parse_profile("我们员工80人，营收2000万")
    corrected = parse_profile("不是80人，是120人", previous=first)
    assert corrected.employees == 120 and corrected.revenue == 2000.0


def test_the_policy_region_and_rule_questions_are_not_the_company():
    assert "registered_place" not in said("我们两年前被罚过款，还能报嘉定智慧城市5G专项吗")
    assert said("17年重点技改专项要求在上海注册、独立法人吗") == {}


def test_credit_and_branch_offices():
    assert said("我们公司信用记录不太好，也不是高企") == {"credit_ok": False}
    assert said("我们没有失信记录")["credit_ok"] is True
    assert said("我们是分公司")["independent_legal_person"] is False


def test_form_answers_without_cue_words_mean_the_field_asked():
    assert said("徐汇", requested="registered_place") == {"registered_place": "徐汇"}
    assert said("80", requested="employees") == {"employees": 80}
    assert said("3年", requested="years_established") == {"years_established": 3.0}


def test_profile_round_trips_and_refuses_unknown_fields():
    profile = parse_profile("我们在徐汇，员工80人，是高企")
    assert CompanyProfile.from_dict(profile.to_dict()) == profile
    with pytest.raises(ValueError):
        CompanyProfile.from_dict({"registered_distirct": "徐汇"})
    assert CompanyProfile(founded_year=2020).age(date(2026, 6, 1)) == 6.0


def test_the_question_without_the_company_facts_keeps_programme_and_ask():
    text = "示例区科技小巨人，我们注册在示例区，员工80人，去年营收1500万，能申报吗"
    assert without_profile(text) == "示例区科技小巨人，能申报吗"
    assert without_profile("专精特新申报条件是什么") == "专精特新申报条件是什么"


def test_the_project_place_is_told_apart_from_the_registration():
    assert said("公司注册在嘉定，但项目落在宝山") == {"registered_place": "嘉定", "project_place": "宝山"}
    assert said("项目单位在闵行注册") == {"registered_place": "闵行"}


def test_a_certificate_in_a_question_is_held_only_with_a_word_of_having():
    assert "qualifications" not in said("专精特新种子企业这条我们够吗")
    assert said("我们是高企能报吗")["qualifications"] == ["高新技术企业"]


def test_a_negation_before_a_list_denies_every_certificate_in_it():
    assert "qualifications" not in said("无高企、科小或专精特新资质")
    assert said("没有高企，有专精特新")["qualifications"] == ["专精特新"]


def test_a_certificate_a_few_words_after_applying_is_the_programme_asked_for():
    assert "qualifications" not in said("我们想报示例市高企认定补助")
    assert said("去年拿到了高企")["qualifications"] == ["高新技术企业"]
    assert said("2021年认定为高企")["qualifications"] == ["高新技术企业"]


@pytest.mark.parametrize(
    ("text", "growth"),
    [
        ("营收同比增长12%", 12.0),
        ("今年营业收入增速30%", 30.0),
        ("近两年营业收入平均增长率均为-2%", -2.0),
        ("营收比去年下降了5%", -5.0),
    ],
)
def test_revenue_growth_is_read_with_its_sign(text, growth):
    assert said(text)["revenue_growth"] == growth


def test_growth_of_another_measure_is_not_revenue_growth():
    assert "revenue_growth" not in said("出口额增长20%")


def test_sales_with_a_figure_are_revenue():
    assert said("上年度销售4500万元")["revenue"] == 4500.0


def test_a_first_or_renewed_award_is_a_certificate_held():
    assert said("我们是首次认定高新技术企业")["qualifications"] == ["高新技术企业"]
    assert said("去年重新认定高企")["qualifications"] == ["高新技术企业"]
    assert said("2016年曾认定高企")["qualifications"] == ["高新技术企业"]
    assert "qualifications" not in said("今年想认定高企")


@pytest.mark.parametrize(
    ("text", "size"),
    [
        ("示例区中小型机械加工企业", "中小"),
        ("我们是大型制造企业", "大型"),
        ("本地小型咨询公司(非工业)", "小型"),
    ],
)
def test_the_size_class_the_company_names(text, size):
    assert said(text)["size"] == size


@pytest.mark.parametrize("text", ["我们是科技型中小企业", "中小企业数字化转型专项能报吗", "不是大型企业"])
def test_a_certificate_a_programme_or_a_denial_names_no_size(text):
    assert "size" not in said(text)


def test_research_spending_in_money_is_read():
    assert said("研发投入120万")["rd_spend"] == 120.0
    assert "rd_spend" not in said("研发费用占营收5%")


# -- verdicter: kinds of applicant, lapsed certificates, credit grades, dates with a place between ----------
def test_a_sole_trader_or_a_branch_is_no_independent_legal_person():
    assert said("我们是宁波的个体户")["independent_legal_person"] is False
    assert said("在苏州登记的个体工商户")["registered_place"] == "苏州"
    assert said("公司是外地企业在本地的分公司")["independent_legal_person"] is False


def test_a_lapsed_certificate_is_not_held():
    assert said("我们的高企证书前年就过期了") == {"qualifications": []}
    assert said("高新技术企业资格已过有效期")["qualifications"] == []
    assert said("我们是高企，有效期到2027年")["qualifications"] == ["高新技术企业"]


def test_a_poor_credit_grade_is_bad_credit_and_no_bad_record_is_good():
    assert said("纳税信用等级被评为D级")["credit_ok"] is False
    assert said("公司信用不良")["credit_ok"] is False
    assert said("没有不良记录，信用良好")["credit_ok"] is True


def test_founding_year_with_a_place_between_and_years_of_operation():
    assert said("2016年5月在杭州滨江注册")["founded_year"] == 2016
    assert said("已经运营了4年")["years_established"] == 4.0


def test_a_company_that_moved_is_registered_where_it_moved_to():
    assert said("去年由湖北整体迁入湖南")["registered_place"] == "湖南"


def test_money_with_a_measure_word_a_full_date_and_a_year_that_is_no_age():
    assert said("年营业额3个亿")["revenue"] == 30000.0
    assert said("公司2019年8月15日注册")["founded_year"] == 2019
    assert said("企业成立于2020年") == {"founded_year": 2020}


def test_a_certificate_not_obtained_yet_is_not_held():
    assert "qualifications" not in said("我们还没拿到专精特新")
    assert said("去年拿到了专精特新")["qualifications"] == ["专精特新"]


@pytest.mark.parametrize(
    ("text", "above"),
    [
        ("我们是示例市规上工业企业", True),
        ("规模以上的服务业公司，员工200人", True),
        ("还没进规上，营收6000万", False),
        ("我们属于规下企业", False),
        ("员工80人", None),
    ],
)
def test_above_the_statistical_threshold_or_not(text, above):
    assert parse_profile(text).above_scale is above


@pytest.mark.parametrize(
    ("text", "months"),
    [("项目实施周期18个月", 18.0), ("这个项目要做三年", 36.0), ("工期一年半", 18.0), ("成立3年", None)],
)
def test_how_long_the_project_runs(text, months):
    assert parse_profile(text).project_months == months


def test_a_founding_month_is_read_with_its_year():
    said = parse_profile("我们2017年10月才在示例区注册，能报吗")
    assert (said.founded_year, said.founded_month) == (2017, 10)
    assert parse_profile("2017年成立").founded_month is None
    # a later message naming another year drops the month said of the earlier one
    assert said.merged(parse_profile("不对，是2018年成立的")).founded_month is None
