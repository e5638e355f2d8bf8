"""What a question names that a notice's name or text contradicts: another part of the year, a strand written
in brackets, a batch of the notices it carries, a programme year heading a place, a kind of programme."""

from __future__ import annotations

import pytest

from knowledge.keys import programme_kinds
from knowledge.resolve import (
    parse_query,
    periods,
    place_headed_years,
    programme_conflict,
    strands,
)

pytestmark = pytest.mark.unit

HALF = "关于支持2024年度上半年示例市企业参加境外展会项目申报工作的通知"
STRAND = "关于组织申报2024年示例市产业升级专项资金项目(设备更新)的通知"


def test_parts_of_a_year_are_read_and_normalised():
    assert periods("示例市2024年度下半年参展补贴") == {"H2"}
    assert periods("前三季度奖励") == {"Q1-3"}
    assert periods("第二季度和二季度") == {"Q2"}
    assert periods("2024年度参展补贴") == frozenset()


@pytest.mark.parametrize(
    ("question", "title", "conflict"),
    [
        ("示例市2024年度下半年境外展会补多少", HALF, "period"),
        ("示例市2024年度上半年境外展会补多少", HALF, ""),
        ("示例市境外展会补多少", HALF, ""),  # names no part of the year
        ("示例市下半年境外展会补多少", "关于支持示例市企业参加境外展会项目的通知", ""),  # title: none
    ],
)
def test_another_part_of_the_year_is_a_conflict(question, title, conflict):
    assert programme_conflict(parse_query(question), title, title) == conflict


def test_a_strand_written_in_brackets_is_read_like_one_pointed_at():
    assert strands("示例市产业升级专项（品牌建设）怎么报") == {"品牌", "牌建", "建设"}
    assert strands("示例市产业升级专项(第二批)怎么报") == frozenset()  # a batch is no strand


@pytest.mark.parametrize(
    ("question", "conflict"),
    [
        ("2024年示例市产业升级专项资金（品牌建设）怎么申报", "strand"),
        ("2024年示例市产业升级专项资金（设备更新）怎么申报", ""),
        ("2024年示例市产业升级专项资金怎么申报", ""),
    ],
)
def test_a_bracketed_strand_the_title_does_not_name_is_a_conflict(question, conflict):
    assert programme_conflict(parse_query(question), STRAND, STRAND) == conflict


def test_a_title_without_a_batch_takes_the_batches_of_the_notices_it_carries():
    title = "关于示例区种子企业申报工作的补充通知"
    label = f"{title} 示例市示例区 市经信局关于第一批示例市种子企业申报指南的通知"
    assert programme_conflict(parse_query("第二批示例市种子企业什么时候交材料"), title, label) == "batch"
    assert programme_conflict(parse_query("第一批示例市种子企业什么时候交材料"), title, label) == ""
    assert programme_conflict(parse_query("第二批示例市种子企业什么时候交材料"), title, title) == ""


def test_a_programme_year_heading_a_place_is_kept_but_not_a_companys_history():
    assert place_headed_years("2019年度徐汇区人才政策什么时候能报") == {2019}
    assert place_headed_years("我们2019年度评上的市级专精特新，能报吗") == frozenset()
    assert place_headed_years("2019年度的人才政策能报吗") == frozenset()


def test_kinds_of_programme_in_their_written_forms():
    assert programme_kinds("示例区瞪羚企业申报截止哪天") == {"瞪羚企业"}
    assert programme_kinds("高企认定奖励多少") == {"高新技术企业"}
    assert programme_kinds("关于开展高新技术企业认定工作的通知") == {"高新技术企业"}
    assert programme_kinds("技改贴息怎么报") == {"技术改造", "贷款贴息"}
    assert programme_kinds("申报截止哪天") == frozenset()


def test_a_shared_district_name_is_read_beside_the_documents_city():
    from knowledge.resolve import region_conflict

    asked = parse_query("鼓楼区的人才补贴怎么申请")  # a district name four cities share
    assert region_conflict(asked, ("江苏省", "南京市", "玄武区"))  # 南京's 鼓楼区: another district
    assert not region_conflict(asked, ("福建省", "福州市", "鼓楼区"))  # the document's own district
    assert not region_conflict(asked, ("江苏省", "南京市"))  # a city-wide notice serves its districts
    assert not region_conflict(asked, ("广东省",))  # no 鼓楼区 there: which one is meant stays open


@pytest.mark.parametrize(
    ("question", "conflict"),
    [
        ("示例区2026年度工业科研项目怎么申报", "strand"),  # the title's 科研项目 are for other sectors
        ("示例区农业科研项目几号截止", ""),
        ("示例区社会事业科研项目找谁", ""),
        ("示例区科研项目几号截止", ""),  # names no sector
    ],
)
def test_a_sector_named_before_the_programme_is_read_against_the_titles(question, conflict):
    title = "关于申报2026年度示例区农业和社会事业科研项目的通知"
    assert programme_conflict(parse_query(question), title, title) == conflict
