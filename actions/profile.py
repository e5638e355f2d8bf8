"""Reading the eligibility form's answers: the knowledge layer's profile reader plus form context.

``knowledge.profile.profile_from_text`` reads what a company states about itself in a question. Inside
the form more is known — every message describes the company, and the field just asked tells what a
bare "80", "3年" or "没有" means — so this module adds only that context on top. Chinese numerals
are first turned into digits by cn2an (a maintained library) so "两年" and "八十人" read like "2年".
"""

from __future__ import annotations

import re
import warnings
from datetime import date
from typing import Any

from knowledge.profile import profile_from_text

# Which fields the form can ask about; a subset of knowledge.facts.model.PROFILE_FIELDS.
FORM_FIELDS = ("registered_district", "years_established", "employees", "revenue", "qualifications")

_NUMBER = r"(\d+(?:\.\d+)?)"
_FOUNDED = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:成立|注册|创办|创立|设立)")
_YEARS = re.compile(r"(?<![\d.])(\d{1,2})\s*多?\s*年(?:了|多)?(?![前内度底初末营收成])")
_EMPLOYEES = re.compile(rf"(?:员工|职工|人数|雇员)[^\d，。,;；]{{0,6}}?{_NUMBER}")
_REVENUE_YUAN = re.compile(rf"(?:营收|营业收入|收入|销售额|营业额)[^\d，。,;；]{{0,6}}?{_NUMBER}(?![\d.]*\s*[%万亿])")
_BARE_NUMBER = re.compile(rf"^\D{{0,4}}{_NUMBER}\s*(亿|万)?\D{{0,4}}$")
_NO_QUALIFICATION = re.compile(r"^(?:都?没有|无|没|都不是|暂无|还没有|啥都没有|没有资质|啥资质也没有|没有任何资质)")
_PLACE = re.compile(r"[\u4e00-\u9fa5]{2,8}")


def normalise(text: str) -> str:
    """Chinese numerals → digits ("两年" → "2年"); cn2an warns about lone units such as "万"."""
    import cn2an

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return cn2an.transform(text.strip(), "cn2an")


def _yuan_to_wan(value: float) -> float:
    """A bare revenue figure: large ones are yuan ("营收20000000"), small ones already 万元."""
    return value / 10000 if value >= 100000 else value


def parse_profile(text: str, *, requested: str | None = None, today: date | None = None) -> dict[str, Any]:
    """Form fields stated in ``text``; ``requested`` (the field just asked) gives bare answers a meaning."""
    text = normalise(text)
    # Inside the form every message is about the company and a place it names is where the company is;
    # profile_from_text wants both said ("我们在…"), as they are not in a bare "徐汇，6年，100人".
    found = {k: v for k, v in profile_from_text(f"我们在{text}").items() if k in FORM_FIELDS}
    if "years_established" not in found:
        if match := _FOUNDED.search(text):
            found["years_established"] = float(max(0, (today or date.today()).year - int(match.group(1))))
        elif match := _YEARS.search(text):
            found["years_established"] = float(match.group(1))
    if "employees" not in found and (match := _EMPLOYEES.search(text)):
        found["employees"] = int(float(match.group(1)))
    if "revenue" not in found and (match := _REVENUE_YUAN.search(text)):
        found["revenue"] = _yuan_to_wan(float(match.group(1)))
    if requested in found or requested is None:
        return found
    if requested == "qualifications" and _NO_QUALIFICATION.match(text):
        found["qualifications"] = []
    elif requested == "registered_district" and _PLACE.fullmatch(text):
        found["registered_district"] = text  # a place the region table does not know, as written
    elif requested in ("employees", "revenue", "years_established") and (match := _BARE_NUMBER.match(text)):
        value = float(match.group(1))
        unit = match.group(2)
        if requested == "revenue":
            found["revenue"] = value * 10000 if unit == "亿" else value if unit == "万" else _yuan_to_wan(value)
        else:
            found[requested] = int(value) if requested == "employees" else value
    return found
