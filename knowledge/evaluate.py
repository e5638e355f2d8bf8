"""Reproducible evaluation on the development set (``knowledge/eval/devset.yaml``), behind ``policybot eval``.

One run reports, side by side: Recall@1, Recall@5 and MRR of every retrieval method (BM25, each dense
backend built in the KB, their fusion) — the gold chunk being the first one of the gold document that
contains the gold passage — and, through the answer composer, deadline exact match, the refusal rate
on unanswerable questions, answer-type accuracy and how often an answer cites the gold passage.
"today" comes from the dataset header, so every run gives the same numbers.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from knowledge.errors import KnowledgeError
from knowledge.model import AnswerType
from knowledge.resolve import search_query

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase

DEFAULT_DATASET = Path(__file__).resolve().parent / "eval" / "devset.yaml"
_ISO_MINUTE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DEPTH = 10  # ranks looked at for MRR


@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    answer_type: str
    gold_doc: str | None
    gold_passage: str | None
    gold_answer: str | None
    answerable: bool
    context_doc: str | None = None


@dataclass(frozen=True)
class Dataset:
    path: Path
    today: date
    items: list[EvalItem]


def load_dataset(path: str | Path | None = None) -> Dataset:
    """The evaluation set; raises ``KnowledgeError`` for a missing file or a malformed item."""
    import yaml

    source = Path(path) if path is not None else DEFAULT_DATASET
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        items = [
            EvalItem(**{key: raw.get(key) for key in EvalItem.__dataclass_fields__})
            for raw in data["questions"]
        ]
        day = date.fromisoformat(str(data["today"]))
    except (OSError, KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
        raise KnowledgeError(f"评测集 {source} 无法读取：{exc}") from exc
    return Dataset(source, day, items)


@dataclass(frozen=True)
class RetrievalScore:
    method: str
    n: int
    recall_at_1: float
    recall_at_5: float
    mrr: float
    ms_per_query: float


@dataclass
class EvalReport:
    dataset: str
    today: str
    questions: int
    retrieval: list[RetrievalScore]
    deadline_exact: float
    deadline_n: int
    refusal_rate: float
    refusal_n: int
    answer_type_accuracy: float
    answer_type_n: int
    cites_gold: float
    false_refusals: int
    ms_per_answer: float
    failures: dict[str, list[str]] = field(default_factory=dict)

    def score(self, method: str) -> RetrievalScore:
        return next(s for s in self.retrieval if s.method == method)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_markdown(self) -> str:
        lines = [
            f"Development set `{self.dataset}`: {self.questions} questions, today = {self.today}.",
            "",
            "| retrieval method | Recall@1 | Recall@5 | MRR | ms/query |",
            "|---|---|---|---|---|",
        ]
        lines += [
            f"| {s.method} | {s.recall_at_1:.3f} | {s.recall_at_5:.3f} | {s.mrr:.3f} | {s.ms_per_query:.0f} |"
            for s in self.retrieval
        ]
        lines += [
            "",
            "| answers | value | questions |",
            "|---|---|---|",
            f"| deadline exact match | {self.deadline_exact:.3f} | {self.deadline_n} |",
            f"| correct refusals (unanswerable) | {self.refusal_rate:.3f} | {self.refusal_n} |",
            f"| answer type accuracy (answerable) | {self.answer_type_accuracy:.3f} | {self.answer_type_n} |",
            f"| answer cites the gold passage | {self.cites_gold:.3f} | {self.answer_type_n} |",
            f"| false refusals (answerable) | {self.false_refusals} | {self.answer_type_n} |",
            f"| ms per answer | {self.ms_per_answer:.0f} | {self.questions} |",
        ]
        return "\n".join(lines)


def default_methods(kb: KnowledgeBase) -> list[str]:
    """BM25, each dense backend built in the KB, the default fusion, and the fusion of all of them."""
    backends = kb.backends
    methods = ["bm25", *(f"dense:{b}" for b in backends), "fused"]
    if len(backends) > 1:
        methods.append("fused:" + "+".join(["bm25", *backends]))
    return methods


def _retrieval(
    kb: KnowledgeBase, items: list[EvalItem], method: str, rewrite: bool
) -> tuple[RetrievalScore, list[str]]:
    from knowledge.search import SearchFilters

    hits1 = hits5 = 0
    reciprocal = 0.0
    misses: list[str] = []
    started = time.perf_counter()
    for item in items:
        query = search_query(item.question) if rewrite else item.question
        filters = SearchFilters(doc_id=item.context_doc) if item.context_doc else None
        hits = kb.search(query, k=DEPTH, method=method, filters=filters)
        rank = next(
            (
                i
                for i, h in enumerate(hits, 1)
                if h.chunk.doc_id == item.gold_doc and item.gold_passage in h.chunk.text
            ),
            None,
        )
        if rank is not None:
            hits1 += rank == 1
            hits5 += rank <= 5
            reciprocal += 1 / rank
        if rank is None or rank > 5:
            misses.append(item.id)
    n = len(items)
    elapsed = 1000 * (time.perf_counter() - started) / max(n, 1)
    return RetrievalScore(method, n, hits1 / n, hits5 / n, reciprocal / n, elapsed), misses


def _deadline_matches(gold: str, end: str | None) -> bool:
    if not end:
        return False
    if _ISO_MINUTE.match(gold):
        return end[:16] == gold
    return end[:10] == gold[:10]


def run_evaluation(
    kb: KnowledgeBase,
    *,
    dataset: str | Path | None = None,
    today: date | None = None,
    methods: list[str] | None = None,
    rewrite: bool = True,
) -> EvalReport:
    """Evaluate retrieval (each of ``methods``) and answers on ``dataset`` at ``today`` (default: its header).

    ``rewrite`` sends the questions through the same rewriting as ``ask`` does (typos, abbreviations,
    the asked fact's vocabulary: :func:`knowledge.resolve.search_query`); False measures raw questions.
    """
    from knowledge.answer import compose_answer

    data = load_dataset(dataset)
    day = today or data.today
    retrievable = [i for i in data.items if i.answerable and i.gold_doc and i.gold_passage]
    if not retrievable:
        raise KnowledgeError("评测集中没有带标准段落的问题")
    scores, failures = [], {}
    for method in methods or default_methods(kb):
        score, misses = _retrieval(kb, retrievable, method, rewrite)
        scores.append(score)
        failures[f"retrieval:{method}"] = misses
    deadline_ok = deadline_n = refused = unanswerable = typed = answerable = cited = false_refusals = 0
    for key in ("deadline", "refusal", "answer_type"):
        failures[key] = []
    started = time.perf_counter()
    for item in data.items:
        answer = compose_answer(kb, item.question, today=day, doc_id=item.context_doc)
        kind = answer.answer_type
        if not item.answerable:
            unanswerable += 1
            refused += kind is AnswerType.NONE
            if kind is not AnswerType.NONE:
                failures["refusal"].append(item.id)
            continue
        answerable += 1
        typed += kind.value == item.answer_type
        false_refusals += kind is AnswerType.NONE
        cited += bool(item.gold_passage) and any(item.gold_passage in c.text for c in answer.citations)
        if kind.value != item.answer_type:
            failures["answer_type"].append(f"{item.id}:{kind.value}")
        if (
            item.answer_type == AnswerType.DEADLINE.value
            and item.gold_answer
            and (_ISO_MINUTE.match(item.gold_answer) or _ISO_DAY.match(item.gold_answer))
        ):
            deadline_n += 1
            end = (answer.facts.get("deadline") or {}).get("end") if kind is AnswerType.DEADLINE else None
            if _deadline_matches(item.gold_answer, end):
                deadline_ok += 1
            else:
                failures["deadline"].append(f"{item.id}:{end}")
    ms_per_answer = 1000 * (time.perf_counter() - started) / len(data.items)
    try:
        shown = str(data.path.relative_to(Path.cwd()))
    except ValueError:
        shown = str(data.path)
    return EvalReport(
        dataset=shown,
        today=day.isoformat(),
        questions=len(data.items),
        retrieval=scores,
        deadline_exact=deadline_ok / max(deadline_n, 1),
        deadline_n=deadline_n,
        refusal_rate=refused / max(unanswerable, 1),
        refusal_n=unanswerable,
        answer_type_accuracy=typed / max(answerable, 1),
        answer_type_n=answerable,
        cites_gold=cited / max(answerable, 1),
        false_refusals=false_refusals,
        ms_per_answer=ms_per_answer,
        failures=failures,
    )
