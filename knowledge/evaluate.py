"""Evaluation on the project's question sets over the real shared corpora, behind ``policybot eval``.

Why it looks like this (issue 12): a development set that CI gates on and rules are tuned on says
nothing about notices nobody has read. So the questions (:data:`QUESTION_SETS` in ``knowledge/eval/``,
schema v2) are split **by document** into a tuning half and a test half — a document is
in the test half when ``int(sha1(doc_id).hexdigest(), 16) % 2 == 1`` (:func:`half_of`, the one place
this rule lives) — and both halves are reported side by side. A test half that scores far above the
tuning half, or far above unseen notices, means something was fitted.

Measures, per half: Recall@1/@5 and MRR of fused, BM25 and dense retrieval (a hit counts when it is a
chunk of the gold document containing the question's evidence term); through the facade's ``ask``:
answer type accuracy, deadline end date right, false refusals among answerable questions, unanswerable
questions declined, eligibility verdict accuracy (yes / no / conditional) and the key-fact rate (every
gold key and the gold end date appear in the answer text after normalising digits, full-width
characters, dates and spaces), overall and per pattern. "today" comes from each set's header.
"""

from __future__ import annotations

import hashlib
import re
import time
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.errors import KnowledgeError
from knowledge.model import AnswerType

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.model import Answer

REPO_ROOT = Path(__file__).resolve().parent.parent
EVAL_DIR = Path(__file__).resolve().parent / "eval"
QUESTION_SETS = ("corpus.yaml", "corpus_more.yaml")  # schema v2, over ../shared/corpus and corpus-more
DEFAULT_KB_DIR = REPO_ROOT / "var" / "eval-kb"  # built from the corpora named in the sets when missing
HALVES = ("tuning", "test")
DEPTH = 10  # ranks looked at for MRR
KINDS = frozenset(t.value for t in AnswerType if t is not AnswerType.NONE)
VERDICTS = frozenset({"yes", "no", "conditional"})
PATTERNS = frozenset(
    {
        "plain",
        "yearless-date",
        "multi-window",
        "passage-only",
        "eligibility-applied",
        "handling",
        "follow-up",
        "two-part",
        "unanswerable-neighbour",
        "unanswerable-fact",
        "table-contact",
        "colloquial",
    }
)
# Outcomes of the facade's typed Answer that mean "the bot did not answer" (false refusal when the
# question is answerable); out_of_scope also counts as declining an unanswerable question.
REFUSALS = frozenset({"not_stated", "no_document"})
DECLINES = REFUSALS | {"out_of_scope"}
# The eligibility evaluator's verdict names mapped to the set's yes / no / conditional.
VERDICT_NAMES = {
    "eligible": "yes",
    "not_eligible": "no",
    "needs_confirmation": "conditional",
}
_ISO_END = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?$")
_DATE = re.compile(r"(\d{4})\s*[年./-]\s*(\d{1,2})\s*[月./-]\s*(\d{1,2})\s*[日号]?")
_MONTH_DAY = re.compile(r"(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")
_DASHES = re.compile(r"[—–―－‐‑]+")
_SPACE = re.compile(r"\s+")


def half_of(doc_id: str) -> str:
    """``"test"`` or ``"tuning"``: the fixed split by document (sha1 of the doc id, odd -> test)."""
    return "test" if int(hashlib.sha1(doc_id.encode("utf-8")).hexdigest(), 16) % 2 == 1 else "tuning"


@dataclass(frozen=True)
class Question:
    """One question of a set (schema v2); ``today`` comes from the set's header."""

    id: str
    doc: str | None
    question: str
    kind: str
    answerable: bool
    today: date
    end: str | None = None
    key: tuple[str, ...] = ()
    evidence: str | None = None
    profile: str | None = None
    verdict: str | None = None
    context_doc: str | None = None
    pattern: tuple[str, ...] = ()

    @property
    def half(self) -> str:
        """The half of the gold document; a question about no document goes by its own id."""
        return half_of(self.doc or self.context_doc or self.id)

    def evidence_terms(self) -> list[str]:
        """Strings of which one marks the gold passage: the evidence, else the first key, else the end's day."""
        if self.evidence:
            return [self.evidence]
        if self.key:
            return [alt for alt in self.key[0].split("|") if alt]
        if self.end:
            day = date.fromisoformat(self.end[:10])
            return [f"{day.month}月{day.day}日", f"{day.month:02d}月{day.day:02d}日"]
        return []


