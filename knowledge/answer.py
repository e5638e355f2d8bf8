"""The grounded answer composer behind ``policybot ask`` and the Rasa actions.

Flow: classify the question (:mod:`knowledge.intent`), pick the document (the follow-up's ``doc_id``,
else :mod:`knowledge.resolve`), then answer from the document's extracted facts. Dates, amounts,
conditions, materials and contacts are only ever taken from a fact with its source span, which is
cited; when the document does not state the asked fact the answer says so (``answer_type`` none)
instead of quoting the nearest passage — a confident wrong deadline is the worst failure. Only
process/other questions (and eligibility questions on a document without parsed conditions) are
answered by quoting a passage, and only when the passage covers the question's topic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from knowledge import clock
from knowledge.answer_facts import FactAnswer, answer_from_facts
from knowledge.intent import classify
from knowledge.model import AnswerType
from knowledge.resolve import DocMatch, Query, coverage, parse_query, score_documents
from knowledge.templates import FIELD_NAMES, render

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.model import DocumentMeta, Hit

# Decision thresholds, set on knowledge/eval/devset.yaml (see knowledge/evaluate.py).
MIN_DOC_SCORE = 0.36  # below: no document of the knowledge base is about the question
PASSAGE_MIN_COVERAGE = 0.30  # below: the best passage does not answer the question
AMBIGUOUS_MARGIN = 0.03  # two candidates this close, of different documents: ask which one
ALTERNATIVE_MARGIN = 0.2  # candidates this close are named after a fact answer, in case another was meant


@dataclass(frozen=True)
class Citation:
    doc: str
    title: str
    section: str
    text: str
    source: str = ""

    def to_dict(self) -> dict[str, str]:
        return {
            "doc": self.doc,
            "title": self.title,
            "section": self.section,
            "text": self.text,
            "source": self.source,
        }


@dataclass
class Answer:
    answer_type: AnswerType
    answer: str
    citations: list[Citation] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    doc: str | None = None
    candidates: list[DocMatch] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``policybot ask --json`` (docs/CONTRACTS.md)."""
        return {
            "answer_type": self.answer_type.value,
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "facts": self.facts,
            "doc": self.doc,
            "candidates": [c.to_dict() for c in self.candidates],
        }


def _refusal(matches: list[DocMatch], query: Query) -> Answer:
    """No document fits: say which region/year is missing when that is why."""
    blocked = [m for m in matches if m.conflict and m.score >= MIN_DOC_SCORE]
    if blocked and blocked[0].conflict == "region" and query.regions:
        text = render("no_document_region", region="、".join(chain[-1] for chain in query.regions))
    elif blocked and blocked[0].conflict == "year":
        titles = "、".join(f"《{m.title}》" for m in blocked[:2])
        text = render("no_document_year", year="、".join(str(y) for y in sorted(query.years)), titles=titles)
    else:
        text = render("no_document")
    return Answer(AnswerType.NONE, text, candidates=[m for m in matches if not m.conflict][:3])


def _ambiguous(matches: list[DocMatch]) -> Answer:
    options = "；".join(render("option", n=n, title=m.title) for n, m in enumerate(matches, 1))
    return Answer(AnswerType.NONE, render("ambiguous", options=options), candidates=matches)


def _citation(meta: DocumentMeta, section: str, text: str) -> Citation:
    return Citation(meta.doc_id, meta.title, section, text, meta.source)


_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章条])[^。]{0,20}\s*$"
)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。；;！!？?\n])", text) if s.strip()]


def _best_passage(kb: KnowledgeBase, query: Query, meta: DocumentMeta) -> tuple[Hit | None, str, float]:
    """The passage of the document that best answers the question, its best sentence(s) and coverage.

    Coverage is the better of the whole topic's and the part the title does not already explain
    ("软件集成电路专项…是无偿资助还是贷款" → 无偿/资助/贷款: the document is chosen, what matters is
    the rest). One sentence or two consecutive ones are scored; the title line itself is never an answer.
    """
    from knowledge.search import SearchFilters

    hits = kb.search(query.text, k=3, filters=SearchFilters(doc_id=meta.doc_id))
    named = f"{meta.title} {meta.region} {meta.issuer}".lower()
    residual = frozenset(t for t in query.topic if t not in named)
    topics = [query.topic, residual] if len(residual) >= 2 else [query.topic]
    best: tuple[Hit | None, str, float] = (hits[0] if hits else None, "", 0.0)
    for hit in hits:
        sentences = [
            s for s in _sentences(hit.chunk.text) if s.strip() not in meta.title and not _HEADING.match(s)
        ]
        for i, sentence in enumerate(sentences):
            pair = sentence + sentences[i + 1] if i + 1 < len(sentences) else sentence
            for candidate in (sentence, pair):
                cov = max(coverage(topic, candidate) for topic in topics)
                if meta.title in candidate:  # an opening sentence that restates the title says little
                    cov *= 0.5
                if cov > best[2] + 1e-9:
                    best = (hit, candidate.strip(), cov)
    return best


