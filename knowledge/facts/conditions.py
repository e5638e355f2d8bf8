"""Eligibility clauses (申报条件 / 支持对象 / 适用对象 …), each with a predicate where the wording is common.

Regions are found from their headings in the text itself ("二、申报条件", "第一条(适用对象)",
"支持对象:") rather than only from the section tree, because several sample pages have lost their
line breaks and then a heading sits in the middle of a line. A predicate is attached only when the
clause says exactly one checkable thing; alternatives (", 或…") and extra qualifiers (年度、首次)
leave the clause as raw text, so the eligibility check asks a person instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from knowledge.facts.model import Condition, Predicate
from knowledge.facts.numbers import cn_int, money_wan, percent_value
from knowledge.facts.places import place_names, split_region
from knowledge.facts.spans import make_span, squash
from knowledge.model import DocumentMeta, Section

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Doc

_CUES = r"申报条件|申请条件|支持对象|适用对象|申报主体|基本条件|申请对象|申报对象|申请资格|申报资格|资格条件|申报范围"
_MARKER = r"第[一二三四五六七八九十]+条|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]"
_HEADING = re.compile(
    rf"(?P<marker>{_MARKER})\s*[(（]?[^\n，,。；;]{{0,6}}?(?:{_CUES})[^\n，,。；;]{{0,14}}?[)）]?[:：]?"
)
_ARTICLE = re.compile(r"第[一二三四五六七八九十]+条")
_CN_ITEM = re.compile(r"(?<![(（])[一二三四五六七八九十]+、")
_CN_PAREN = re.compile(r"[(（][一二三四五六七八九十]+[)）]")
_INLINE = re.compile(r"(?:支持对象|适用对象|申报主体|申报对象)\s*[:：]")
_ITEM_SPLIT = re.compile(
    r"[；;。]|(?<![\d.])\d{1,2}[、.．](?!\d)|[(（]\d{1,2}[)）]|[(（][一二三四五六七八九十]+[)）]"
)
_SENTENCE_END = re.compile(r"[。\n]")
_PART_SPLIT = re.compile(r"[，,]")
_MAX_REGION = 1500

_NUM = r"(\d+|[一二三四五六七八九十两]+)"
_ALTERNATIVE = re.compile(r"[，,]\s*或|以及其他|或经")
_PLACE = r"本区|本市|本县|本省|[\u4e00-\u9fff]{2,6}?(?:新区|区|市|县|省)"
_REGISTERED = (
    re.compile(
        r"(?:在|于)(?P<place>[\u4e00-\u9fff]{2,4}?)(?:行政区域|区域|范围)内[^，,；;。]{0,6}?(?:注册|登记|设立)"
    ),
    re.compile(
        rf"(?:在|于)(?P<place>{_PLACE})(?:行政区域|区域|范围)?内?[^，,；;。]{{0,6}}?(?:注册|登记|设立)"
    ),
    re.compile(rf"(?:注册|登记){{1,2}}在(?P<place>{_PLACE})"),
)
_YEARS = re.compile(
    rf"(?:成立|注册|经营|设立)[^，,；;。]{{0,4}}?(?P<op>满|已满|超过|不超过|不满|不足)?\s*{_NUM}\s*个?(?:周)?年"
    r"(?:\s*[(（]含[)）])?\s*(?P<tail>以上|及以上|以内|以下)?"
)
_THRESHOLDS = (
    ("revenue", re.compile(r"(?:主营业务收入|营业收入|销售收入|年收入|营收)")),
    ("tax", re.compile(r"(?:纳税|税收|缴税)")),
    ("financing", re.compile(r"融资")),
)
_EMPLOYEES = re.compile(
    r"(?:职工|员工|从业人员)(?:总数|人数)?[^，,；;。\d%]{0,6}(\d+)\s*[人名]\s*(以上|及以上|以下|以内)?"
)
_RD = re.compile(r"(?:研究开发费用|研发费用|研发投入|研发经费)")
_QUALIFICATIONS = ("高新技术企业", "专精特新", "小巨人", "科技型中小企业")
_QUAL_EXTRA = re.compile(r"\d{4}|首次|省级|市级|国家级|区级|非|或")
_LEGAL = re.compile(r"独立法人|独立的法人|独立承担民事责任")
_CREDIT = re.compile(
    r"信用记录良好|信用状况良好|信用良好|良好的社会信用|无重大失信|无失信|未列入[^，,；;。]{0,12}失信|"
    r"未进入[^，,；;。]{0,10}黑名单|未被列入[^，,；;。]{0,12}(?:失信|黑名单)"
)
# Comparison words, longest first: "不低于" must not be read as "低于", nor "不超过" as "超过".
_COMPARISONS = (
    (re.compile(r"不低于|不少于|不小于"), ">="),
    (re.compile(r"不超过|不高于|不多于"), "<="),
    (re.compile(r"以上|达到"), ">="),
    (re.compile(r"以下|以内"), "<="),
    (re.compile(r"超过|高于|大于"), ">"),
    (re.compile(r"低于|少于|不足|小于"), "<"),
)
_HEADING_ITEM = re.compile(r"(以下|如下)[^，,。；;]{0,6}(条件|要求)[:：]?$")


def _regions(text: str) -> list[tuple[int, int]]:
    """(start, end) of the text under each eligibility heading or inline label."""
    regions = []
    for found in _HEADING.finditer(text):
        marker = found["marker"]
        sibling = _ARTICLE if marker.startswith("第") else _CN_ITEM if marker.endswith("、") else _CN_PAREN
        nxt = sibling.search(text, found.end())
        end = nxt.start() if nxt else min(len(text), found.end() + _MAX_REGION)
        regions.append((found.end(), end))
    for found in _INLINE.finditer(text):
        stop = _SENTENCE_END.search(text, found.end())
        regions.append((found.end(), stop.start() if stop else len(text)))
    return _merge(regions)


def _merge(regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(regions):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _number(text: str) -> float | None:
    try:
        return float(cn_int(text))
    except ValueError:
        return None


def _op(before: str, after: str) -> str:
    """The comparison a threshold states, from the words just after it, else just before it."""
    for context in (after[:4], before[-6:]):
        for pattern, op in _COMPARISONS:
            if pattern.search(context):
                return op
    return ">="


def predicates(part: str, part_start: int, doc: Doc, region: dict[str, list[str]]) -> list[Predicate]:
    """Checkable predicates stated by one clause part (may be several: "注册在本区、具有独立法人资格")."""
    found: list[Predicate] = []
    for pattern in _REGISTERED:
        match = pattern.search(part)
        if match:
            names, level = place_names(match["place"], region)
            if names:
                found.append(Predicate("registered_district", "in", names, level))
            break
    years = _YEARS.search(part)
    if years and _number(years.group(2)) is not None:
        value = _number(years.group(2))
        upper = years["op"] in ("不超过", "不满", "不足") or years["tail"] in ("以内", "以下")
        op = (
            ("<" if years["op"] in ("不满", "不足") else "<=")
            if upper
            else (">" if years["op"] == "超过" else ">=")
        )
        found.append(Predicate("years_established", op, value, "年"))
    for ent in doc.char_span(part_start, part_start + len(part), alignment_mode="expand").ents:
        before = part[: ent.start_char - part_start]
        after = part[ent.end_char - part_start :]
        if ent.label_ == "MONEY":
            for name, pattern in _THRESHOLDS:
                if pattern.search(before) and (value := money_wan(ent.text)) is not None:
                    found.append(Predicate(name, _op(before, after), value, "万元"))
                    break
        elif (
            ent.label_ == "PERCENT" and _RD.search(before) and (value := percent_value(ent.text)) is not None
        ):
            found.append(Predicate("rd_ratio", _op(before, after), value, "%"))
    employees = _EMPLOYEES.search(part)
    if employees:
        upper = employees.group(2) in ("以下", "以内")
        found.append(Predicate("employees", "<=" if upper else ">=", float(employees.group(1)), "人"))
    if not _QUAL_EXTRA.search(part):
        found += [Predicate("qualifications", "has", q) for q in _QUALIFICATIONS if q in part]
    if _LEGAL.search(part):
        found.append(Predicate("independent_legal_person", "==", True))
    if _CREDIT.search(part):
        found.append(Predicate("credit_ok", "==", True))
    return found


def find_conditions(meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]) -> list[Condition]:
    """Eligibility clauses in text order; parts without a predicate keep their raw text."""
    region = split_region(meta.region)
    conditions: list[Condition] = []
    seen: set[str] = set()
    for start, end in _regions(text):
        pos = start
        for item in _ITEM_SPLIT.split(text[start:end]) + [""]:
            item_start = text.find(item, pos, end) if item else -1
            if item_start < 0:
                continue
            pos = item_start + len(item)
            if len(item.strip()) < 4 or _HEADING_ITEM.search(item.strip()):
                continue
            conditions += _item_conditions(meta, text, doc, sections, item, item_start, region, seen)
    return conditions


def _item_conditions(
    meta: DocumentMeta,
    text: str,
    doc: Doc,
    sections: Sequence[Section],
    item: str,
    item_start: int,
    region: dict[str, list[str]],
    seen: set[str],
) -> list[Condition]:
    """Split one numbered item into parts; each part with predicates becomes its own condition."""
    alternative = bool(_ALTERNATIVE.search(item))
    result: list[Condition] = []
    raw_start: int | None = None
    raw_end = item_start
    offset = item_start
    for part in _PART_SPLIT.split(item):
        part_start = offset
        offset += len(part) + 1
        preds = [] if alternative else predicates(part, part_start, doc, region)
        if not preds:
            raw_start = part_start if raw_start is None else raw_start
            raw_end = part_start + len(part)
            continue
        if raw_start is not None:
            result.append(_condition(meta, text, sections, raw_start, raw_end, None, seen))
            raw_start = None
        for pred in preds:
            result.append(_condition(meta, text, sections, part_start, part_start + len(part), pred, seen))
    if raw_start is not None:
        result.append(_condition(meta, text, sections, raw_start, raw_end, None, seen))
    return [c for c in result if c is not None]


def _condition(
    meta: DocumentMeta,
    text: str,
    sections: Sequence[Section],
    start: int,
    end: int,
    predicate: Predicate | None,
    seen: set[str],
) -> Condition | None:
    span = make_span(meta.doc_id, text, start, end, sections)
    clean = squash(span.text).strip(";；,，。:：")
    key = f"{clean}|{predicate}"
    if len(clean) < 4 or key in seen:
        return None
    seen.add(key)
    return Condition(text=clean, span=span, predicate=predicate)
