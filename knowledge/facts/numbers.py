"""Values of the expressions that :mod:`knowledge.facts.nlp` finds: numerals, money, percentages
(dates: :mod:`knowledge.facts.datetext`).

The entity ruler says *where* an expression is; reading its value needs digit-level work, which a
small regular expression over the entity text states more clearly than token patterns. Chinese numerals go through cn2an (a maintained
converter), after the letter O and ○ written for 〇 are mapped to 〇.
"""

from __future__ import annotations

import re

_FULLWIDTH = str.maketrans("０１２３４５６７８９．：％", "0123456789.:%")
# Documents write 〇 as the letters O/o or as ○; cn2an reads only 〇.
_ZERO_LOOKALIKES = str.maketrans("○OＯo", "〇〇〇〇")


def number(text: str) -> float:
    """Value of Arabic or Chinese numerals, positional or with units: "2025", "二〇二五", "一百二十",
    "3千", "一点五". Read by cn2an; ``ValueError`` when ``text`` is no numeral."""
    import cn2an  # lazy: it builds its tables on first use

    text = text.translate(_FULLWIDTH).translate(_ZERO_LOOKALIKES).strip()
    if not text:
        raise ValueError("empty numeral")
    try:
        return float(cn2an.cn2an(text, "smart"))
    except (ValueError, KeyError, IndexError, TypeError) as error:
        raise ValueError(f"not a numeral: {text!r}") from error


def cn_int(text: str) -> int:
    """Integer value of a numeral ("二〇二五", "二十五", "3千"); ``ValueError`` for fractions or non-numerals."""
    value = number(text)
    if value != int(value):
        raise ValueError(f"not an integer: {text!r}")
    return int(value)


BATCH = re.compile(r"第\s*([0-9一二三四五六七八九十]{1,3})\s*批")  # "第二批", "第 5 批"


def batch_numbers(text: str) -> frozenset[int]:
    """Batch numbers named in ``text`` ("第二批" and "第2批" are both 2); unreadable ones ("第十十批") are skipped."""
    numbers = set()
    for found in BATCH.findall(text):
        try:
            numbers.add(cn_int(found))
        except ValueError:
            continue
    return frozenset(n for n in numbers if n > 0)


NUMERAL = r"[0-9]+(?:\.[0-9]+)?[千百]?|[零〇一二两三四五六七八九十百千点]+"
_MONEY = re.compile(rf"(?P<n>{NUMERAL})\s*(?P<unit>亿元|万元|千元|亿|万|元|块)")
_WAN_PER_UNIT = {"亿元": 1e4, "亿": 1e4, "万元": 1.0, "万": 1.0, "千元": 0.1, "元": 1e-4, "块": 1e-4}


def money_wan(text: str) -> float | None:
    """An amount in 万元: "500万元" → 500.0, "1亿元" → 10000.0, "3千万" → 3000.0, "三千五百万" → 3500.0."""
    found = _MONEY.fullmatch(text.translate(_FULLWIDTH).strip())
    if found is None:
        return None
    try:
        value = number(found["n"])
    except ValueError:
        return None
    return round(value * _WAN_PER_UNIT[found["unit"]], 6)


def percent_value(text: str) -> float | None:
    """A percentage as a number: "10%" → 10.0, "百分之二十" → 20.0."""
    text = text.translate(_FULLWIDTH).strip()
    try:
        return number(text[3:] if text.startswith("百分之") else text.rstrip("%"))
    except ValueError:
        return None