def _missing(
    kb: KnowledgeBase, meta: DocumentMeta, kind: AnswerType, query: Query, extra: str = ""
) -> Answer:
    """The document is the right one but does not state the asked fact: say so and cite what was read."""
    if meta.truncated:
        hint = render("missing_hint_truncated", source=meta.source or "原文")
    else:
        hint = render("missing_hint", issuer=f"（{meta.issuer}）" if meta.issuer else "")
    text = render("missing", title=meta.title, field=FIELD_NAMES.get(kind.value, "相关内容"), hint=hint)
    hit, _, _ = _best_passage(kb, query, meta)
    citations = [_citation(meta, hit.chunk.section, hit.chunk.text)] if hit else []
    return Answer(AnswerType.NONE, text + extra, citations, {"missing": kind.value}, meta.doc_id)


def _passage_answer(kb: KnowledgeBase, meta: DocumentMeta, kind: AnswerType, query: Query) -> Answer:
    hit, sentence, cov = _best_passage(kb, query, meta)
    if hit is None or cov < PASSAGE_MIN_COVERAGE:
        hint = render("missing_hint", issuer=f"（{meta.issuer}）" if meta.issuer else "")
        citations = [_citation(meta, hit.chunk.section, hit.chunk.text)] if hit else []
        return Answer(
            AnswerType.NONE, render("no_passage", title=meta.title, hint=hint), citations, {}, meta.doc_id
        )
    section = hit.chunk.section.removeprefix(meta.title).lstrip(" ›")
    text = render("passage", title=meta.title, section=f"（{section}）" if section else "", text=sentence)
    return Answer(
        kind,
        text,
        [_citation(meta, hit.chunk.section, hit.chunk.text)],
        {"coverage": round(cov, 3)},
        meta.doc_id,
    )


def _choose(
    kb: KnowledgeBase, query: Query, kind: AnswerType
) -> tuple[str | None, Answer | None, list[DocMatch]]:
    """The document to answer from, or the refusal/clarification to return instead."""
    matches = score_documents(kb, query, strict_year=kind is AnswerType.DEADLINE)
    usable = [m for m in matches if not m.conflict]
    if not usable or usable[0].score < MIN_DOC_SCORE:
        return None, _refusal(matches, query), usable[:3]
    close = [m for m in usable[1:3] if usable[0].score - m.score <= AMBIGUOUS_MARGIN]
    if close and kind is AnswerType.DEADLINE:
        return None, _ambiguous([usable[0], *close]), usable[:3]
    return usable[0].doc_id, None, usable[:3]


def _alternatives(candidates: list[DocMatch]) -> str:
    """"如果您问的是《…》，请告诉我" for runner-up documents nearly as likely as the one answered from."""
    if len(candidates) < 2:
        return ""
    close = [m for m in candidates[1:] if candidates[0].score - m.score <= ALTERNATIVE_MARGIN]
    return render("alternatives", titles="、".join(f"《{m.title}》" for m in close)) if close else ""


def compose_answer(
    kb: KnowledgeBase, question: str, *, today: date | None = None, doc_id: str | None = None
) -> Answer:
    """A grounded answer to ``question``; ``doc_id`` pins the document (a follow-up turn)."""
    if not question or not question.strip():
        raise ValueError("question must not be empty")
    now: datetime = clock.moment(today)
    kind = classify(question)
    query = parse_query(question)
    candidates: list[DocMatch] = []
    if doc_id is None:
        doc_id, early, candidates = _choose(kb, query, kind)
        if early is not None:
            return early
    meta = kb.document(doc_id)
    if kind is AnswerType.OTHER:
        answer = _passage_answer(kb, meta, kind, query)
    else:
        found: FactAnswer = answer_from_facts(kb.facts(doc_id), kind, question, now)
        if found.text:
            citations = [_citation(meta, span.section, span.text) for span in found.spans]
            answer = Answer(kind, found.text + _alternatives(candidates), citations, found.facts, doc_id)
        elif kind in (AnswerType.ELIGIBILITY, AnswerType.PROCESS):
            answer = _passage_answer(kb, meta, kind, query)
        else:
            answer = _missing(kb, meta, kind, query, found.note)
    answer.candidates = candidates
    return answer


__all__ = ["Answer", "Citation", "compose_answer"]
