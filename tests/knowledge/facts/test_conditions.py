"""Eligibility conditions: found in every condition-bearing section, with a predicate when checkable."""

from __future__ import annotations

import pytest

from knowledge.facts import Condition, Predicate, extract_facts
from knowledge.facts.conditions import NO_RECORD, predicates
from knowledge.model import DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit

XUHUI = ("上海市", "徐汇区")


def conditions(body: str, region: str = "上海市奉贤区") -> list[Condition]:
    title = "关于开展测试项目申报工作的通知"
    text = f"{title}\n{body}"
    meta = DocumentMeta(doc_id="t", title=title, region=region, issued="2025-06-01")
    return extract_facts(meta, text, split_sections(text)).conditions


def preds(body: str, region: str = "上海市奉贤区") -> list[Predicate]:
    return [c.predicate for c in conditions(body, region) if c.predicate]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        # lower bounds
        ("企业上年度营业收入在3000万元以上", Predicate("revenue", ">=", 3000.0, "万元")),
        ("上年度营业收入不低于2亿元", Predicate("revenue", ">=", 20000.0, "万元")),
        ("营业收入超过5000万元", Predicate("revenue", ">", 5000.0, "万元")),
        ("营业收入5000万元(不含)以上", Predicate("revenue", ">", 5000.0, "万元")),
        ("职工总数不少于50人", Predicate("employees", ">=", 50.0, "人")),
        ("研发费用占销售收入的比例不低于5%", Predicate("rd_ratio", ">=", 5.0, "%")),
        ("研发人员占职工总数的比例不低于10%", Predicate("rd_staff_ratio", ">=", 10.0, "%")),
        ("上年度纳税额达到500万元", Predicate("tax", ">=", 500.0, "万元")),
        ("在园区租赁场地满6个月以上", Predicate("rent_months", ">=", 6.0, "个月")),
        ("成立满3年", Predicate("years_established", ">=", 3.0, "年")),
        ("注册成立3年(含)以上", Predicate("years_established", ">=", 3.0, "年")),
        ("成立超过2年", Predicate("years_established", ">", 2.0, "年")),
        # upper bounds: 中小企业 ceilings must not read as floors
        ("从业人员1000人以下", Predicate("employees", "<=", 1000.0, "人")),
        ("从业人员不超过300人", Predicate("employees", "<=", 300.0, "人")),
        ("营业收入不超过2亿元", Predicate("revenue", "<=", 20000.0, "万元")),
        ("营业收入低于2000万元", Predicate("revenue", "<", 2000.0, "万元")),
        ("营业收入2000万元以下(不含)", Predicate("revenue", "<", 2000.0, "万元")),
        ("成立时间不超过5年", Predicate("years_established", "<=", 5.0, "年")),
        ("注册成立未满3年", Predicate("years_established", "<", 3.0, "年")),
        ("成立5年以内", Predicate("years_established", "<=", 5.0, "年")),
        # dates of founding
        ("2020年1月1日以后注册成立", Predicate("founded", ">=", "2020-01-01", "date")),
        ("在2021年6月前注册", Predicate("founded", "<", "2021-06-01", "date")),
        # certificates and flags
        ("申报单位须为有效期内的高新技术企业", Predicate("qualifications", "has", "高新技术企业")),
        ("非高新技术企业", Predicate("qualifications", "not_has", "高新技术企业")),
        ("具有独立法人资格", Predicate("independent_legal_person", "==", True)),
        ("未列入严重违法失信名单", Predicate("credit_ok", "==", True)),
        ("近三年无重大安全生产事故", Predicate("declaration", "confirm", "近年无违法违规或重大事故记录")),
        ("不得有逾期未结题的项目", Predicate("declaration", "confirm", "没有逾期未结题（未验收）的项目")),
    ],
)
def test_each_bound_reads_its_direction(clause, expected):
    assert predicates(clause, XUHUI) == [expected]


def test_a_range_gives_both_bounds():
    assert predicates("营业收入在2000万元至1亿元之间", XUHUI) == [
        Predicate("revenue", ">=", 2000.0, "万元"),
        Predicate("revenue", "<=", 10000.0, "万元"),
    ]


def test_a_figure_without_comparison_word_is_not_guessed():
    assert predicates("企业营业收入2000万元", XUHUI) == []
    assert predicates("成立3年的企业", XUHUI) == []


