"""A table row under a period group of another year than the question names is not its answer
("2021年上半年的展位费" is not the 2020 row's)."""

from __future__ import annotations

import pytest

from knowledge.passages import _other_period, sentences

pytestmark = pytest.mark.unit

TABLE = (
    "标准(元)\n2025年1月1日-6月30日\n标准摊位\n18000\n特装摊位\n26000\n"
    "2025年7月1日-12月31日\n标准摊位\n16000\n"
)


def test_rows_of_another_year_are_set_aside():
    rows = [s for s in sentences(TABLE) if "摊位" in s]
    assert rows and all(_other_period(row, frozenset({2026})) for row in rows)
    assert not any(_other_period(row, frozenset({2025})) for row in rows)
    assert not any(_other_period(row, frozenset()) for row in rows)  # no year asked: every row may answer


def test_a_sentence_naming_a_year_is_no_row():
    assert not _other_period("2025年已获得补贴的企业不得重复申报，补贴标准为5万元。", frozenset({2026}))
