"""A company's own words settle conditions no profile field can check — and only when they clearly do."""

from __future__ import annotations

import pytest

from knowledge.facts.statements import asks_question, judge, statement_clauses

pytestmark = pytest.mark.unit


def verdict(statements: list[str], condition: str) -> bool | None:
    found = judge(statements, condition)
    return None if found is None else found.met


def test_denying_what_is_required_fails():
    assert verdict(["我们项目还没进示例产业项目库"], "项目已经纳入示例市示例产业项目库") is False
    assert verdict(["不是运营公司"], "示例园市级运营公司") is False


def test_affirming_what_is_forbidden_fails():
    assert verdict(["之前拿过市级专项资金"], "且该项目未获得过市级专项资金支持") is False
    assert verdict(["同一展会已享受省级参展补贴"], "已享受省级参展补贴的展会不予支持") is False


def test_an_event_before_the_period_looked_at_is_met_and_one_inside_fails():
    condition = "三年之内无重大行政处罚记录"
    assert verdict(["我们两年前有过一次重大行政处罚"], condition) is False
    assert verdict(["五年前有过一次重大行政处罚"], condition) is True


def test_another_year_batch_or_date_outside_the_period_fails():
    assert verdict(["2022年首次通过认定"], "2023年度首次通过认定的高新技术企业") is False
    assert verdict(["2021年第二批通过高企认定"], "2021年通过第三批高企认定的企业") is False
    assert verdict(["2021年第2批通过高企认定"], "2021年通过第二批高企认定的企业") is not False  # same batch
    period = "2021年1月1日至2022年2月28日期间资金拨付至企业的单位"
    assert verdict(["2022年3月拨付至企业"], period) is False
    assert verdict(["2021年6月拨付至企业"], period) is None  # inside, but the rest of the condition is unsaid


def test_agreement_settles_only_what_it_covers():
    assert verdict(["已办理海关报关单位注册登记"], "已办理海关报关单位注册登记") is True
    assert verdict(["获得过省科技贷贷款"], "开展省科技贷业务贷款贴息且资金已拨付的地市科技管理部门") is None


def test_denying_one_alternative_of_an_either_or_condition_fails_nothing():
    condition = "拥有国家级科技创新平台、高层次领军人才,或承担国家科技重大专项的龙头企业"
    assert verdict(["无国家级科技创新平台"], condition) is None


def test_short_or_numeric_overlaps_and_award_tiers_decide_nothing():
    assert verdict(["2021年认定"], "2021年通过的企业") is None
    assert verdict(["还没有专精特新资质"], "新增的专精特新小巨人企业,给予最高50万元一次性奖励") is None


def test_questions_and_bare_programme_names_are_not_statements():
    assert statement_clauses("示例区智慧城市专项，我们两年前有过一次行政处罚，还能报吗") == [
        "我们两年前有过一次行政处罚"
    ]
    assert statement_clauses("申报有什么条件") == []


@pytest.mark.parametrize(
    "text",
    ["项目周期最长多长", "公示要多久", "补贴多少天内到账", "我们营收三百万够不够条件", "只有一个推荐单位行不行",
     "明年再报可不可以", "材料晚一天交能不能", "有没有名额限制", "符不符合条件"],
)
def test_how_long_and_a_not_a_forms_ask(text):
    assert asks_question(text)


@pytest.mark.parametrize("text", ["我们营收三百万", "项目周期两年", "时不时有订单", "没有推荐单位", "不得不延期"])
def test_statements_without_a_question_form_do_not_ask(text):
    assert not asks_question(text)


def test_a_figure_after_the_shared_phrase_is_held_against_the_bound_on_both_sides():
    condition = "其中项目固定资产投资比例应高于60%"
    assert verdict(["项目固定资产投资比例50%"], condition) is False
    assert verdict(["项目固定资产投资比例60%"], condition) is False  # 高于: the bound itself fails
    assert verdict(["项目固定资产投资比例70%"], condition) is True
    assert verdict(["近两年营业收入平均增长率-2%"], "近两年营业收入平均增长率不低于3%") is False
    assert verdict(["示例出口额8000万元"], "示例出口额6500万元以下的企业") is False


