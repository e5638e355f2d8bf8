"""Values of the expressions that :mod:`knowledge.facts.nlp` finds: numerals, dates, money.

The entity ruler says *where* an expression is; reading its value needs digit-level work
(Chinese numerals, optional year, "24时"), which a small regular expression over the entity
text states more clearly than token patterns. Chinese numerals go through cn2an (a maintained
converter), after the letter O and ○ written for 〇 are mapped to 〇.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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


@dataclass(frozen=True)
class DateParts:
    """A date expression as written: any part may be missing."""

    year: int | None
    month: int
    day: int | None
    hour: int | None = None
    minute: int | None = None
    end_of_day: bool = False  # "24时": the whole day counts


_NUM = r"[0-9〇○零OＯo一二三四五六七八九十两]"
_DATE = re.compile(
    rf"(?:(?P<y>{_NUM}{{4}})年)?\s*(?P<m>{_NUM}{{1,2}})月\s*(?:(?P<d>{_NUM}{{1,3}})[日号])?"
    r"\s*(?:[(（](?:星期|周).[)）])?\s*"
    r"(?:(?P<part>上午|下午|中午|晚上)?\s*(?P<h>\d{1,2})\s*(?:[:：]\s*(?P<min>\d{2})|[时点]\s*(?:(?P<min2>\d{1,2})分)?))?"
)


def date_parts(text: str) -> DateParts | None:
    """Parse one DATE entity; ``None`` when the numbers do not form a real calendar date/time."""
    found = _DATE.fullmatch(text.translate(_FULLWIDTH).strip())
    if found is None:
        return None
    try:
        year = cn_int(found["y"]) if found["y"] else None
        month = cn_int(found["m"])
        day = cn_int(found["d"]) if found["d"] else None
    except ValueError:
        return None
    hour = int(found["h"]) if found["h"] else None
    minute = int(found["min"] or found["min2"] or 0) if hour is not None else None
    if hour is not None and found["part"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31) or (year is not None and year < 1949):
        return None
    if hour is not None and (hour > 24 or (minute or 0) > 59):
        return None
    if hour == 24:
        return DateParts(year, month, day, 23, 59, end_of_day=True)
    return DateParts(year, month, day, hour, minute)


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