@dataclass(frozen=True)
class Dataset:
    files: list[Path]
    corpora: list[Path]
    questions: list[Question]

    def doc_ids(self) -> set[str]:
        return {q.doc for q in self.questions if q.doc} | {
            q.context_doc for q in self.questions if q.context_doc
        }


def _question(raw: dict[str, Any], today: date, where: str) -> Question:
    qid = str(raw.get("id") or "")
    problem = None
    key = tuple(str(k) for k in (raw.get("key") or ()))
    pattern = raw.get("pattern") or ()
    pattern = (pattern,) if isinstance(pattern, str) else tuple(pattern)
    end = raw.get("end")
    evidence = raw.get("evidence")
    if not qid or not raw.get("question"):
        problem = "id and question are required"
    elif raw.get("kind") not in KINDS:
        problem = f"kind {raw.get('kind')!r} is not one of {sorted(KINDS)}"
    elif not isinstance(raw.get("answerable"), bool):
        problem = "answerable must be true or false"
    elif raw["answerable"] and not raw.get("doc"):
        problem = "an answerable question needs its gold doc"
    elif end is not None and not _ISO_END.match(str(end)):
        problem = f"end {end!r} is not YYYY-MM-DD or YYYY-MM-DDTHH:MM"
    elif raw.get("verdict") is not None and raw.get("verdict") not in VERDICTS:
        problem = f"verdict {raw.get('verdict')!r} is not yes / no / conditional"
    elif evidence is not None and len(str(evidence)) > 12:
        problem = "evidence must be a short term (<= 12 characters)"
    elif unknown := set(pattern) - PATTERNS:
        problem = f"unknown pattern(s) {sorted(unknown)}"
    if problem:
        raise KnowledgeError(f"评测集 {where} 的问题 {qid or '?'} 有误：{problem}")
    return Question(
        id=qid,
        doc=raw.get("doc"),
        question=str(raw["question"]),
        kind=raw["kind"],
        answerable=raw["answerable"],
        today=today,
        end=str(end) if end is not None else None,
        key=key,
        evidence=str(evidence) if evidence is not None else None,
        profile=raw.get("profile"),
        verdict=raw.get("verdict"),
        context_doc=raw.get("context_doc"),
        pattern=pattern,
    )


def default_files() -> list[Path]:
    """The project's question sets (other YAML under ``knowledge/eval/``, e.g. dialogues, has its own schema)."""
    return [EVAL_DIR / name for name in QUESTION_SETS]


def load_dataset(paths: Iterable[str | Path] | None = None) -> Dataset:
    """All questions of ``paths`` (default :func:`default_files`); ``KnowledgeError`` on any malformed one."""
    import yaml

    files = [Path(p) for p in paths] if paths is not None else default_files()
    if not files:
        raise KnowledgeError("没有指定评测集")
    corpora: list[Path] = []
    questions: list[Question] = []
    for source in files:
        try:
            data = yaml.safe_load(source.read_text(encoding="utf-8"))
            today = date.fromisoformat(str(data["today"]))
            raws = list(data["questions"])
            corpus = data.get("corpus")
        except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
            raise KnowledgeError(f"评测集 {source} 无法读取：{exc}") from exc
        if corpus:  # relative to the repository root, like `policybot ingest ../shared/corpus`
            corpora.append((REPO_ROOT / corpus).resolve())
        questions += [_question(raw, today, source.name) for raw in raws]
    seen: set[str] = set()
    for q in questions:
        if q.id in seen:
            raise KnowledgeError(f"评测集中的问题编号重复：{q.id}")
        seen.add(q.id)
    return Dataset(files, corpora, questions)


