"""A company profile read from the question: only what it states, never a guess."""

import pytest

from knowledge.profile import profile_from_text

pytestmark = pytest.mark.unit


def test_profile_with_district_revenue_and_qualification():
    assert profile_from_text("我们注册在奉贤、营收5000万、是高企，能报小巨人吗") == {
        "registered_district": "上海市奉贤区",
        "revenue": 5000.0,
        "qualifications": ["高新技术企业"],
    }


def test_years_in_chinese_numerals_and_half_a_year():
    assert profile_from_text("我们在文昌注册，成立一年，能申请贴息吗")["years_established"] == 1
    assert profile_from_text("公司在嘉定注册才半年，能报吗")["years_established"] == 0.5


def test_the_policy_region_is_not_the_company_region():
    assert "registered_district" not in profile_from_text("我们两年前被罚过款，还能报嘉定智慧城市5G专项吗")


def test_a_question_about_a_condition_is_no_profile():
    assert profile_from_text("17年重点技改专项要求在上海注册、独立法人吗") == {}


def test_bad_credit_and_negated_qualification():
    profile = profile_from_text("我们公司信用记录不太好，也不是高企")
    assert profile == {"credit_ok": False}
