"""The spaCy pipeline behind fact extraction: dates, times, money and percentages as entities.

A blank Chinese pipeline with spaCy's default *character* segmenter, not jieba: jieba glues
digits and units to neighbouring characters ("20日至", "日前", "万元以"), which splits date and
amount patterns at unpredictable places, while one token per character keeps every boundary.
An ``entity_ruler`` with token patterns finds the expressions (labels ``DATE``, ``MONEY``,
``PERCENT``); a ``sentencizer`` gives the sentences that bound each fact's context. Entity
*values* are read by :mod:`knowledge.facts.numbers` from the entity text.

Built on first use and cached: loading happens once per process, never at import time.
"""

from __future__ import annotations

import itertools
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.language import Language
    from spacy.tokens import Doc


# One token per character, so a "digit" is one token.
_DIGIT: dict[str, Any] = {"TEXT": {"REGEX": r"^[0-9０-９]$"}}
# Chinese numerals as written in dates, including the letter O / ○ that documents use for 〇.
CN_NUMERAL_CHARS = "〇○零OＯo一二三四五六七八九十两"
_CN: dict[str, Any] = {"TEXT": {"IN": list(CN_NUMERAL_CHARS)}}


def _n(token: dict[str, Any], op: str) -> dict[str, Any]:
    return {**token, "OP": op}


def _lit(chars: str) -> list[dict[str, Any]]:
    return [{"TEXT": c} for c in chars]


def _one_of(*chars: str) -> dict[str, Any]:
    return {"TEXT": {"IN": list(chars)}}


_YEAR = [[_n(_DIGIT, "{4}"), {"TEXT": "年"}], [_n(_CN, "{4}"), {"TEXT": "年"}]]
_MONTH = [[_n(_DIGIT, "{1,2}"), {"TEXT": "月"}], [_n(_CN, "{1,2}"), {"TEXT": "月"}]]
_DAY = [[_n(_DIGIT, "{1,2}"), _one_of("日", "号")], [_n(_CN, "{1,3}"), _one_of("日", "号")]]
_WEEKDAY = [
    [_one_of("(", "（"), *_lit("星期"), _one_of(*"一二三四五六日天"), _one_of(")", "）")],
    [_one_of("(", "（"), {"TEXT": "周"}, _one_of(*"一二三四五六日天"), _one_of(")", "）")],
]
_DAYPART = _n(_one_of("上", "下", "中", "晚"), "?")
_TIME = [
    [_DAYPART, _n(_one_of("午", "上"), "?"), _n(_DIGIT, "{1,2}"), _one_of(":", "："), _n(_DIGIT, "{2}")],
    [
        _DAYPART,
        _n(_one_of("午", "上"), "?"),
        _n(_DIGIT, "{1,2}"),
        _one_of("时", "点"),
        _n(_DIGIT, "{0,2}"),
        _n({"TEXT": "分"}, "?"),
    ],
]
_NUMBER = [_n(_DIGIT, "+"), _n(_one_of(".", "．"), "?"), _n(_DIGIT, "*")]


_DATE_SEP = _one_of(".", "/", "-", "．", "／", "－")
# "2025.1.8", "2025/01/08", "2025-01-08" (knowledge.facts.datetext checks the separators agree).
_NUMERIC_DATE = [_n(_DIGIT, "{4}"), _DATE_SEP, _n(_DIGIT, "{1,2}"), _DATE_SEP, _n(_DIGIT, "{1,2}")]
# "10月底", "十月末", "10月下旬"; "2025年底".
_MONTH_PARTS = [[_one_of("底", "末")], [_one_of("上", "中", "下"), {"TEXT": "旬"}]]


def _date_patterns() -> list[dict[str, Any]]:
    """Year-month, year-month-day, month-day and numeric dates, optionally with weekday and clock time;
    parts of a month ("10月底") and a year's end ("2025年底")."""
    patterns = []
    heads = [y + m for y, m in itertools.product(_YEAR, _MONTH)]  # "二〇二五年十月"
    patterns += [{"label": "DATE", "pattern": h} for h in heads]
    for head in [*heads, *_MONTH]:
        patterns += [{"label": "DATE", "pattern": head + part} for part in _MONTH_PARTS]
    patterns += [{"label": "DATE", "pattern": y + [_one_of("底", "末")]} for y in _YEAR]
    stems = [y + m + d for y, m, d in itertools.product(_YEAR, _MONTH, _DAY)]
    stems += [m + d for m, d in itertools.product(_MONTH, _DAY)]
    stems.append(_NUMERIC_DATE)
    for stem in stems:
        for week in [[], *_WEEKDAY]:
            for clock in [[], *_TIME]:
                patterns.append({"label": "DATE", "pattern": stem + week + clock})
    return patterns


def _quantity_patterns() -> list[dict[str, Any]]:
    money = [[*_NUMBER, *unit] for unit in (_lit("万元"), _lit("亿元"), _lit("元"), _lit("万"))]
    percent = [[*_NUMBER, _one_of("%", "％")], [*_lit("百分之"), _n(_CN, "+")]]
    return [{"label": "MONEY", "pattern": p} for p in money] + [
        {"label": "PERCENT", "pattern": p} for p in percent
    ]


SENTENCE_PUNCT = ["。", "；", ";", "！", "？", "!", "?"]


@lru_cache(maxsize=1)
def pipeline() -> Language:
    """The cached character-level pipeline (sentencizer + entity ruler)."""
    import spacy  # imported here: spaCy's import alone costs about a second

    nlp = spacy.blank("zh")  # default segmenter is "char"
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_PUNCT})
    ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
    ruler.add_patterns(_date_patterns() + _quantity_patterns())
    return nlp


def parse(text: str) -> Doc:
    """Run the pipeline; entity offsets (``ent.start_char``) index into ``text``."""
    return pipeline()(text)