def test_alternative_ceilings_become_one_any_predicate():
    [found] = predicates("从业人员1000人以下或营业收入40000万元以下", XUHUI)
    assert found.op == "any" and [p["field"] for p in found.value] == ["employees", "revenue"]
    assert all(p["op"] == "<=" for p in found.value)


def test_or_between_kinds_of_applicants_binds_nothing():
    assert predicates("在本区范围内依法设立的企业或社会团体", XUHUI) == [
        Predicate("registered_place", "in", XUHUI)
    ]


@pytest.mark.parametrize(
    ("clause", "field", "chain"),
    [
        ("在本区范围内工商注册登记", "registered_place", XUHUI),
        ("申报企业应当是在本市注册登记的单位", "registered_place", ("上海市",)),
        ("申报单位须在烟台市内注册", "registered_place", ("山东省", "烟台市")),
        ("企业为河北省内注册的企业", "registered_place", ("河北省",)),
        ("税收户管地在本区", "tax_place", XUHUI),
    ],
)
def test_registration_and_tax_places_resolve_to_chains(clause, field, chain):
    assert Predicate(field, "in", chain) in predicates(clause, XUHUI)


def test_registered_and_tax_place_together():
    found = predicates("注册地和税收户管地均在本区", XUHUI)
    assert found == [Predicate("registered_place", "in", XUHUI), Predicate("tax_place", "in", XUHUI)]


def test_a_road_in_an_address_is_no_place_condition():
    assert predicates("申报材料送至中山北路100号", XUHUI) == []


def test_conditions_come_from_every_condition_section_not_only_shen_bao_tiao_jian():
    found = conditions(
        "一、申报条件\n1、在本区范围内注册登记，具有独立法人资格；\n"
        "二、支持标准\n给予最高50万元补贴。\n"
        "三、申报须知\n1、申报单位不得有逾期未结题的区级项目；\n2、材料须加盖公章。\n"
        "四、其他\n注册地和税收户管地均在本区的企业方可申报。",
        "上海市徐汇区",
    )
    fields = [c.predicate.field for c in found if c.predicate]
    assert fields.count("registered_place") >= 2 and "tax_place" in fields
    assert "declaration" in fields and "independent_legal_person" in fields
    assert not any("补贴" in c.text or "公章" in c.text for c in found)


def test_item_level_alternative_leaves_raw_text():
    found = conditions(
        "第一条(适用对象)\n本意见的适用对象为登记注册在本区的企事业单位,或主要创新活动在徐汇区的相关单位；",
        "上海市徐汇区",
    )
    assert found and all(c.predicate is None for c in found)


def test_clauses_keep_exact_spans_and_sections():
    found = conditions("一、申报条件\n1、企业上年度主营业务收入在3000万元以上；\n2、企业有健全的财务制度。")
    assert [c.text for c in found] == ["企业上年度主营业务收入在3000万元以上", "企业有健全的财务制度"]
    assert found[1].predicate is None
    assert all(c.span.section.endswith("一、申报条件") for c in found)


def test_both_bounds_of_one_measure_in_one_clause():
    assert predicates("上一年度从业人员在10人以上、1000人以下", XUHUI) == [
        Predicate("employees", ">=", 10.0, "人"),
        Predicate("employees", "<=", 1000.0, "人"),
    ]
    assert predicates("营业收入在2000万元以上、5亿元以下", XUHUI) == [
        Predicate("revenue", ">=", 2000.0, "万元"),
        Predicate("revenue", "<=", 50000.0, "万元"),
    ]


def test_a_bound_continued_in_the_next_clause_keeps_its_measure():
    found = preds("一、申报条件\n1、上一年度营业收入不低于1000万元，且不超过4亿元。")
    assert found == [Predicate("revenue", ">=", 1000.0, "万元"), Predicate("revenue", "<=", 40000.0, "万元")]


def test_a_tier_that_applies_when_is_not_a_requirement():
    assert predicates("最近一年销售收入小于5000万元的", XUHUI) == []


def test_a_figure_of_another_measure_is_not_a_second_bound():
    assert predicates("营业收入1亿元以上且研发费用500万元以上", XUHUI) == [
        Predicate("revenue", ">=", 10000.0, "万元"),
        Predicate("rd_spend", ">=", 500.0, "万元"),  # its own measure, not a revenue cap
    ]


