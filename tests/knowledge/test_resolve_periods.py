"""A part of the year (上半年, 第二季度, 全年 …) names no programme: documents are not matched on it."""

from __future__ import annotations

import pytest

from knowledge.resolve import parse_query, programme_conflict


@pytest.mark.unit
def test_a_period_word_is_no_term_a_document_is_matched_on():
    assert parse_query("上半年的呢").doc_topic == frozenset()
    assert parse_query("第二季度A类的呢").doc_topic == {"a类"}
    assert "全年" not in parse_query("示例区外贸奖励全年一共多少").doc_topic
    assert {"上半", "半年"} <= parse_query("上半年的呢").topic  # passages may still hold the period


@pytest.mark.unit
def test_the_period_still_sets_aside_a_title_of_another_period():
    query = parse_query("示例区外贸参展补助上半年的标准")
    assert programme_conflict(query, "关于示例区2026年下半年外贸参展补助的通知", "") == "period"
    assert programme_conflict(query, "关于示例区2026年上半年外贸参展补助的通知", "") == ""
