"""Map what a company calls a policy ("徐汇那个大模型奖励", "技改那个", "24年高企第六批") to documents.

Companies name documents by region, issuer, year and an abbreviation, rarely by title. Each document
gets a score from (a) how much of the question's topic its title/region/issuer covers after the
question is rewritten (typos fixed, abbreviations expanded — tables below, kept as data), (b) how
much of the topic its best retrieved passage covers and (c) its rank in hybrid search. Documents of
another region or year than the question names are set aside, not silently offered: answering "2025年
高企" from the 2024 notice would be a confident wrong deadline. Several candidates come back with
their scores so that the caller can ask when two are close.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from knowledge.facts.places import split_region
from knowledge.intent import search_hints
from knowledge.lexical import char_bigrams
from knowledge.lexicon import GENERIC, REGION_ALIASES, REGION_PARENT, SYNONYMS, TYPOS

if TYPE_CHECKING:
    from knowledge.base import KnowledgeBase
    from knowledge.model import DocumentMeta, Hit

_YEAR4 = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR2 = re.compile(r"(?:^|[\s，,。；;、？?！!（(])(\d{2})年")  # "24年高企" at a clause start only


@dataclass(frozen=True)
class DocMatch:
    """A candidate document for a reference, best first; ``reason`` says why in a few words."""

    doc_id: str
    title: str
    score: float
    reason: str = ""
    conflict: str = ""  # "region" / "year": set aside because the question names another one

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "title": self.title, "score": round(self.score, 4), "reason": self.reason}


@dataclass(frozen=True)
class Query:
    """A question after rewriting, with the places and years it names."""

    text: str  # for search: rewritten (typos fixed, expansions appended) plus the asked fact's vocabulary
    topic: frozenset[str]  # character bigrams / ASCII words of the topic
    regions: tuple[tuple[str, ...], ...] = ()  # place chains, e.g. ("上海", "奉贤")
    years: frozenset[int] = field(default_factory=frozenset)


def rewrite_query(text: str) -> str:
    """The question with typos fixed and abbreviations/English expanded (appended, originals kept)."""
    rewritten = text.strip()
    for wrong, right in TYPOS.items():
        rewritten = rewritten.replace(wrong, right)
    lowered = rewritten.lower()
    extra = [
        expansion
        for short, expansion in SYNONYMS.items()
        if _mentions(lowered, short) and expansion not in rewritten
    ]
    extra += [
        name for alias, name in REGION_ALIASES.items() if _mentions(lowered, alias) and name not in rewritten
    ]
    return " ".join([rewritten, *dict.fromkeys(extra)])


def search_query(text: str) -> str:
    """What is sent to search for a question: the rewrite plus the vocabulary of the asked fact."""
    return " ".join(part for part in (rewrite_query(text), search_hints(text)) if part)


def _mentions(lowered: str, key: str) -> bool:
    """``key`` occurs in ``lowered``; an ASCII key only as a whole word ("ai" is not in "email")."""
    if key.isascii():
        return re.search(rf"(?<![a-z]){re.escape(key)}(?![a-z])", lowered) is not None
    return key in lowered


def _chain(name: str) -> tuple[str, ...]:
    chain = [name]
    while (parent := REGION_PARENT.get(chain[0])) is not None:
        chain.insert(0, parent)
    return tuple(chain)


def question_regions(text: str) -> tuple[tuple[str, ...], ...]:
    """Place chains named in ``text``, longest names first so that 漕河泾 is not read as something shorter."""
    found: list[tuple[str, ...]] = []
    rest = text
    for name in sorted(REGION_PARENT, key=len, reverse=True):
        if name in rest:
            found.append(_chain(name))
            rest = rest.replace(name, " ")
    return tuple(found)


def question_years(text: str) -> frozenset[int]:
    years = {int(y) for y in _YEAR4.findall(text)}
    years |= {2000 + int(y) for y in _YEAR2.findall(text) if int(y) <= 40}
    return frozenset(years)


def topic_terms(text: str) -> frozenset[str]:
    """Bigrams (and ASCII words) of ``text`` without the generic question words."""
    for word in GENERIC:
        text = text.replace(word, " ")
    return frozenset(t for t in char_bigrams(text) if len(t) > 1 and not t.isdigit())


def parse_query(text: str) -> Query:
    rewritten = rewrite_query(text)
    search = " ".join(part for part in (rewritten, search_hints(text)) if part)
    return Query(search, topic_terms(rewritten), question_regions(rewritten), question_years(rewritten))


def _doc_chain(meta: DocumentMeta) -> tuple[str, ...]:
    places = split_region(meta.region)
    stems = [s for level in ("province", "city", "district") for s in places[level]]
    if not stems:  # "上海·徐汇区" and other forms split_region reads partly: fall back to the table
        stems = [name for name in REGION_PARENT if name in meta.region]
    chain: list[str] = []
    for stem in stems:
        for link in _chain(stem) if stem in REGION_PARENT else (stem,):
            if link not in chain:
                chain.append(link)
    return tuple(chain)


def region_conflict(query: Query, meta: DocumentMeta) -> bool:
    """True when the question names places and none of them is inside or above the document's region."""
    if not query.regions:
        return False
    doc = _doc_chain(meta)
    if not doc:
        return False

    def nested(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
        return set(a) <= set(b) or set(b) <= set(a)

    return not any(nested(chain, doc) for chain in query.regions)


def doc_years(meta: DocumentMeta) -> frozenset[int]:
    """Years the document is about: those in its title and its issue year."""
    years = {int(y) for y in _YEAR4.findall(meta.title)}
    if meta.issued[:4].isdigit():
        years.add(int(meta.issued[:4]))
    return frozenset(years)


def year_conflict(query: Query, meta: DocumentMeta, text: str | None = None) -> bool:
    """True when the question names years the document is not about (nor mentions, if ``text`` is given)."""
    if not query.years:
        return False
    if query.years & doc_years(meta):
        return False
    return not (text is not None and any(f"{y}年" in text for y in query.years))


def coverage(topic: frozenset[str], text: str) -> float:
    """Share of the topic's terms found in ``text`` (0 when the topic is empty)."""
    if not topic:
        return 0.0
    lowered = text.lower()
    return sum(term in lowered for term in topic) / len(topic)


# Score weights: topic coverage (best of title and best passage), title coverage, search rank.
W_LEXICAL, W_TITLE, W_RANK = 0.5, 0.2, 0.3
SEARCH_DEPTH = 12


# A line that names a document ("2.关于进一步推动徐汇区人工智能产业高质量发展的扶持意见"): the forwarded or
# attached policies a collection or a 转发 notice is known by.
_ALIAS = re.compile(
    r"^(?:附件\s*\d*[:：]?\s*)?(?:\d+[.、．]\s*)?"
    r"(.{6,60}?(?:意见|办法|细则|通知|指南|方案|计划|规定|公示|名单))\s*$"
)


def aliases(text: str) -> list[str]:
    """Names of documents stated on their own line in ``text`` (attachments, forwarded notices)."""
    return [found[1] for line in text.splitlines() if (found := _ALIAS.match(line.strip()))]


def _label(kb: KnowledgeBase, meta: DocumentMeta) -> str:
    """What a document is called: title, region, issuer and the names it carries inside."""
    return " ".join([meta.title, meta.region, meta.issuer, *aliases(kb.text(meta.doc_id))])


def score_documents(
    kb: KnowledgeBase, query: Query, *, strict_year: bool = False, hits: list[Hit] | None = None
) -> list[DocMatch]:
    """Every document that the question touches, scored, best first; conflicting ones flagged."""
    if hits is None:
        hits = kb.search(query.text, k=SEARCH_DEPTH)
    best_rank: dict[str, int] = {}
    passage_cov: dict[str, float] = {}
    for rank, hit in enumerate(hits, 1):
        doc = hit.chunk.doc_id
        best_rank.setdefault(doc, rank)
        passage_cov[doc] = max(passage_cov.get(doc, 0.0), coverage(query.topic, hit.chunk.text))
    matches: list[DocMatch] = []
    for meta in kb.documents():
        title_cov = coverage(query.topic, _label(kb, meta))
        lexical = max(title_cov, passage_cov.get(meta.doc_id, 0.0))
        rank = best_rank.get(meta.doc_id)
        rank_score = 1.0 / rank if rank else 0.0
        score = W_LEXICAL * lexical + W_TITLE * title_cov + W_RANK * rank_score
        if score <= 0:
            continue
        conflict = ""
        if region_conflict(query, meta):
            conflict = "region"
        elif year_conflict(query, meta, None if strict_year else kb.text(meta.doc_id)):
            conflict = "year"
        reason = (
            f"标题覆盖{title_cov:.0%}，正文覆盖{passage_cov.get(meta.doc_id, 0.0):.0%}，检索排名{rank or '-'}"
        )
        matches.append(DocMatch(meta.doc_id, meta.title, score, reason, conflict))
    matches.sort(key=lambda m: (-m.score, m.doc_id))
    return matches


def resolve_documents(kb: KnowledgeBase, text: str, *, limit: int = 3) -> list[DocMatch]:
    """Up to ``limit`` candidate documents for a reference, best first, without region/year conflicts."""
    if limit < 1:
        raise ValueError("limit must be ≥ 1")
    query = parse_query(text)
    return [m for m in score_documents(kb, query) if not m.conflict][:limit]