def test_an_exception_in_brackets_stays_with_its_condition():
    [registered, taxed, kind] = conditions(
        "一、申报范围\n(一)注册地及税务登记地均在奉贤区的企业(含事业单位,不含示例合作区的企业,不含房地产类企业);"
    )
    assert registered.text == taxed.text == kind.text
    assert registered.text.endswith("不含房地产类企业)")
    assert kind.predicate == Predicate("kind", "not_in", ("房地产",))


@pytest.mark.parametrize(
    ("clause", "kinds"),
    [
        ("本市注册的企业(不含高尔夫、房地产类企业)", ("高尔夫", "房地产")),
        ("申报主体不包括金融类企业", ("金融",)),
        ("除类金融、娱乐行业企业外均可申报", ("类金融", "娱乐")),
    ],
)
def test_kinds_of_company_left_out(clause, kinds):
    assert Predicate("kind", "not_in", kinds) in predicates(clause, XUHUI)


def test_a_place_left_out_is_no_kind():
    assert not [p for p in predicates("本区企业(不含示例合作区的企业)", XUHUI) if p.field == "kind"]


def test_an_incident_anywhere_in_the_notice_is_a_condition():
    found = conditions(
        "二、申报程序\n各地审核推荐,且企业近一年内未发生重大安全、重大质量事故或严重环境违法行为等负面事件。"
    )
    assert [c.predicate.value for c in found if c.predicate] == [NO_RECORD]


@pytest.mark.parametrize(
    "sentence",
    [
        "三、注意事项\n(一)已连续三年(2022-2024年)获得本资金支持的单位不能申报本次项目。",
        "二、支持标准\n对参展企业给予补助。享受过省级参展补贴的项目不予补助。",
    ],
)
def test_earlier_funding_that_excludes_is_a_declaration(sentence):
    assert [c.predicate.value for c in conditions(sentence) if c.predicate] == ["未重复获得同类财政支持"]


def test_a_rule_for_one_tier_is_kept_whole_and_its_figure_is_no_requirement():
    found = conditions(
        "一、申报要求\n1、将营业收入不少于300万元的企业,近两年营业收入平均增长率由10%调整为3%。"
    )
    tier, required = (Predicate(**part) for part in found[0].predicate.value)
    assert [c.text for c in found] == ["将营业收入不少于300万元的企业,近两年营业收入平均增长率由10%调整为3%"]
    assert (found[0].predicate.op, tier, required) == (
        "when",
        Predicate("revenue", ">=", 300.0, "万元"),  # whom it is for, not what everyone must have
        Predicate("revenue_growth", ">=", 3.0, "%"),
    )


def test_no_double_award_is_a_declaration():
    found = conditions(
        "第十条 对新获评省级标杆企业的,一次性奖励50万元。同一法人主体或有股权关联的企业不重复奖励。"
    )
    assert [c.predicate.value for c in found if c.predicate] == ["未重复获得同类财政支持"]


@pytest.mark.parametrize(
    ("clause", "period"),
    [
        ("项目支持范围为2022年12月28日至2023年6月30日举办的境外展会", ("2022-12-28", "2023-06-30")),
        ("2024年1月至12月实施的技术改造项目", ("2024-01-01", "2024-12-31")),
    ],
)
def test_the_period_supported_events_fall_in(clause, period):
    assert Predicate("period", "between", period, "date") in predicates(clause, XUHUI)


@pytest.mark.parametrize(
    "clause",
    [
        "申报时间为2025年3月1日至3月31日",  # the application window, no event
        "对于2024年1月1日至2024年12月31日期间新增的小巨人企业",  # an award tier
    ],
)
def test_a_date_range_of_no_event_is_no_period(clause):
    assert not [p for p in predicates(clause, XUHUI) if p.field == "period"]


def test_a_period_sentence_anywhere_is_a_condition():
    found = conditions("二、支持内容\n本次支持2023年1月1日至6月30日参加的境外展会项目。")
    assert [c.predicate.value for c in found if c.predicate] == [("2023-01-01", "2023-06-30")]


