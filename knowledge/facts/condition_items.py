"""The items of a condition region and the conditions one item states.

A region splits into numbered items and sentences (rows of a materials table and bare headings left out);
an item splits into clause parts at commas outside brackets, and each part with predicates becomes a
condition of its own. A part that states nothing checkable keeps its raw text where every item is a
condition, so the check asks a person instead of guessing. An applicant clause that names a public body
("…的地市科技管理部门") is one ``applicant`` condition; a requirement for one tier of applicants
("将营业收入不少于300万元的企业,…增长率…调整为3%") binds only that tier: one "when" condition.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict

from knowledge.facts.bounds import names_tier
from knowledge.facts.clause_predicates import PERCENT, all_of, measure_word, predicates
from knowledge.facts.model import Condition, Predicate
from knowledge.facts.places import Chain
from knowledge.facts.spans import make_span, squash
from knowledge.model import DocumentMeta, Section

_ITEM_SPLIT = re.compile(
    r"[；;。\n]|(?<![\d.])\d{1,2}[、.．](?!\d)|[(（]\d{1,2}[)）]|[(（][一二三四五六七八九十]+[)）]"
)
# Clause parts: split at commas outside brackets ("…的企业和机构(含…单位,不含…企业)" stays whole).
PART_SPLIT = re.compile(r"[，,](?![^(（)）]*[)）])")
# A part that only names the document a condition follows ("符合《…规定的通知》(工信部…〔2011〕300号)划型标准").
_CITES = re.compile(
    r"\s*(?:并|且)?(?:符合|满足|按照|依据|参照)《[^》]+》(?:\s*[(（][^()（）]{0,30}[)）])?[^，,。；;《》]{0,16}"
)
# What an applicant must do once supported ("应在获得支持一年内通过…审核", "立项后…"): an obligation, no
# condition of applying.
_LATER = re.compile(
    r"(?:获得|取得)(?:支持|资助|补助|奖励|资金)(?:后|之后|[一二两三四五六七八九十\d]+年内)|立项后|拨付后"
)
# An item that only says when, how or with what to apply ("申报时间:…逾期不再受理"): no condition either.
_NOT_CONDITION_ITEM = re.compile(r"^\s*(?:申报|申请|受理|办理)?(?:时间|截止时间|方式|材料|程序|流程|地点|联系方式)\s*[:：]")
_HEADING_ITEM = re.compile(r"(以下|如下|下列)[^，,。；;]{0,8}(条件|要求)[:：]?$")
# An item that only repeats a heading ("支持对象", "申报条件"): a title, not a condition.
_HEADING_ONLY = re.compile(
    r"^[^，,。；;]{0,6}(?:对象|条件|标准|要求|范围|须知|描述|材料|方式|程序|流程)[:：]?$"
)
# Applicants that are public bodies, named as the head of an applicant clause ("…资金拨付至企业的地市科技管理部门"):
# a company cannot apply itself.
_PUBLIC_BODY = re.compile(
    r"的[^，,。；;的]{0,10}?(?:管理部门|主管部门|职能部门|人民政府|管委会|管理委员会|街道办事处)\s*$"
)
_CLAUSE_ALTERNATIVE = re.compile(r"[，,]\s*(?:或者|或|以及其他)")
_CONTINUES = re.compile(r"\s*(?:且|并且|并|但|同时)")
# A row of a table of materials ("1 | 申报表 | 签字要求:是") or a mark of a page cut short: no condition.
_MATERIAL_ROW = re.compile(
    r"\|.*(?:材料|签字|盖章|上传|序号)|(?:材料|签字|盖章|上传|序号).*\||^\s*[\[［]?以下内容截断|truncated"
)


def split_items(text: str, start: int, end: int) -> list[tuple[int, str]]:
    """(offset, text) of the numbered items / sentences in ``text[start:end]``; rows of a materials table left out."""
    items = []
    pos = start
    for item in _ITEM_SPLIT.split(text[start:end]):
        at = text.find(item, pos, end) if item else -1
        if at < 0:
            continue
        pos = at + len(item)
        if len(item.strip()) >= 4 and not (
            _HEADING_ITEM.search(item.strip())
            or _HEADING_ONLY.match(item.strip())
            or _MATERIAL_ROW.search(item)
            or _NOT_CONDITION_ITEM.match(item)
        ):
            items.append((at, item))
    return items


# A rule for one tier of applicants ("将营业收入不少于300万元的企业,近两年营业收入平均增长率…调整为3%"):
# required only of companies in the tier.
_TIER_HEAD = re.compile(r"^\s*(?:对于|对|将|凡是?)(?P<tier>[^，,。；;]*?)的(?:企业|单位|项目|主体|机构)?\s*$")


def _implication(item: str, doc_chain: Chain) -> Predicate | None:
    """ "when" (tier, requirement) of an item whose part names a tier and whose later parts require something."""
    parts = PART_SPLIT.split(item)
    for i, part in enumerate(parts):
        head = _TIER_HEAD.match(part)
        tier = predicates(head["tier"], doc_chain) if head else []
        required = [p for later in parts[i + 1 :] for p in predicates(later, doc_chain)] if tier else []
        if required:
            return Predicate("when", "when", [asdict(all_of(tier)), asdict(all_of(required))])
    return None


# A last part naming other kinds of applicants ("…注册、纳税的科技企业,和服务于本区产业的金融机构、社会组织等
# 其他相关企事业单位"): the checkable parts before it are one way in, that kind another.
_OTHER_KIND = re.compile(
    r"[，,]\s*(?:和|及|以及|或者|或)(?P<kind>[^，,。；;]*其他[^，,。；;]*(?:单位|机构|组织|主体))\s*$"
)


def _other_kind(item: str, doc_chain: Chain) -> Predicate | None:
    """ "any" of (the earlier parts' predicates, the other kind of applicant), for such an item."""
    found = _OTHER_KIND.search(item.rstrip())
    if not found:
        return None
    head = [p for part in PART_SPLIT.split(item[: found.start()]) for p in predicates(part, doc_chain)]
    if not head:
        return None
    kind = Predicate("confirm", "confirm", found["kind"].strip())
    return Predicate("any", "any", [asdict(all_of(head)), asdict(kind)])


def item_conditions(
    meta: DocumentMeta,
    text: str,
    sections: Sequence[Section],
    item: str,
    item_start: int,
    doc_chain: Chain,
    seen: set[str],
    *,
    keep_raw: bool,
    keep_shares: bool = False,
) -> list[tuple[int, Condition]]:
    """One numbered item split into clause parts; each part with predicates becomes its own condition.

    Parts without predicates are kept as raw text when ``keep_raw`` (every item of the section is a
    condition), or when ``keep_shares`` and the run follows a condition of the item, or a part naming
    the tier it is for, and states a percentage ("将营业收入不少于300万元的企业,近两年营业收入平均增长率由
    10%调整为3%": one rule for companies of that size, kept whole)."""
    if keep_raw and (body := _PUBLIC_BODY.search(item.rstrip())):  # one condition, read whole
        applicant = Predicate("applicant", "public_body", body.group().lstrip("的"))
        found = _condition(meta, text, sections, item_start, item_start + len(item.rstrip()), applicant, seen)
        return [(found.span.start, found)] if found else []
    if other := _other_kind(item, doc_chain):  # one condition, read whole
        found = _condition(meta, text, sections, item_start, item_start + len(item.rstrip()), other, seen)
        return [(found.span.start, found)] if found else []
    if rule := _implication(item, doc_chain):  # one condition, read whole
        found = _condition(meta, text, sections, item_start, item_start + len(item.rstrip()), rule, seen)
        return [(found.span.start, found)] if found else []
    result: list[tuple[int, Condition]] = []
    raw: tuple[int, int] | None = None
    after_condition = False
    offset = item_start
    # "…注册在本区的企业,或主要活动在徐汇区的": no part alone binds
    either = bool(_CLAUSE_ALTERNATIVE.search(item))
    carried = ""
    checked_before = False
    for part in PART_SPLIT.split(item):
        part_start = offset
        offset += len(part) + 1
        preds = predicates(part, doc_chain)
        if either and not all(p.field == "declaration" for p in preds):
            preds = []  # an alternative way in binds nothing alone; a record forbidden "or" another is forbidden
        if not preds and carried and _CONTINUES.match(part):
            preds = predicates(carried + part, doc_chain)  # "营业收入不低于1000万元，且不超过4亿元"
        if not preds and checked_before and _CITES.fullmatch(part):
            continue  # "应为中小企业,符合《…划型标准规定》": the standard of the condition just checked
        if _LATER.search(part):
            continue  # "应在获得支持一年内通过…审核": what comes after support, not a condition to apply
        checked_before = bool(preds)
        carried = measure_word(part) or (carried if preds else "")
        if not preds:
            raw = (raw[0] if raw else part_start, part_start + len(part))
            # "将营业收入不少于300万元的企业,…由10%调整为3%": a rule for one tier, kept whole for a person
            after_condition = after_condition or bool(names_tier(part) and carried)
            continue
        if raw and (keep_raw or (keep_shares and after_condition and PERCENT.search(text, *raw))):
            result.append(_condition(meta, text, sections, *raw, None, seen))
        raw, after_condition = None, True
        for pred in preds:
            result.append(_condition(meta, text, sections, part_start, part_start + len(part), pred, seen))
    if raw and (keep_raw or (keep_shares and after_condition and PERCENT.search(text, *raw))):
        result.append(_condition(meta, text, sections, *raw, None, seen))
    return [(c.span.start, c) for c in result if c is not None]


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
