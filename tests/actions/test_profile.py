"""The form's slots are filled from the knowledge layer's profile parser, and mapped back for the match."""

from datetime import date

import pytest

from actions.profile import parse_profile, profile_of

TODAY = date(2026, 11, 27)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("text", "requested", "expected"),
    [
        ("注册在徐汇区", None, {"registered_district": "徐汇区"}),
        ("昆山市", "registered_district", {"registered_district": "昆山市"}),
        ("公司2018年成立的", None, {"years_established": 8.0}),
        ("员工其实是80人", None, {"employees": 80}),
        ("50", "employees", {"employees": 50}),
        ("年收入大概2亿", None, {"revenue": 20000.0}),
        ("800万", "revenue", {"revenue": 800.0}),
        ("没有", "qualifications", {"qualifications": []}),
        (
            "徐汇，6年，100人",
            "registered_district",
            {"registered_district": "徐汇", "years_established": 6.0, "employees": 100},
        ),
        ("我们成立2年，30人，营收500万", None, {"years_established": 2.0, "employees": 30, "revenue": 500.0}),
    ],
)
def test_form_slots_come_from_the_one_parser(text, requested, expected):
    assert parse_profile(text, requested=requested, today=TODAY) == expected


@pytest.mark.unit
@pytest.mark.parametrize("text", ["我们是做超市的", "人工智能企业", "没有", "2024年营收"])
def test_text_without_profile_facts_fills_nothing(text):
    assert parse_profile(text, today=TODAY) == {}


@pytest.mark.unit
def test_slots_map_back_to_the_profile_fields():
    profile = profile_of({"registered_district": "徐汇", "employees": 80, "revenue": None})
    assert profile.registered_place == "徐汇" and profile.employees == 80 and profile.revenue is None
