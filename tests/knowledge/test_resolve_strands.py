"""A question pointing at another strand of a programme than the one a notice's title names is not served by it."""

from __future__ import annotations

import pytest

from knowledge.resolve import parse_query, programme_conflict, strands, title_strands

TITLE = "关于开展2026年示例省激励企业做大做强奖励资金(软件产业)申报工作的通知"


@pytest.mark.unit
def test_the_strand_a_question_points_at():
    assert strands("示例省做大做强奖励里制造企业那块的标准") == {"制造"}
    assert strands("示例区技改专项设备更新这个方向有哪些项目") == {"设备", "备更", "更新"}
    assert strands("这个专项一共几个支持方向") == frozenset()  # asks for the strands, names none


@pytest.mark.unit
def test_a_title_names_a_strand_in_brackets_but_not_a_trial_term_or_batch():
    assert title_strands(TITLE) == ["软件产业"]
    assert title_strands("示例区人才若干措施(试行)") == []
    assert title_strands("关于开展示例市专精特新(第二批)申报的通知") == []


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "title", "conflict"),
    [
        ("示例省做大做强奖励里制造企业那块的标准是多少", TITLE, "strand"),
        ("示例省做大做强奖励软件产业那块的标准是多少", TITLE, ""),
        ("示例省做大做强奖励里制造企业那块的标准是多少", "关于开展示例省激励企业做大做强奖励申报的通知", ""),
        ("示例省做大做强奖励的标准是多少", TITLE, ""),
    ],
)
def test_another_strand_is_a_conflict(question, title, conflict):
    assert programme_conflict(parse_query(question), title, title) == conflict