def ensure_kb(kb_dir: str | Path, dataset: Dataset, *, progress: bool = False) -> KnowledgeBase:
    """The KB at ``kb_dir`` with the sets' corpora ingested: new or changed files are added and facts made
    by an older extractor are extracted again (unchanged documents cost only a hash), so a score always
    reflects the code being evaluated."""
    from knowledge.base import KnowledgeBase

    kb = KnowledgeBase(kb_dir)
    missing = [str(p) for p in dataset.corpora if not p.is_dir()]
    if missing:
        raise KnowledgeError(f"评测语料目录不存在：{'、'.join(missing)}（需要 ../shared）")
    kb.ingest(dataset.corpora, progress=progress)
    absent = sorted(dataset.doc_ids() - {meta.doc_id for meta in kb.documents()})
    if absent:
        raise KnowledgeError(f"评测集引用的文档不在语料中：{'、'.join(absent[:5])}")
    return kb


# ------------------------------------------------------------------ key facts
def normalize(text: str) -> str:
    """Text reduced for fact matching: NFKC (full-width), Chinese numerals as digits, ISO dates, no spaces.

    Applied to the gold key and to the answer alike, so "２０２４年9月20日", "2024-09-20" and
    "二〇二四年九月二十日" compare equal.
    """
    import cn2an

    text = unicodedata.normalize("NFKC", text)
    with warnings.catch_warnings():  # cn2an warns about fragments it leaves alone ("万" on its own)
        warnings.simplefilter("ignore")
        try:
            text = cn2an.transform(text, "cn2an")
        except (ValueError, KeyError, IndexError):  # it rejects some mixed strings; keep them as they are
            pass
    # "日" closes every date so that "9月20日24时" does not read as "09-2024时"
    text = _DATE.sub(lambda m: f"{m[1]}-{int(m[2]):02d}-{int(m[3]):02d}日", text)
    text = _MONTH_DAY.sub(lambda m: f"{int(m[1]):02d}-{int(m[2]):02d}日", text)
    text = _DASHES.sub("-", text)
    return _SPACE.sub("", text).lower()


def key_facts_found(question: Question, answer_text: str) -> bool | None:
    """Whether every gold key (any of its "|" alternatives) and the gold end day appear; None: no gold."""
    wanted = [entry.split("|") for entry in question.key]
    if question.end:
        wanted.append([question.end[:10]])
    if not wanted:
        return None
    text = normalize(answer_text)
    return all(any(normalize(alt) in text for alt in alts if alt) for alts in wanted)


# ------------------------------------------------------------------ one question
@dataclass
class Result:
    """What happened to one question (kept per question in the JSON for reading failures)."""

    id: str
    half: str
    kind: str
    answerable: bool
    pattern: list[str]
    ranks: dict[str, int | None] = field(default_factory=dict)
    gold_in_kb: bool = True
    answer_type: str = ""
    outcome: str = ""
    end: str | None = None
    verdict: str | None = None
    key_found: bool | None = None
    answer: str = ""

    @property
    def refused(self) -> bool:
        return self.outcome in REFUSALS or self.answer_type == AnswerType.NONE.value

    @property
    def declined(self) -> bool:
        return self.outcome in DECLINES or self.answer_type == AnswerType.NONE.value


def _ask(kb: KnowledgeBase, q: Question, previous: Mapping[str, AnswerType]) -> Answer:
    """The facade's answer, asked as the actions ask it: a follow-up carries the previous turn's document
    and the type of the answer given to the question before it about that document (``previous``)."""
    context_kind = previous.get(q.context_doc) if q.context_doc else None
    return kb.ask(
        q.question, context_doc=q.context_doc, context_kind=context_kind, profile=q.profile, today=q.today
    )


def _facts(answer: Answer) -> Mapping[str, Any]:
    """The answer's facts; a two-part answer's first part that holds a deadline when the whole has none."""
    if "deadline" in answer.facts or not answer.parts:
        return answer.facts
    return next((part.facts for part in answer.parts if "deadline" in part.facts), answer.facts)


def _verdict(facts: Mapping[str, Any]) -> str | None:
    raw = facts.get("verdict")  # set by the eligibility answer (knowledge.answer_facts)
    return VERDICT_NAMES.get(str(raw)) if raw else None


def _end(facts: Mapping[str, Any]) -> str | None:
    deadline = facts.get("deadline") or {}
    return deadline.get("end") if isinstance(deadline, dict) else None


def _end_right(gold: str, end: str | None) -> bool:
    if not end:
        return False
    return end[:16] == gold if "T" in gold else end[:10] == gold