def test_registration_and_taxes_in_one_unnamed_area():
    assert predicates("工商注册、实际经营和财税户管均在园区范围内的企业", XUHUI) == [
        Predicate("tax_place", "same", "园区")
    ]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("申报项目须在本区范围内实施", [Predicate("project_place", "in", XUHUI)]),
        ("在本区实施的示例改造项目", [Predicate("project_place", "in", XUHUI)]),
        (
            "项目单位在本区注册",
            [Predicate("registered_place", "in", XUHUI)],
        ),  # the applicant, not the project
    ],
)
def test_where_the_project_must_be_is_its_own_condition(clause, expected):
    assert predicates(clause, XUHUI) == expected


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("申报单位须为国高新企业", [Predicate("qualifications", "has", "高新技术企业")]),  # a short spelling
        ("已获评专精特新中小企业", [Predicate("qualifications", "has", "专精特新")]),
        ("位于中国高新技术产业开发区的企业", []),  # 国高 inside 中国高新: no certificate
        ("尚未获得国高新资质的企业应在一年内通过认定", []),  # an obligation for later
        ("其他企业在获得支持一年内国高新资质应保持有效", []),  # 获得 governs 支持, not the certificate
    ],
)
def test_certificates_as_notices_write_them(clause, expected):
    assert predicates(clause) == expected


@pytest.mark.parametrize(
    "clause", ["对年营业收入超过1亿元的企业", "将从业人员不少于50人的企业", "凡纳税额达到200万元的企业"]
)
def test_a_figure_naming_whom_a_rule_is_for_is_no_requirement(clause):
    assert predicates(clause) == []


def test_who_applies_is_a_condition_outside_any_condition_heading():
    body = "为落实示例政策，现将有关事项通知如下。\n一、按照自愿原则,由各街道、园区等示例运营机构为申报主体,提交申报表。"
    assert [c.text for c in conditions(body)] == ["由各街道、园区等示例运营机构为申报主体"]


def test_applicants_that_are_public_bodies_are_a_condition():
    body = "一、申报对象\n示例期间,已为企业拨付贷款贴息资金的各区科技管理部门。\n二、申报程序\n由各区科技管理部门推荐。"
    found = conditions(body)
    assert [(c.text, c.predicate) for c in found] == [
        (
            "示例期间,已为企业拨付贷款贴息资金的各区科技管理部门",
            Predicate("applicant", "public_body", "各区科技管理部门"),
        )
    ]


def test_a_title_naming_its_applicants_with_a_bound_is_a_condition():
    title = "2024年度示例市专项资金 支持上年度进出口额3000万美元以下企业开拓市场 申报指南"
    text = f"{title}\n一、申报时间\n即日起至2024年12月31日。"
    meta = DocumentMeta(doc_id="t", title=title, region="上海市奉贤区", issued="2024-06-01")
    found = extract_facts(meta, text, split_sections(text)).conditions
    assert [c.text for c in found] == ["支持上年度进出口额3000万美元以下企业开拓市场"]
    assert (
        conditions("一、申报时间\n即日起至2024年12月31日。") == []
    )  # a title without a bound names no condition


# -- verdicter: growth required without a figure ---------------------------------------------------------


def test_positive_growth_without_a_figure_is_a_floor_of_zero():
    floor = Predicate("revenue_growth", ">", 0.0, "%")
    assert predicates("近三年营业收入须保持正增长") == [floor]
    assert predicates("且须具有持续的增长性(正增长)") == [floor]
    assert predicates("近三年出口额保持正增长") == []


def test_a_strong_heading_inside_a_weak_one_leaves_the_other_items_weak():
    body = (
        "二、申报要求\n"
        "(一)申报时间:2024年3月1日至3月20日。\n"
        "(二)支持对象:在本区注册的科技型企业。\n"
        "(三)申报材料:按附件清单准备2023年度的财务报表。\n"
        "三、联系方式\n"
    )
    texts = [c.text for c in conditions(body)]
    assert any("在本区注册的科技型企业" in t for t in texts)
    assert not any("财务报表" in t for t in texts)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("请各街道积极推荐本辖区成长性好的示例型中小企业,申报材料于5月8日前报送。", "请各街道积极推荐本辖区成长性好的示例型中小企业"),
        ("二、申报方式\n由符合申报条件、具备完成能力的有关单位进行申报(详见附件)。", "由符合申报条件、具备完成能力的有关单位进行申报(详见附件)"),
        ("一、请各区按照市级文件(详见附件)的要求,做好项目的组织申报。", "一、请各区按照市级文件(详见附件)的要求"),
        ("(三)其他申报要求以省厅通知为准。", "其他申报要求以省厅通知为准"),
    ],
)
def test_a_notice_stating_no_condition_of_its_own_points_to_who_applies(body, expected):
    assert [(c.text, c.predicate) for c in conditions(body)] == [(expected, None)]


