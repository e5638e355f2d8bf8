"""Eligibility clauses and their machine-checkable predicates."""

from __future__ import annotations

import pytest

from knowledge.facts import Condition, Predicate, extract_facts
from knowledge.model import DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit


def conditions(body: str, region: str = "上海市奉贤区") -> list[Condition]:
    title = "关于开展测试项目申报工作的通知"
    text = f"{title}\n{body}"
    meta = DocumentMeta(doc_id="t", title=title, region=region, issued="2025-06-01")
    return extract_facts(meta, text, split_sections(text)).conditions


def preds(body: str, region: str = "上海市奉贤区") -> list[Predicate]:
    return [c.predicate for c in conditions(body, region) if c.predicate]


def test_registered_in_this_district_resolves_through_the_document_region():
    found = preds("一、申报条件\n1、在本区范围内工商注册登记、具有独立法人资格，非上市企业；")
    assert Predicate("registered_district", "in", ["奉贤"], "区") in found
    assert Predicate("independent_legal_person", "==", True) in found


def test_registered_in_this_city_and_named_places():
    assert preds("二、申报条件\n（一）申报企业应当是在本市注册登记的单位；", "上海市") == [
        Predicate("registered_district", "in", ["上海"], "市")
    ]
    assert preds("二、申报条件\n1.申报单位须在烟台市内注册，正常经营3年(含)以上。", "山东省烟台市") == [
        Predicate("registered_district", "in", ["烟台"], "市"),
        Predicate("years_established", ">=", 3.0, "年"),
    ]
    assert Predicate("registered_district", "in", ["徐汇"], "区") in preds(
        "第一条(适用对象)\n本意见的适用对象为登记注册在本区的企事业单位；", "上海市徐汇区"
    )


def test_alternatives_leave_the_clause_as_raw_text():
    found = conditions(
        "第一条(适用对象)\n本意见的适用对象为登记注册在本区的企事业单位,或主要创新活动在徐汇区的相关单位；",
        "上海市徐汇区",
    )
    assert found and all(c.predicate is None for c in found)


def test_thresholds_in_wan_yuan_and_ratios():
    found = preds(
        "二、申报条件\n1、企业近三个会计年度的研究开发费用总额占主营业务收入总额的比例不低于5%；\n"
        "2、企业上年度主营业务收入在3000万元以上；\n3、上年度纳税额不低于1.5亿元；\n"
        "4、职工总数200人以下；\n5、成立时间不超过5年；\n6、获得融资1000万元以上。"
    )
    assert found == [
        Predicate("rd_ratio", ">=", 5.0, "%"),
        Predicate("revenue", ">=", 3000.0, "万元"),
        Predicate("tax", ">=", 15000.0, "万元"),
        Predicate("employees", "<=", 200.0, "人"),
        Predicate("years_established", "<=", 5.0, "年"),
        Predicate("financing", ">=", 1000.0, "万元"),
    ]


def test_qualifications_and_credit():
    found = preds("一、申报条件\n1.有效期内的国家高新技术企业；\n2.信用记录良好，未列入严重违法失信名单；")
    assert Predicate("qualifications", "has", "高新技术企业") in found
    assert Predicate("credit_ok", "==", True) in found
    # "首次认定" adds a condition the profile cannot express: keep raw text only.
    assert preds("一、申报对象需满足以下两个条件\n1. 2017年度首次经过认定的高新技术企业。") == []


def test_clauses_keep_exact_spans_and_sections():
    text_body = "一、申报条件\n1、企业上年度主营业务收入在3000万元以上；\n2、企业有健全的财务制度。"
    found = conditions(text_body)
    assert [c.text for c in found] == ["企业上年度主营业务收入在3000万元以上", "企业有健全的财务制度"]
    assert found[1].predicate is None
    assert all(c.span.section.endswith("一、申报条件") for c in found)


def test_corpus_documents_without_conditions_section_have_none(corpus_facts):
    for doc_id in (
        "sh_gaoqi_rending_jiezhi_2011",
        "pudong_gaoqi_daikuan_tiexi_lixiang_2023",
        "langfang_suanliquan_shishixize_2023",
    ):
        assert corpus_facts[doc_id].conditions == []


def test_corpus_fengxian_predicates(corpus_facts):
    got = [c.predicate for c in corpus_facts["fengxian_keji_xiaojuren_zhinan_2025"].conditions if c.predicate]
    assert got == [
        Predicate("registered_district", "in", ["奉贤"], "区"),
        Predicate("independent_legal_person", "==", True),
        Predicate("qualifications", "has", "高新技术企业"),
        Predicate("rd_ratio", ">=", 5.0, "%"),
        Predicate("revenue", ">=", 3000.0, "万元"),
    ]
