"""Places from the gazetteer: whole names, administrative chains, and words that only look like places."""

from __future__ import annotations

import pytest

from knowledge.facts.places import own_place, place_chain, places_in, related, within

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("text", "chain"),
    [
        ("我们注册在徐汇", ("上海市", "徐汇区")),
        ("浦东的", ("上海市", "浦东新区")),
        ("公司在深圳南山", ("广东省", "深圳市", "南山区")),
        ("注册地杭州滨江区", ("浙江省", "杭州市", "滨江区")),
        ("江苏省镇江市句容市", ("江苏省", "镇江市", "句容市")),  # a county-level city under a prefecture
        ("海南省文昌市", ("海南省", "文昌市")),  # directly under the province
        ("新疆维吾尔自治区乌鲁木齐市", ("新疆维吾尔自治区", "乌鲁木齐市")),
        ("上海·徐汇区", ("上海市", "徐汇区")),
    ],
)
def test_places_with_or_without_suffix_give_their_chain(text, chain):
    assert places_in(text)[0] == chain


@pytest.mark.parametrize(
    "text",
    [
        "办公室在长安街旁边",
        "我们在南京路上开店",
        "江南水乡的企业",
        "两江新区的园区企业",
        "雄安新区",
        "中山公园附近",
    ],
)
def test_roads_streets_and_words_are_not_places(text):
    assert places_in(text) == ()


def test_a_road_named_after_a_city_keeps_only_the_real_place():
    assert places_in("公司地址在上海市中山北路100号") == (("上海市",),)


def test_a_short_name_outside_every_full_name_is_a_word():
    # 延长 is also a county's short name; here it is the verb of "延长有效期".
    assert places_in("沈阳市重大科技专项实施细则(延长有效期通知所附)") == (("辽宁省", "沈阳市"),)


@pytest.mark.parametrize("text", ["要是评上灯塔工厂呢", "上海灯塔工厂奖励多少"])
def test_a_county_short_name_that_is_a_common_word_needs_its_parent_nearby(text):
    assert all(chain[-1] != "灯塔市" for chain in places_in(text))  # a lighthouse factory, not 灯塔市


def test_a_county_short_name_that_is_a_common_word_is_a_place_beside_its_parent():
    assert places_in("辽阳灯塔") == (("辽宁省", "辽阳市", "灯塔市"),)
    assert places_in("灯塔市") == (("辽宁省", "辽阳市", "灯塔市"),)


def test_a_named_parent_settles_a_shared_district_name():
    assert places_in("南京鼓楼") == (("江苏省", "南京市", "鼓楼区"),)  # not 徐州's 鼓楼区


def test_shared_names_are_settled_by_context_or_kept_alone():
    assert places_in("朝阳区") == (("朝阳区",),)  # Beijing or Changchun: not guessed
    assert places_in("朝阳区", context=[("北京市",)]) == (("北京市", "朝阳区"),)
    assert places_in("长宁") == ()  # 长宁区 (上海) and 长宁县 (四川) share the short name
    assert places_in("长宁", context=[("上海市",)]) == (("上海市", "长宁区"),)


def test_a_document_chain_comes_from_region_then_title_and_issuer():
    assert place_chain("上海市徐汇区") == ("上海市", "徐汇区")
    assert place_chain("", "关于鄞州区科技创新券兑现的通知", "宁波市鄞州区科技局") == (
        "浙江省",
        "宁波市",
        "鄞州区",
    )
    assert place_chain("天津市", "滨海新区专精特新种子企业申报") == ("天津市", "滨海新区")
    # a place in the title outside the region does not replace the region
    assert place_chain("上海市", "关于转发广州市通知的通知") == ("上海市",)


def test_own_district_and_city_resolve_through_the_document():
    assert own_place("本区", ("上海市", "徐汇区")) == ("上海市", "徐汇区")
    assert own_place("本市", ("广东省", "深圳市", "南山区")) == ("广东省", "深圳市")
    assert own_place("本市", ("上海市", "徐汇区")) == ("上海市",)
    assert own_place("本省", ("山东省", "烟台市")) == ("山东省",)
    assert own_place("其他", ("上海市",)) is None


def test_containment_is_by_chain_not_by_characters():
    assert within(("上海市", "徐汇区"), ("上海市",)) is True
    assert within(("上海市",), ("上海市", "徐汇区")) is False
    assert within(("广东省", "中山市"), ("上海市",)) is False
    assert within(("广东省", "深圳市", "南山区"), ("南山区",)) is True
    assert related(("上海市",), ("上海市", "奉贤区")) is True
    assert related(("上海市", "徐汇区"), ("上海市", "奉贤区")) is False
