"""Eligibility conditions from every condition-bearing part of a notice, each with a predicate when checkable.

Where conditions sit: under headings such as 申报条件 / 支持对象 / 申报主体 / 基础条件 (every item is a
condition) and 申报须知 / 申报要求 / 注意事项 / 申报范围 (an item is a condition only when it states one);
in a title that names its applicants with a bound; and anywhere in the text, sentences that say who applies
(…为申报主体) and sentences about the registered or tax place (注册地和税收户管地), records (失信, 违法违规,
事故, 欠薪, 偷税), unfinished projects (未结题) and earlier funding (重复申报). A notice that says nothing of
who applies in these ways gets the sentences pointing to its conditions elsewhere (符合…条件的企业). Headings are found in the text itself as
well as in the section tree, because reposted pages lose their line breaks.

This module finds those places and assembles the conditions; the reading is done by:

- :mod:`knowledge.facts.condition_items`: a region split into items, an item into clause parts, each part
  with predicates a condition of its own; a part that states nothing checkable keeps its raw text, so the
  check asks a person instead of guessing; a requirement for one tier of applicants ("将营业收入不少于300万元
  的企业,…增长率…调整为3%") binds only that tier ("when").
- :mod:`knowledge.facts.clause_predicates`: what one clause part requires (places, money, counts, ratios,
  growth, years, founding dates, certificates, size class, flags, declarations, kinds left out); "…或…"
  alternatives become one "any" predicate. Figures are read as bounds by :mod:`knowledge.facts.bounds`.
- :mod:`knowledge.facts.alternatives`: the tiers a notice grants to ("营业收入15亿元以上,增速10%以上的,按…奖励")
  as one condition met by any one tier (each tier "all" of its parts); so are the items under "符合其一即可" /
  after "符合下列情形之一".

Other modules import from here: ``find_conditions``, ``predicates`` and the no-record label ``NO_RECORD``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise
from typing import TYPE_CHECKING

from knowledge.facts.alternatives import any_one_of, route_group
from knowledge.facts.clause_predicates import NO_RECORD, PERIOD, predicates
from knowledge.facts.condition_items import PART_SPLIT, item_conditions, split_items
from knowledge.facts.model import Condition
from knowledge.facts.numbers import NUMERAL
from knowledge.facts.places import Chain, place_chain
from knowledge.model import DocumentMeta, Section

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Doc

__all__ = ["NO_RECORD", "find_conditions", "predicates"]

# Headings whose every item is a condition, and headings whose items are conditions only when they say so.
_STRONG = r"申报条件|申请条件|基本条件|基础条件|资格条件|支持条件|认定条件|推荐条件|申报资格|申请资格|支持对象|适用对象|申报主体|申请主体|申报对象|申请对象|奖励对象|兑现对象|扶持对象|补贴对象|申报单位条件|对象及条件|对象和条件|企业范围"
_WEAK = r"申报须知|申请须知|须知|申报要求|申请要求|有关要求|相关要求|其他要求|注意事项|申报范围|支持范围|扶持范围"
_NOT_CONDITIONS = re.compile(r"如下|材料|流程|程序|方式|时间|审核|评审|推荐要求|总体要求|标准|资金|联系")
_MARKER = r"第[一二三四五六七八九十]+[条章]|[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]"
_HEADING = re.compile(
    rf"(?:(?:(?<=\n)|^)[ \t\u3000#＃*]*(?P<marker>{_MARKER})?|(?P<inline>{_MARKER}))[ \t\u3000]*[(（]?"
    rf"(?P<name>[^\n，,。；;:：#]{{0,10}}?(?P<cue>{_STRONG}|{_WEAK})[^\n，,。；;:：]{{0,8}}?)[)）]?[ \t\u3000]*"
    r"(?:[:：]|\n|(?=\d[、.．]))",
    re.MULTILINE,
)
# A region ends at the next heading of its own or a higher level: (二) ends at (三) or 三、 or 第三条.
# After an unnumbered heading ("申报条件："), the next top-level heading line; its (一) items stay inside.
_ANY_HEADING = r"\n[ \t\u3000]*(?:#|＃|[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[条章])"
_LEVELS = {
    "章": r"第[一二三四五六七八九十]+章",
    "条": r"第[一二三四五六七八九十]+[条章]",
    "、": r"(?<![(（])[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[条章]",
    ")": r"[(（][一二三四五六七八九十]+[)）]|(?<![(（])[一二三四五六七八九十]+、|第[一二三四五六七八九十]+[条章]",
}
_MAX_REGION = 1500
# An item under a heading such as 申报要求 that states a condition though nothing in it is checkable: what the
# applicant must meet ("应具备的基本条件应满足《办法》有关规定") or whom the notice leaves out ("…将不再给予资金支持").
_STATES = re.compile(
    r"(?:应|须|需|必须)(?:当)?(?:具备|满足|符合|达到)|不予(?:支持|受理|补助|资助|奖励)|不再(?:给予|支持|受理)"
    r"|不得申报|不能申报|除外"
)
# Sentences outside any condition heading that still state a condition.
_ANYWHERE = re.compile(
    r"注册地|税收户管|税务登记|失信|违法违规|严重违法|事故|未结题|逾期未|重复申报|不予(?:支持|补助|补贴|资助|奖励)"
    r"|欠薪|偷税|骗税|逃废债|涉黑|涉恶"
    rf"|{PERIOD.pattern}"
    r"|不得申报|不能申报|不重复(?:奖励|支持|补助|补贴|资助|享受)|不予受理.{0,6}(?:企业|单位)|不再支持"
)
_APPLICANT = re.compile(r"企业|单位|申报|申请|项目|主体|机构")
# A sentence outside any condition heading that says who applies ("由…运营机构为申报主体"): a condition
# in its own right, kept whole even when nothing in it is checkable.
_WHO_APPLIES = re.compile(
    r"为(?:申报|申请)(?:主体|对象|单位)|(?:申报|申请)(?:主体|对象|单位)(?:须|应|必须|原则上)?(?:为|是)(?!准|依据)"
)
# Where a notice states no condition of its own, the sentences that say who may apply in words or point to
# conditions set elsewhere ("符合认定条件的企业…提出申请", "请推荐本辖区…的专精特新中小企业", "由符合申报条件的
# 有关单位…申报", "…的省级以上工业园区积极开展申报", "按照…文件(详见附件)的要求", "其他申报要求以…通知为准"): the company
# hears 需确认 with the sentence to check, not nothing.
_REFERRED = re.compile(
    r"符合[^，,。；;]{0,30}?(?:条件|要求|规定|标准)(?:[^，,。；;]{0,16}?(?:企业|单位|项目|机构|主体)|的$)"
    r"|推荐[^，,。；;]{0,30}?的[^，,。；;]{0,16}?(?:企业|单位|机构|园区|项目)"
    r"|的[^，,。；;的]{0,16}?(?:企业|单位|机构|园区)[^，,。；;]{0,4}?积极(?:开展|组织)?申报"
    r"|按照[^，,。；;]{0,40}?(?:附件|文件)[^，,。；;]{0,12}?(?:要求|规定)"
    r"|(?:条件|要求)以[^，,。；;]{0,20}?为准"
)
# A title that names its applicants with a bound ("支持上年度进出口额6500万美元以下企业开拓市场"): a condition too.
_TITLE_APPLICANTS = re.compile(
    rf"(?:{NUMERAL})\s*(?:亿|万)?\s*(?:美元|元|人|%|％)\s*(?:及|或)?(?:以下|以上)(?:的)?[\u4e00-\u9fff]{{0,6}}?(?:企业|单位)"
)


def find_conditions(
    meta: DocumentMeta, text: str, doc: Doc | None, sections: Sequence[Section]
) -> list[Condition]:
    """Eligibility conditions in text order; parts without a predicate keep their raw text.

    ``doc`` (the spaCy parse) is not needed: figures here are read with their comparison words.
    """
    doc_chain = place_chain(meta.region, meta.title, meta.issuer)
    conditions: list[tuple[int, Condition]] = []
    seen: set[str] = set()
    covered: list[tuple[int, int]] = []
    routed, group = route_group(meta, text, sections, doc_chain)
    if group:
        conditions.append((group.span.start, group))
    for start, end, strong in _regions(text, sections):
        covered.append((start, end))
        items = [(at, item) for at, item in split_items(text, start, end) if not _overlaps(at, item, routed)]
        items, either = any_one_of(meta, text, sections, start, items, doc_chain)
        if either:
            conditions.append((either.span.start, either))
        for at, item in items:
            keep = strong or bool(_STATES.search(item))
            conditions += item_conditions(
                meta, text, sections, item, at, doc_chain, seen, keep_raw=keep, keep_shares=True
            )
    conditions += _title_conditions(meta, text, sections, doc_chain, seen)
    records: list[tuple[int, Condition]] = []
    for at, item in split_items(text, 0, len(text)):
        if any(s <= at < e for s, e in covered) or any(s <= at < e for s, e in routed):
            continue
        offset = at
        for part in PART_SPLIT.split(item):  # the clause that says who applies, kept whole
            if _WHO_APPLIES.search(part):
                conditions += item_conditions(
                    meta, text, sections, part, offset, doc_chain, seen, keep_raw=True
                )
            offset += len(part) + 1
        if _ANYWHERE.search(item) and _APPLICANT.search(item):
            records += item_conditions(meta, text, sections, item, at, doc_chain, seen, keep_raw=False)
    if not conditions:  # records and exclusions alone do not say who may apply
        conditions = _referred(meta, text, sections, doc_chain, seen)
    conditions += records
    return [c for _, c in sorted(conditions, key=lambda pair: pair[0])]


def _referred(
    meta: DocumentMeta, text: str, sections: Sequence[Section], doc_chain: Chain, seen: set[str]
) -> list[tuple[int, Condition]]:
    """The clauses saying who may apply in words or where the conditions are, for a notice stating none."""
    found: list[tuple[int, Condition]] = []
    for at, item in split_items(text, 0, len(text)):
        offset = at
        for part in PART_SPLIT.split(item):
            if _REFERRED.search(part) and re.search(r"申报|申请", item):
                found += item_conditions(meta, text, sections, part, offset, doc_chain, seen, keep_raw=True)
            offset += len(part) + 1
    return found


def _overlaps(at: int, item: str, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < at + len(item) and at < e for s, e in spans)


# ------------------------------------------------------------------ regions
def _regions(text: str, sections: Sequence[Section]) -> list[tuple[int, int, bool]]:
    """(start, end, strong) of the text under condition headings, from the text and the section tree."""
    regions: list[tuple[int, int, bool]] = []
    for found in _HEADING.finditer(text):
        name = found["name"]
        if _NOT_CONDITIONS.search(name.replace(found["cue"], "")) and not re.search(_STRONG, name):
            continue
        strong = bool(re.fullmatch(_STRONG, found["cue"]))
        marker = (found["marker"] or found["inline"] or "").replace("）", ")")
        level = "章" if marker.endswith("章") else "条" if marker.endswith("条") else marker[-1:]
        nxt = re.compile(_LEVELS.get(level, _ANY_HEADING)).search(text, found.end())
        end = min(nxt.start() if nxt else len(text), found.end() + _MAX_REGION)
        regions.append((found.end(), end, strong))
    for section in sections:
        heading = section.path[-1] if section.path else ""
        cue = re.search(f"{_STRONG}|{_WEAK}", heading)
        if (
            cue
            and len(section.path) > 1
            and not (_NOT_CONDITIONS.search(heading) and not re.search(_STRONG, heading))
        ):
            body = text.find("\n", section.start, section.end)
            regions.append(
                (body + 1 if body >= 0 else section.start, section.end, bool(re.search(_STRONG, heading)))
            )
    return _strong_where_said(regions)


def _strong_where_said(regions: list[tuple[int, int, bool]]) -> list[tuple[int, int, bool]]:
    """Overlapping regions as disjoint ones; a span is strong only where a strong region covers it, so a weak
    heading (申报要求) holding a strong one ((二)支持对象) keeps its other items (申报方式, 申报材料) weak."""
    bounds = sorted({b for start, end, _ in regions for b in (start, end)})
    pieces: list[tuple[int, int, bool]] = []
    for start, end in pairwise(bounds):
        covering = [strong for s, e, strong in regions if s <= start and end <= e]
        if not covering:
            continue
        strong = any(covering)
        if pieces and pieces[-1][1] == start and pieces[-1][2] == strong:
            pieces[-1] = (pieces[-1][0], end, strong)
        else:
            pieces.append((start, end, strong))
    return pieces


def _title_conditions(
    meta: DocumentMeta, text: str, sections: Sequence[Section], doc_chain: Chain, seen: set[str]
) -> list[tuple[int, Condition]]:
    """The title's words naming its applicants, where the title opens the text."""
    at = text.find(meta.title, 0, 200) if meta.title else -1
    if at < 0:
        return []
    for part in re.finditer(r"\S+", meta.title):
        if _TITLE_APPLICANTS.search(part[0]):
            start = at + part.start()
            return item_conditions(meta, text, sections, part[0], start, doc_chain, seen, keep_raw=True)
    return []
