"""The value of one DATE entity found by :mod:`knowledge.facts.nlp`: year, month, day and clock time.

The entity ruler says *where* a date is; reading it needs digit-level work (Chinese numerals, an optional
year, "24时", "10月底", "2025.1.8"), which one regular expression over the short entity text states more
clearly than token patterns. Numerals go through :func:`knowledge.facts.numbers.cn_int` (cn2an).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.facts.numbers import cn_int

_FULLWIDTH = str.maketrans("０１２３４５６７８９．：／－", "0123456789.:/-")


@dataclass(frozen=True)
class DateParts:
    """A date expression as written: any part but the month may be missing."""

    year: int | None
    month: int
    day: int | None
    hour: int | None = None
    minute: int | None = None
    end_of_day: bool = False  # "24时": the whole day counts
    # "10月底" / "10月下旬": the day was derived from a part of the month, the end is that month's end.
    month_part: str = ""


_NUM = r"[0-9〇○零OＯo一二三四五六七八九十两]"
_CLOCK = (
    r"\s*(?:(?P<part>上午|下午|中午|晚上)?\s*(?P<h>\d{1,2})\s*"
    r"(?:[:：]\s*(?P<min>\d{2})|[时点]\s*(?:(?P<min2>\d{1,2})分)?))?"
)
_WEEKDAY = r"\s*(?:[(（](?:星期|周).[)）])?"
_WRITTEN = re.compile(
    rf"(?:(?P<y>{_NUM}{{4}})\s*年)?\s*(?P<m>{_NUM}{{1,2}})\s*月\s*"
    rf"(?:(?P<d>{_NUM}{{1,3}})\s*[日号]|(?P<mpart>底|末|上旬|中旬|下旬))?" + _WEEKDAY + _CLOCK
)
# "2025.1.8", "2025/01/08", "2025-01-08": the same separator twice, four-digit year first.
_NUMERIC = re.compile(r"(?P<y>\d{4})(?P<sep>[./-])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})" + _WEEKDAY + _CLOCK)
_YEAR_END = re.compile(rf"(?P<y>{_NUM}{{4}})\s*年\s*(?:底|末)")
# Day of the month that a part of it ends on; None = the month's last day.
_MONTH_PART_END = {"上旬": 10, "中旬": 20, "下旬": None, "底": None, "末": None}


def date_parts(text: str) -> DateParts | None:
    """Parse one DATE entity; ``None`` when the numbers do not form a real calendar date/time."""
    text = text.translate(_FULLWIDTH).strip()
    found = _WRITTEN.fullmatch(text) or _NUMERIC.fullmatch(text)
    if found is None:
        year_end = _YEAR_END.fullmatch(text)
        if year_end is None:
            return None
        found_year = _int(year_end["y"])
        return DateParts(found_year, 12, None, month_part="底") if found_year and found_year >= 1949 else None
    groups = found.groupdict()
    year = _int(groups["y"]) if groups["y"] else None
    month = _int(groups["m"])
    day = _int(groups["d"]) if groups.get("d") else None
    if month is None or (groups.get("d") and day is None) or (groups["y"] and year is None):
        return None
    if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31) or (year is not None and year < 1949):
        return None
    month_part = groups.get("mpart") or ""
    if month_part:
        day = _MONTH_PART_END[month_part]  # None: the window code ends it on the month's last day
    hour = int(groups["h"]) if groups["h"] else None
    minute = int(groups["min"] or groups["min2"] or 0) if hour is not None else None
    if hour is not None and groups["part"] in ("下午", "晚上") and hour < 12:
        hour += 12
    if hour is not None and (hour > 24 or (minute or 0) > 59):
        return None
    if hour == 24:
        return DateParts(year, month, day, 23, 59, end_of_day=True, month_part=month_part)
    return DateParts(year, month, day, hour, minute, month_part=month_part)


def _int(text: str) -> int | None:
    try:
        return cn_int(text)
    except ValueError:
        return None
