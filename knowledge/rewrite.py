"""Questions rewritten for retrieval: typos fixed, abbreviations expanded, the asked fact's vocabulary added.

Both the searcher (every query, lexical side) and document resolution use it, so ``kb.search(question)``
ranks the passages the bot answers from. Rewriting is idempotent: a query rewritten once (as
:func:`knowledge.resolve.parse_query` does) is left as it is when the searcher rewrites it again.
The tables are data in :mod:`knowledge.lexicon` and :mod:`knowledge.intent`.
"""

from __future__ import annotations

import re

from knowledge.intent import SEARCH_HINTS, search_hints
from knowledge.lexicon import SYNONYMS, TYPOS
from knowledge.model import AnswerType


def _mentions(lowered: str, key: str) -> bool:
    """``key`` occurs in ``lowered``; an ASCII key only as a whole word ("ai" is not in "email")."""
    if key.isascii():
        return re.search(rf"(?<![a-z]){re.escape(key)}(?![a-z])", lowered) is not None
    return key in lowered


def rewrite_query(text: str) -> str:
    """The question with typos fixed and abbreviations/English expanded (appended, originals kept).

    Expansions are applied until none adds anything, so chains ("chip" → 芯片 → 集成电路) resolve
    at once and rewriting the result again changes nothing.
    """
    rewritten = text.strip()
    for wrong, right in TYPOS.items():
        rewritten = rewritten.replace(wrong, right)
    extra: list[str] = []
    while True:
        lowered = " ".join([rewritten, *extra]).lower()
        new = [
            expansion
            for short, expansion in SYNONYMS.items()
            if _mentions(lowered, short) and expansion.lower() not in lowered and expansion not in extra
        ]
        if not new:
            return " ".join([rewritten, *dict.fromkeys(extra)])
        extra += new


def search_query(text: str, kind: AnswerType | None = None) -> str:
    """The rewrite plus the vocabulary of the asked fact (``kind``, else classified), unless already there."""
    rewritten = rewrite_query(text)
    hints = search_hints(text, kind)
    return f"{rewritten} {hints}" if hints and hints not in rewritten else rewritten


def without_hints(query: str) -> str:
    """``query`` without the fact vocabulary :func:`search_query` appended: what an embedding should see.

    The vocabulary helps BM25 (the words notices use) but not the embedding (dense recall on the tuning
    half was no better with it), and it made each query embedding about a third slower.
    """
    for hints in SEARCH_HINTS.values():
        if query.endswith(f" {hints}"):
            return query[: -len(hints) - 1]
    return query


__all__ = ["rewrite_query", "search_query", "without_hints"]
