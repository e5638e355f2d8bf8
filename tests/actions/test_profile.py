"""Company facts typed in any form end up as the profile values the eligibility match needs."""

from datetime import date

import pytest

from actions.profile import parse_profile

TODAY = date(2026, 11, 27)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "requested", "expected"),
    [
        ("注册在徐汇区", None, {"registered_district": "上海市徐汇区"}),
        ("我们在奉贤", None, {"registered_district": "上海市奉贤区"}),
        ("注册地是珠海市", None, {"registered_district": "广东省珠海市"}),
        ("昆山市", "registered_district", {"registered_district": "昆山市"}),
        ("成立了两年", None, {"years_established": 2.0}),
        ("公司2018年成立的", None, {"years_established": 8.0}),
        ("员工其实是80人", None, {"employees": 80}),
        ("我们有一百二十个员工", None, {"employees": 120}),
        ("员工人数60", None, {"employees": 60}),
        ("50", "employees", {"employees": 50}),
        ("去年营收3000万", None, {"revenue": 3000.0}),
        ("年收入大概2亿", None, {"revenue": 20000.0}),
        ("营收两千万", None, {"revenue": 2000.0}),
        ("800万", "revenue", {"revenue": 800.0}),
        ("高企和专精特新都有", None, {"qualifications": ["高新技术企业", "专精特新"]}),
        ("没有", "qualifications", {"qualifications": []}),
        ("徐汇，6年，100人", None, {"registered_district": "上海市徐汇区", "years_established": 6.0, "employees": 100}),
        ("我们2年，30人，营收500万", None, {"years_established": 2.0, "employees": 30, "revenue": 500.0}),
        ("我们不是高企", None, {}),
    ],
)
def test_profile_facts_are_read_from_free_text(text, requested, expected):
    assert parse_profile(text, requested=requested, today=TODAY) == expected


@pytest.mark.unit
@pytest.mark.parametrize("text", ["我们是做超市的", "近3年营收增长20%", "人工智能企业", "没有", "2024年营收"])
def test_text_without_profile_facts_fills_nothing(text):
    assert parse_profile(text, today=TODAY) == {}