def _rank(kb: KnowledgeBase, q: Question, method: str, gold: set[str]) -> int | None:
    from knowledge.search import SearchFilters

    filters = SearchFilters(doc_id=q.context_doc) if q.context_doc else None
    hits = kb.search(q.question, k=DEPTH, method=method, filters=filters, today=q.today)
    return next((i for i, hit in enumerate(hits, 1) if hit.chunk.chunk_id in gold), None)


def _gold_chunks(kb: KnowledgeBase, q: Question) -> set[str]:
    """Chunks of the gold document that contain an evidence term (the first of them is the gold passage)."""
    terms = [normalize(t) for t in q.evidence_terms()]
    return (
        {c.chunk_id for c in kb.chunks(q.doc) if any(t in normalize(c.text) for t in terms)}
        if q.doc and terms
        else set()
    )


# ------------------------------------------------------------------ aggregation
@dataclass(frozen=True)
class Rate:
    hits: float
    n: int

    @property
    def value(self) -> float | None:
        return self.hits / self.n if self.n else None

    def cell(self, as_count: bool = False) -> str:
        if not self.n:
            return "—"
        if as_count:
            return f"{int(self.hits)} of {self.n}"
        return f"{self.hits / self.n:.3f} ({self.n})"

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "hits": self.hits, "n": self.n}


def _rate(flags: Iterable[bool | None]) -> Rate:
    kept = [f for f in flags if f is not None]
    return Rate(sum(kept), len(kept))


@dataclass
class HalfScores:
    """Every measure of one half; retrieval keys are ``"<method> R@1"`` etc."""

    questions: int
    retrieval: dict[str, Rate]
    answers: dict[str, Rate]
    patterns: dict[str, dict[str, Rate]]


def _score(results: list[Result], methods: Sequence[str]) -> HalfScores:
    retrievable = [r for r in results if r.answerable and r.gold_in_kb]
    retrieval: dict[str, Rate] = {}
    for method in methods:
        ranks = [r.ranks.get(method) for r in retrievable]
        retrieval[f"{method} R@1"] = _rate(rank == 1 for rank in ranks)
        retrieval[f"{method} R@5"] = _rate(rank is not None and rank <= 5 for rank in ranks)
        retrieval[f"{method} MRR"] = Rate(sum(1 / rank for rank in ranks if rank), len(ranks))
    answerable = [r for r in results if r.answerable]
    answers = {
        "answer type accuracy": _rate(r.answer_type == r.kind for r in answerable),
        "deadline end date right": _rate(r.end == "right" for r in answerable if r.end is not None),
        "false refusals (answerable)": _rate(r.refused for r in answerable),
        "unanswerable declined": _rate(r.declined for r in results if not r.answerable),
        "eligibility verdict accuracy": _rate(r.verdict == "right" for r in results if r.verdict is not None),
        "key-fact rate": _rate(r.key_found for r in answerable),
    }
    patterns: dict[str, dict[str, Rate]] = {}
    for tag in sorted(PATTERNS):
        tagged = [r for r in results if tag in r.pattern]
        if tagged:
            patterns[tag] = {
                "key-fact rate": _rate(r.key_found for r in tagged if r.answerable),
                "declined": _rate(r.declined for r in tagged if not r.answerable),
            }
    return HalfScores(len(results), retrieval, answers, patterns)


