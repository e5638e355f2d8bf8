"""Values of the expressions that :mod:`knowledge.facts.nlp` finds: numerals, dates, money.

The entity ruler says *where* an expression is; reading its value needs digit-level work
(Chinese numerals, optional year, "24时"), which a small regular expression over the entity
text states more clearly than token patterns. Chinese numerals are converted by hand: dates only
use the tiny subset 〇-九/十, and no maintained package for it ships in this environment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CN_DIGITS = {
    "〇": 0,
    "○": 0,
    "零": 0,
    "O": 0,
    "Ｏ": 0,
    "o": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_FULLWIDTH = str.maketrans("０１２３４５６７８９．：％", "0123456789.:%")


def cn_int(text: str) -> int:
    """Integer value of Arabic or Chinese numerals: "2025", "二〇二五", "二O一一", "十", "二十五"."""
    text = text.translate(_FULLWIDTH).strip()
    if text.isdigit():
        return int(text)
    if "十" not in text:  # positional: 二〇二五
        if not text or any(ch not in _CN_DIGITS for ch in text):
            raise ValueError(f"not a numeral: {text!r}")
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    tens, _, ones = text.partition("十")
    if any(ch not in _CN_DIGITS for ch in tens + ones):
        raise ValueError(f"not a numeral: {text!r}")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)


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


_MONEY = re.compile(r"(?P<n>[0-9.]+)\s*(?P<unit>亿元|万元|万|元)")


def money_wan(text: str) -> float | None:
    """A MONEY entity in 万元: "500万元" → 500.0, "1亿元" → 10000.0, "2000元" → 0.2."""
    found = _MONEY.fullmatch(text.translate(_FULLWIDTH).strip())
    if found is None:
        return None
    try:
        value = float(found["n"])
    except ValueError:
        return None
    factor = {"亿元": 10000.0, "万元": 1.0, "万": 1.0, "元": 0.0001}[found["unit"]]
    return round(value * factor, 6)


def percent_value(text: str) -> float | None:
    """A PERCENT entity as a number: "10%" → 10.0, "百分之二十" → 20.0."""
    text = text.translate(_FULLWIDTH).strip()
    try:
        if text.startswith("百分之"):
            return float(cn_int(text[3:]))
        return float(text.rstrip("%"))
    except ValueError:
        return None
