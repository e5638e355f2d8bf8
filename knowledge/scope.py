"""Does the chosen document hold what the question names? Declining beats a neighbour's fact.

A question about a programme the knowledge base lacks still shares words with some document (高新,
徐汇, 中小企业 …) and search always returns something. Region and year are checked on the document's
keys (:mod:`knowledge.resolve`); this module checks the rest of what the question names: the
name-like runs left after the question's own words (generic words, the kinds' vocabulary, places,
years) are removed. Each must appear in the document, at least mostly as one run of characters
(abbreviations are expanded first: 技改 → 技术改造). A name the document does not hold means the
question is about another programme, and the answer declines.
"""

from __future__ import annotations

import re

from knowledge.facts.places import places_in
from knowledge.intent import CUES, SEARCH_HINTS
from knowledge.lexicon import GENERIC, SYNONYMS, TYPOS

MIN_NAME = 4  # characters: shorter leftovers are words of the question, not names
MIN_HELD = 0.6  # share of a name's characters the document must hold as one run (tuning half)

_FUNCTION_CHARS = "的了吗呢啥吧嘛呀么是在有要能会给对把被还都就也又与或那这个些们我你他它该其"
_NOT_NAME = re.compile(r"(?:19|20)?\d+\s*年度?|\d+|[A-Za-z]+|[^\u4e00-\u9fff]+|[" + _FUNCTION_CHARS + "]")
_QUESTION_WORDS = sorted(
    {
        *GENERIC,
        *(w for cues in CUES.values() for w in cues),
        *(w for h in SEARCH_HINTS.values() for w in h.split()),
    },
    key=len,
    reverse=True,
)
_PLACE_SUFFIX = re.compile(r"^[省市区县]")
_LEVEL_SUFFIX = re.compile(r"(?:自治区|自治州|新区|省|市|区|县|州|盟|旗)$")


def _place_words(text: str) -> list[str]:
    """The names (full and without their level suffix) of the places ``text`` names, longest first."""
    words = {w for chain in places_in(text) for name in chain for w in (name, _LEVEL_SUFFIX.sub("", name))}
    return sorted((w for w in words if len(w) >= 2), key=len, reverse=True)


def names(question: str) -> list[str]:
    """The name-like runs of a question: what is left after its question words, places and years."""
    text = question
    for wrong, right in TYPOS.items():
        text = text.replace(wrong, right)
    for short, expansion in sorted(SYNONYMS.items(), key=lambda kv: -len(kv[0])):
        if not short.isascii() and short in text and expansion not in text:
            text = text.replace(short, expansion)
    for place in _place_words(text):
        text = text.replace(place, " ")
    for word in _QUESTION_WORDS:
        text = text.replace(word, " ")
    runs = _NOT_NAME.sub(" ", text).split()
    return [_PLACE_SUFFIX.sub("", run) for run in runs if len(_PLACE_SUFFIX.sub("", run)) >= MIN_NAME]


def held(name: str, haystack: str) -> float:
    """Share of ``name`` that ``haystack`` holds as one run (longest common substring / length)."""
    for length in range(len(name), 1, -1):
        if any(name[i : i + length] in haystack for i in range(len(name) - length + 1)):
            return length / len(name)
    return 0.0


def unheld_names(question: str, haystack: str) -> list[str]:
    """The names in ``question`` that the document (its name and text, ``haystack``) does not hold."""
    return [name for name in names(question) if held(name, haystack) < MIN_HELD]