@dataclass
class EvalReport:
    files: list[str]
    halves: dict[str, HalfScores]
    results: list[Result]
    ms_per_answer: float

    def to_dict(self) -> dict[str, Any]:
        def rates(d: dict[str, Rate]) -> dict[str, Any]:
            return {name: rate.to_dict() for name, rate in d.items()}

        return {
            "files": self.files,
            "split": "test half: int(sha1(doc_id).hexdigest(), 16) % 2 == 1",
            "halves": {
                half: {
                    "questions": s.questions,
                    "retrieval": rates(s.retrieval),
                    "answers": rates(s.answers),
                    "patterns": {tag: rates(d) for tag, d in s.patterns.items()},
                }
                for half, s in self.halves.items()
            },
            "ms_per_answer": round(self.ms_per_answer, 1),
            "results": [asdict(r) for r in self.results],
        }

    def value(self, half: str, measure: str) -> float | None:
        """One number, e.g. ``value("test", "fused R@1")`` or ``value("test", "key-fact rate")``."""
        scores = self.halves[half]
        rate = scores.retrieval.get(measure) or scores.answers.get(measure)
        if rate is None:
            raise KeyError(measure)
        return rate.value

    def to_markdown(self) -> str:
        halves = list(self.halves)
        head = "| measure | " + " | ".join(f"{h} half" for h in halves) + " |"
        rule = "|---|" + "---|" * len(halves)
        counts = " / ".join(f"{h} {self.halves[h].questions}" for h in halves)
        lines = [
            f"Question sets: {', '.join(self.files)}; questions: {counts}; {self.ms_per_answer:.0f} ms per answer.",
            "Split by document: test half when int(sha1(doc_id).hexdigest(), 16) % 2 == 1. Cells: value (questions).",
            "",
            head,
            rule,
        ]
        first = self.halves[halves[0]]
        for name in first.retrieval:
            lines.append(
                f"| {name} | " + " | ".join(self.halves[h].retrieval[name].cell() for h in halves) + " |"
            )
        for name in first.answers:
            lines.append(
                f"| {name} | " + " | ".join(self.halves[h].answers[name].cell() for h in halves) + " |"
            )
        measures = ("key-fact rate", "declined")
        lines += [
            "",
            "| pattern | " + " | ".join(f"{h}: {m}" for h in halves for m in measures) + " |",
            "|---|" + "---|" * (len(halves) * len(measures)),
        ]
        empty = Rate(0, 0)
        for tag in sorted({tag for h in halves for tag in self.halves[h].patterns}):
            cells = [
                self.halves[h].patterns.get(tag, {}).get(m, empty).cell() for h in halves for m in measures
            ]
            lines.append(f"| {tag} | " + " | ".join(cells) + " |")
        return "\n".join(lines)


def default_methods(kb: KnowledgeBase) -> list[str]:
    """Fused, BM25 and the primary dense backend."""
    return ["fused", "bm25", *(f"dense:{b}" for b in kb.backends[:1])]


def run_evaluation(
    kb: KnowledgeBase,
    dataset: Dataset | None = None,
    *,
    half: str = "both",
    methods: Sequence[str] | None = None,
) -> EvalReport:
    """Evaluate ``dataset`` (default: every set of the project) on ``kb``; ``half``: tuning, test or both."""
    if half not in (*HALVES, "both"):
        raise ValueError(f"half must be tuning, test or both, not {half!r}")
    data = dataset or load_dataset()
    wanted = HALVES if half == "both" else (half,)
    questions = [q for q in data.questions if q.half in wanted]
    if not questions:
        raise KnowledgeError("所选的一半里没有问题")
    methods = list(methods or default_methods(kb))
    results: list[Result] = []
    answering = 0.0
    previous: dict[str, AnswerType] = {}  # document -> type of the last answer about it (the previous turn)
    for q in questions:
        result = Result(q.id, q.half, q.kind, q.answerable, list(q.pattern))
        if q.answerable:
            gold = _gold_chunks(kb, q)
            result.gold_in_kb = bool(gold)
            if gold:
                result.ranks = {m: _rank(kb, q, m, gold) for m in methods}
        started = time.perf_counter()
        answer = _ask(kb, q, previous)
        answering += time.perf_counter() - started
        if answer.doc:
            previous[answer.doc] = answer.answer_type
        facts = _facts(answer)
        result.answer = answer.answer
        result.answer_type = answer.answer_type.value
        result.outcome = answer.outcome.value
        if q.answerable:
            result.key_found = key_facts_found(q, answer.answer)
            if q.end and q.kind == AnswerType.DEADLINE.value:
                result.end = "right" if _end_right(q.end, _end(facts)) else f"wrong:{_end(facts)}"
        if q.verdict:
            got = _verdict(facts)
            result.verdict = "right" if got == q.verdict else f"wrong:{got}"
        results.append(result)
    files = []
    for path in data.files:
        try:
            files.append(str(path.relative_to(REPO_ROOT)))
        except ValueError:
            files.append(str(path))
    halves = {h: _score([r for r in results if r.half == h], methods) for h in wanted}
    return EvalReport(files, halves, results, 1000 * answering / len(questions))