def test_a_clause_with_a_figure_of_the_company_is_a_statement():
    assert statement_clauses("示例企业，项目固定资产投资比例50%") == ["示例企业", "项目固定资产投资比例50%"]


def test_denying_the_head_of_a_list_closed_by_deng_fails():
    # the kinds before 等 are examples of the applicant, not other ways to qualify
    condition = "由各街道、园区或其他示例运营机构等产业运营主体为申报主体"
    assert verdict(["我们不是产业运营主体"], condition) is False
    assert verdict(["不是产业运营主体"], "制造企业或产业运营主体") is None  # a real alternative


def test_a_negation_reaches_across_a_few_words_but_not_along_a_list():
    condition = "近三年未在本市范围内发生重大安全事故"
    assert verdict(["去年发生过重大安全事故"], condition) is False
    assert verdict(["近三年没有发生过重大安全事故"], condition) is not False
    # 无 negates 示例认定 and 科技型中小企业 as a whole, saying nothing of 中小企业 alone
    assert verdict(["无示例认定、科技型中小企业资质"], "申报企业应为中小企业") is None


def test_a_figure_naming_whom_a_rule_is_for_is_not_held_against_the_company():
    tier = "将营业收入不少于500万元的企业,近两年营业收入平均增长率调整为正增长"
    assert verdict(["营业收入400万元"], tier) is not False
    assert verdict(["营业收入400万元"], "营业收入不少于500万元") is False
    assert verdict(["营业收入600万元"], "营业收入不少于500万元") is True


def test_an_award_of_another_level_is_no_agreement():
    assert verdict(["2021年度获评示例省工业设计中心"], "2021年度国家级工业设计中心") is None
    assert verdict(["2021年度获评国家级工业设计中心"], "2021年度国家级工业设计中心") is True


def test_a_bound_in_foreign_currency_is_checked_on_both_sides_and_never_against_yuan():
    condition = "支持上年度进出口额3000万美元以下企业"
    assert verdict(["上年度进出口额5000万美元"], condition) is False
    assert verdict(["上年度进出口额2000万美元"], condition) is not False
    assert verdict(["上年度进出口额5000万元"], condition) is not False  # 元 and 美元 are not compared


def test_a_place_or_kind_after_bu_han_is_left_out():
    # "不含X的企业" leaves X out: a company saying it is in X contradicts it (verdicter)
    found = judge(("注册和纳税都在示例合作区",), "在本区注册的企业(不含示例合作区的企业)")
    assert found is not None and not found.met


def test_a_negation_before_a_list_covers_every_item_on_both_sides():
    # the condition forbids both kinds of funding: denying one of them agrees, having one fails
    condition = "未获得市级、区级专项资金支持"
    assert verdict(["没有拿过区级专项资金"], condition) is not False
    assert verdict(["拿过区级专项资金"], condition) is False
    # the company denies both kinds: no contradiction with a condition leaving one of them out
    excluded = "已获得区级专项资金支持的项目不予支持"
    assert verdict(["没有拿过市级、区级专项资金"], excluded) is not False
    assert verdict(["拿过市级、区级专项资金"], excluded) is False


def test_a_phrase_shared_inside_a_certificate_name_is_no_match():
    # 示例高新技术企业 (a certificate) and 高新技术产业 (a sector) share only part of a name
    assert verdict(["尚不是示例国家高新技术企业"], "推动示例区高新技术产业发展的科技企业") is None
    assert verdict(["从事高新技术产业"], "具有国家高新技术企业资质") is None
    # the same certificate on both sides still decides
    assert verdict(["尚不是高新技术企业"], "申报单位须为国家高新技术企业") is False
    assert verdict(["我们还不是示例企业技术中心"], "申报单位应为示例市企业技术中心") is False
