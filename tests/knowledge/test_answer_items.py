"""An amount is asked for an item the notice does not fund: it is not stated, never another item's sum."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, Outcome
from knowledge.passages import funded_item

DOC = "kt_hexi_zhizao_2026"
TEXT = (
    "关于开展2026年河西区智能制造专项资金申报的通知\n"
    "一、支持标准\n"
    "对新认定的市级数字化车间，一次性奖励30万元。\n"
    "对新认定的市级智能工厂，一次性奖励60万元。\n"
    "获评国家级、省级荣誉称号的，分别奖励50万元、20万元。\n"
    "对新认定的市级绿色工厂，一次性奖励10万元；对连续三年保持绿色工厂称号的企业，支持方式另行研究。\n"
    "二、工作安排\n"
    "区经委将推进工业互联网平台建设和技术创新示范，培育一批示范场景，具体办法另行制定。\n"
    "三、联系方式\n"
    "联系人：赵老师，联系电话：022-23456789。\n"
)
SOURCES = (
    "file\tkind\tregion\tissuer\tissued_date\tsource_address\ttruncated\ttitle\n"
    f"{DOC}.txt\tnotice\t天津市河西区\t河西区经济委员会\t2026-02-01\t测试文档\tno\t\n"
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root: Path = tmp_path_factory.mktemp("items")
    docs = root / "docs"
    docs.mkdir()
    (docs / f"{DOC}.txt").write_text(TEXT, encoding="utf-8")
    (docs / "sources.tsv").write_text(SOURCES, encoding="utf-8")
    base = KnowledgeBase(root / "kb")
    base.ingest([docs])
    yield base
    base.close()


def test_the_funded_item_is_the_word_before_the_money_word():
    assert funded_item("河西区智能制造专项里租房补贴标准是多少") == "租房"
    assert funded_item("河西智能制造那个工厂那条奖励多少") == "工厂"
    assert funded_item("评上市级的话补多少") == "市级"  # a particle names nothing
    assert funded_item("营收增长两成，奖励怎么算") == ""  # the word must stand in the money word's clause
    assert funded_item("河西区智能制造专项最多给多少") == ""


def test_an_item_the_notice_never_names_is_not_stated(kb):
    answer = kb.ask("河西区智能制造专项里租房补贴标准是多少", doc_id=DOC)
    assert answer.outcome is Outcome.NOT_STATED
    assert "30万元" not in answer.answer and "60万元" not in answer.answer


def test_an_item_named_only_outside_the_amounts_is_not_answered_with_their_sums(kb):
    answer = kb.ask("河西智能制造专项的工业互联网平台建设那条奖励多少钱", doc_id=DOC)
    assert answer.outcome is Outcome.NOT_STATED
    assert "30万元" not in answer.answer and "60万元" not in answer.answer


def test_an_item_the_amounts_name_is_answered(kb):
    answer = kb.ask("河西区新认定的市级智能工厂奖励多少", doc_id=DOC)
    assert answer.outcome is Outcome.ANSWERED
    assert "60万元" in answer.answer


def test_amounts_quoting_the_asked_level_answer_it(kb):
    answer = kb.ask("国家级的技术创新示范称号奖多少", doc_id=DOC)
    assert answer.outcome is Outcome.ANSWERED
    assert "50万元" in answer.answer


def test_an_item_beside_another_items_sum_is_not_answered_with_it(kb):
    answer = kb.ask("河西区连续三年保持绿色工厂称号的奖励是多少", doc_id=DOC)
    assert answer.outcome is Outcome.NOT_STATED
    assert "10万元" not in answer.answer