def test_a_pointer_to_conditions_elsewhere_is_no_condition_beside_stated_ones():
    body = "一、申报条件\n在本区注册的企业。\n二、申报程序\n符合条件的企业登录系统提交申报材料。"
    assert [c.text for c in conditions(body)] == ["在本区注册的企业"]


def test_a_cited_standard_with_its_number_an_obligation_after_support_and_a_time_item_are_no_conditions():
    body = (
        "一、申报条件\n(一)申报企业应为中小企业,符合《关于印发示例划型标准规定的通知》(示企业〔2011〕300号)划型标准。\n"
        "(二)企业具备有效期内的示例资质。尚未获得示例资质的企业应在获得支持一年内通过审核,"
        "其他企业在获得支持一年内资质应保持有效。\n"
        "二、申报要求\n(一)申报时间:2025年4月1日至2025年5月20日,逾期不再受理。\n(二)不予支持已获示例资金的企业。"
    )
    assert [c.text for c in conditions(body)] == [
        "申报企业应为中小企业",
        "企业具备有效期内的示例资质",
        "不予支持已获示例资金的企业",
    ]


@pytest.mark.parametrize("clause", ["企业无恶意欠薪、偷税骗税行为", "核实企业是否存在恶意欠薪、逃废债行为"])
def test_wage_arrears_and_tax_fraud_are_records_too(clause):
    assert predicates(clause) == [Predicate("declaration", "confirm", NO_RECORD)]


def test_who_may_apply_by_reference_is_kept_beside_records():
    body = "二、申报程序\n企业对照《示例认定办法》进行自我评价,符合认定条件的,提出申请。\n各地审核,确保企业近一年内未发生重大安全事故。"
    found = conditions(body)
    assert [c.text for c in found] == ["符合认定条件的", "确保企业近一年内未发生重大安全事故"]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("一、申报企业范围\n按照规定上报统计资料的规上示例服务业企业。", True),
        ("一、申报对象\n运营3年以上的规模以上工业民营企业。", True),
        ("一、支持标准\n对规模以上工业企业给予的,按增量奖励。", False),
    ],
)
def test_applicants_above_the_statistical_threshold(body, expected):
    assert (Predicate("above_scale", "==", True) in preds(body)) is expected


def test_a_last_part_naming_other_kinds_of_applicants_is_another_way_in():
    body = "一、支持对象\n在本区注册、纳税的科技企业(一般应为示例企业),和服务于本区产业的金融机构、社会组织等其他相关企事业单位。"
    (found,) = [c for c in conditions(body, "上海市徐汇区") if c.predicate]
    assert found.predicate.op == "any"
    way_in, kind = found.predicate.value
    assert {p["field"] for p in way_in["value"]} == {"registered_place", "tax_place"}
    assert kind == {"field": "confirm", "op": "confirm", "value": "服务于本区产业的金融机构、社会组织等其他相关企事业单位", "unit": ""}


def test_records_forbidden_one_or_another_are_still_a_condition():
    body = "四、申报程序\n3、核实企业是否存在恶意欠薪、偷税骗税行为,或者构成其他示例失信情形。"
    found = [c.predicate for c in conditions(body) if c.predicate]
    assert Predicate("declaration", "confirm", NO_RECORD) in found


def test_steady_growth_of_revenue_and_profit_is_a_floor_of_zero_for_each():
    found = predicates("近2年营业收入和利润总额稳步提升的示例企业")
    assert Predicate("revenue_growth", ">", 0.0, "%") in found
    assert Predicate("profit_growth", ">", 0.0, "%") in found
    assert predicates("营业收入逐年增长的示例企业") == [Predicate("revenue_growth", ">", 0.0, "%")]


@pytest.mark.parametrize(
    ("clause", "expected"),
    [
        ("项目实施周期在两年内(2025.1.1-2026.12.31)", [Predicate("project_months", "<=", 24.0, "个月")]),
        ("项目执行期原则上不超过3年", [Predicate("project_months", "<=", 36.0, "个月")]),
        ("项目实施周期为3年", []),  # exactly, at least or at most? ask
    ],
)
def test_how_long_a_project_may_run(clause, expected):
    assert predicates(clause) == expected
