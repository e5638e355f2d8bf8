"""A company's own words held against a condition no predicate can check.

"我们项目还没进产业投资三年滚动项目库" and the condition "项目已经纳入…产业投资三年滚动项目库" share a long
phrase; the company denies what the condition requires, so the condition fails. "两年前有过一次重大行政
处罚" affirms what "三年之内无重大行政处罚记录" forbids: it fails too. When both sides agree (the company
affirms what is required, or denies what is forbidden) the condition is met. Anything less clear — a shared
phrase shorter than ``MIN_SHARED`` characters, or no statement sharing one — stays unknown.

Polarity is read from the words just before the shared phrase (未, 没有, 不是, 无 …) and, for the condition,
from an exclusion after it ("…的，不予支持", "…除外"). A time limit on a forbidden event ("近三年内无…",
"三年之内无…") is met by an event the company dates further back ("五年前有过…").
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.facts.bounds import comparison, names_tier
from knowledge.facts.certified import CERTIFICATES
from knowledge.facts.numbers import NUMERAL, batch_numbers, money_wan, number

MIN_SHARED = (
    4  # characters: 4 is the shortest phrase that names a thing (重大行政处罚, 运营公司) rather than a word
)
# Agreement settles a condition only when the shared phrase is most of it: "获得过省科技贷" agrees with a
# condition about 科技贷 but says nothing of the period, the batch or the kind of applicant it also names.
MET_COVERAGE = 0.6

_NOISE = re.compile(r"[\s“”\"'‘’《》「」『』()（）【】·]")
# Negation words just before the phrase (the company's side): 没, 未, 不是, 非, 无 and their spoken forms.
# A negation reaches the phrase across a few words ("未在任何渠道获得过…") and along a list it heads ("未获得
# 市级、区级专项资金": both denied), never across 的 ("未结题的项目负责人": the person is not negated).
_NEGATION_REACH = 8
_LIST_ITEMS = 4


def _reach(stops: str) -> str:
    """A negation's reach to the end of the text: up to ``_LIST_ITEMS`` list items of a few words each."""
    item = rf"[^，。；、{stops}的]{{0,{_NEGATION_REACH}}}"
    return rf"(?:{item}、){{0,{_LIST_ITEMS}}}{item}$"


_USER_NOT = re.compile(rf"(?:没有?|未|尚未|还没有?|并未|不是|并非|还不是|不属于|不在|非|无){_reach('没未不非无')}")
# Negation before the phrase on the condition's side; comparison words (不低于, 不超过 …) are bounds, not negation.
_COND_NOT = re.compile(
    rf"(?:未|无|没有|不得|不属于|不是|非|严禁|禁止|除|不含|不包括|不包含)(?!低于|少于|超过|高于|足){_reach('未无不非')}"
)
# An exclusion after the phrase: "已获得…的，不予支持", "…的企业除外", "…不再推荐".
_EXCLUSION = r"不予|不得|不再|不能|不列入|不纳入|不支持|不受理|不重复|不享受|不属于|除外|取消"
_EXCLUDED_AFTER = re.compile(rf"^[^。；]{{0,16}}?(?:{_EXCLUSION})")
_EXCLUDES = re.compile(rf"的[^。；]{{0,6}}?(?:{_EXCLUSION})|(?:{_EXCLUSION})[^。；]{{0,4}}$")
_WITHIN = re.compile(rf"(?:近|最近)?(?P<n>{NUMERAL})\s*(?:个)?\s*年(?:之内|以内|内)|近(?P<m>{NUMERAL})\s*年")
_AGO = re.compile(rf"(?P<n>{NUMERAL})\s*(?:多)?\s*年(?:前|以前)")
# A clause that asks rather than states ("能报吗", "还能报不", "可以申请吗", "要多久", "够不够条件"): an
# A-not-A form (够不够, 行不行, 可不可以, 有没有, 符不符合) asks, except the adverbs 动不动 / 时不时.
_ASKS = re.compile(
    r"[吗么呢？?]|什么|啥|谁|哪|多少|多久|多长|几[个份天月年号点]|怎么|如何|是否"
    r"|(?:能|可以|可否|能否|能不能|可不可以).{0,8}(?:报|申|拿|享受|领|评|补)|[报请领补]不$"
    r"|(?P<a>[\u4e00-\u9fff])(?<![动时])[不没](?P=a)"
)
# A clause that says something about the company (not a bare programme name): a word of having or
# being, or a figure of its own ("固定资产投资比例50%").
_ABOUT_COMPANY = re.compile(
    r"我|咱|公司|企业|单位|本司|有|过|了|是|没|未|已|曾|被|在|非|无|由|从|迁|获|认定|通过|注册|成立|参加|办理|拿|享受"
    r"|\d\s*(?:%|％|万|亿|人)"
    r"|下降|下滑|减少|负增长|增长|提升|上升|过期|失效|不良"  # a trend or a lapse it reports ("营收逐年下降")
)
# Either-or conditions ("拥有国家级平台…或承担国家重大专项…"): denying one alternative fails nothing.
# A list closed by 等 ("街镇、园区或其他机构等运营主体") only gives examples of the phrase after it.
_EITHER = re.compile(r"之一|任一|其一")
_OR = re.compile(r"或")
_LIST_CLOSED = re.compile(r"等")
# What an applicant gets, not what it must be: an award tier ("…的企业,给予最高50万元") or a table row.
_NOT_REQUIRED = re.compile(rf"给予[^，。；]{{0,12}}?{NUMERAL}\s*万元|\|")
_CLAUSES = re.compile(r"[^，。,；;！!？?\n]+")
_CLAUSE_AT = re.compile(r"[^，。,；;]+")
# A figure stated right after the shared phrase: "固定资产投资比例应高于60%" / "固定资产投资比例50%".
_FIGURE = re.compile(
    rf"(?P<n>-?(?:{NUMERAL}))\s*(?P<unit>%|％|亿美元|万美元|美元|亿元|万元|亿|万|元|人|名|个月)"
)
_FIGURE_GAP = 12  # characters between the phrase and its figure
_UNIT_KIND = {
    "%": "%",
    "％": "%",
    "人": "人",
    "名": "人",
    "个月": "月",
    "亿美元": "美元",
    "万美元": "美元",
    "美元": "美元",
}
_DOLLARS = {"亿美元": 1e8, "万美元": 1e4, "美元": 1.0}
_COMPARE = {">=": float.__ge__, "<=": float.__le__, ">": float.__gt__, "<": float.__lt__}
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_DAY = re.compile(r"((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?")
_RANGE = re.compile(rf"{_DAY.pattern}\s*(?:至|到|—|-|－|~)+\s*{_DAY.pattern}")


@dataclass(frozen=True)
class Match:
    """How one statement bears on one condition: ``met`` False is a contradiction; True an agreement
    on the condition's characters ``start:end`` (cleaned text), which may settle only part of it."""

    met: bool
    statement: str
    shared: str
    start: int = 0
    end: int = 0


def excludes(condition: str) -> bool:
    """Whether ``condition`` leaves applicants out ("已列为…的企业,不再推荐", "…的企业除外") rather than
    names who may apply."""
    return _EXCLUDES.search(condition) is not None


def asks_question(text: str) -> bool:
    """Whether the words ask something ("能报吗", "截止到哪天", "要几份") rather than only state."""
    return _ASKS.search(text or "") is not None


def statement_clauses(text: str) -> list[str]:
    """The clauses of ``text`` that state something about the company (questions left out)."""
    found = []
    for clause in _CLAUSES.findall(text or ""):
        clause = clause.strip()
        if len(clause) >= MIN_SHARED and not asks_question(clause) and _ABOUT_COMPANY.search(clause):
            found.append(clause)
    return found


_NUMBERS = re.compile(r"\d+")
_FILLER = re.compile(r"[\d年月日度的,，.。;；:：]")


def _clean(text: str) -> str:
    return _NOISE.sub("", text)


def _content(text: str) -> int:
    """Characters that carry meaning (figures, date words and punctuation left out)."""
    return len(_FILLER.sub("", text))


def _longest_shared(a: str, b: str) -> tuple[int, int, int]:
    """(length, start in a, start in b) of the longest common substring."""
    best = (0, 0, 0)
    previous = [0] * (len(b) + 1)
    for i in range(1, len(a) + 1):
        current = [0] * (len(b) + 1)
        for j in range(1, len(b) + 1):
            if a[i - 1] == b[j - 1]:
                current[j] = previous[j - 1] + 1
                if current[j] > best[0]:
                    best = (current[j], i - current[j], j - current[j])
        previous = current
    return best


def _years(match: re.Match[str] | None) -> float | None:
    if not match:
        return None
    try:
        return number(match["n"] or match["m"])
    except ValueError:
        return None


def _figure(text: str, at: int) -> tuple[float, str, re.Match[str]] | None:
    """(value, kind of unit, match) of the first figure within ``_FIGURE_GAP`` characters after ``at``."""
    found = _FIGURE.search(text, at, at + _FIGURE_GAP + 8)
    if not found or found.start() - at > _FIGURE_GAP:
        return None
    kind = _UNIT_KIND.get(found["unit"], "万元")
    value = money_wan(found["n"] + found["unit"]) if kind == "万元" else _number(found["n"])
    if value is not None and kind == "美元":
        value *= _DOLLARS[found["unit"]]  # foreign currency compared as such, never as 元
    return (value, kind, found) if value is not None else None


def _number(text: str) -> float | None:
    try:
        return float(number(text.lstrip("-"))) * (-1 if text.startswith("-") else 1)
    except ValueError:
        return None


# The level of an award or a body: 国家级, 省级 (江苏省…), 市级, 区县级.
_LEVELS = (
    ("国家", re.compile(r"国家级|国家|全国")),
    ("省", re.compile(r"省级|[\u4e00-\u9fff]{1,3}省")),
    ("市", re.compile(r"市级")),
    ("区县", re.compile(r"区级|县级")),
)


def _levels(text: str) -> set[str]:
    return {level for level, pattern in _LEVELS if pattern.search(text)}


def _clause_around(text: str, at: int) -> str:
    """The clause of ``text`` (between commas and stops) holding the character at ``at``."""
    return next((m[0] for m in _CLAUSE_AT.finditer(text) if m.start() <= at < m.end()), "")


def _bound(said: str, at_said: int, required: str, at_required: int) -> tuple[bool, int] | None:
    """Whether the figure the company gives after the shared phrase meets the condition's bound on it,
    and where that bound ends in the condition."""
    bound, value = _figure(required, at_required), _figure(said, at_said)
    if bound is None or value is None or bound[1] != value[1]:
        return None
    figure = bound[2]
    if names_tier(_clause_around(required, figure.start())):
        return (
            None  # "将营业收入不少于500万元的企业,…": the figure says which companies, not what is required
        )
    op = comparison(required[at_required : figure.start()], required[figure.end() :])
    return None if op is None else (_COMPARE[op](value[0], bound[0]), figure.end())


def _mismatch(said: str, required: str) -> str:
    """Why the statement names another year, batch or period than the condition ("" when none)."""
    said_years, required_years = set(_YEAR.findall(said)), set(_YEAR.findall(required))
    period = _RANGE.search(required)
    day = _DAY.search(said)
    if period and day:
        start = (int(period[1]), int(period[2]), int(period[3] or 1))
        end = (int(period[4]), int(period[5]), int(period[6] or 31))
        when = (int(day[1]), int(day[2]))
        if when > end[:2] or when < start[:2]:
            return "不在本条规定的期间内"
        return ""
    if said_years and required_years and not said_years & required_years:
        return "年份不同"
    said_batch, required_batch = batch_numbers(said), batch_numbers(required)
    if said_batch and required_batch and not said_batch & required_batch:
        return "批次不同"
    return ""


def _alternative(required: str, start: int, end: int) -> bool:
    """Whether ``required`` offers an alternative to its phrase at ``start:end``: a 或 after it, or one before it
    that no 等 closes ("A或B等X": A and B are kinds of X, not other ways to qualify), or 之一 / 任一 anywhere."""
    if _EITHER.search(required) or _OR.search(required, end):
        return True
    before = [m.end() for m in _OR.finditer(required, 0, start)]
    return bool(before) and not _LIST_CLOSED.search(required, before[-1], start)


def _names_at(text: str, start: int, end: int) -> tuple[set[str], set[str]]:
    """The certificates (CERTIFICATES) named across ``text[start:end]``: (all of them, those whose name reaches
    beyond it — the span is only part of that name)."""
    names: set[str] = set()
    wider: set[str] = set()
    for written, name in CERTIFICATES.items():
        for m in re.finditer(re.escape(written), text):
            if m.start() < end and start < m.end():
                names.add(name)
                if m.start() < start or end < m.end():
                    wider.add(name)
    return names, wider


def _part_of_a_name(said: str, at_said: int, required: str, at_required: int, length: int) -> bool:
    """Whether the shared phrase is, on one side, part of a certificate name the other side does not name there:
    "高新技术" of 国家高新技术企业 says nothing of 高新技术产业, "中小企业" of 科技型中小企业 nothing of 中小企业."""
    said_names, said_wider = _names_at(said, at_said, at_said + length)
    required_names, required_wider = _names_at(required, at_required, at_required + length)
    return bool(said_wider - required_names or required_wider - said_names)


def compare(statement: str, condition: str) -> Match | None:
    """How ``statement`` bears on ``condition``; None when they share no phrase of ``MIN_SHARED`` characters."""
    if _NOT_REQUIRED.search(condition):
        return None
    said, required = _clean(statement), _clean(condition)
    # figures never make a shared phrase: "2021年" in both names no common thing
    length, at_said, at_required = _longest_shared(
        _NUMBERS.sub(lambda m: "#" * len(m[0]), said), _NUMBERS.sub(lambda m: "@" * len(m[0]), required)
    )
    shared = said[at_said : at_said + length]
    if _content(shared) < MIN_SHARED or _part_of_a_name(said, at_said, required, at_required, length):
        return None
    denied = bool(_USER_NOT.search(said[:at_said]))
    forbidden = bool(
        _COND_NOT.search(required[:at_required]) or _EXCLUDED_AFTER.search(required[at_required + length :])
    )
    span = (at_required, at_required + length)
    if forbidden and not denied:
        limit, ago = _years(_WITHIN.search(required)), _years(_AGO.search(said))
        if limit is not None and ago is not None and ago > limit:
            # the event lies before the period the condition looks at
            return Match(True, statement, shared, 0, len(required))
    if denied != forbidden:
        either = denied and _alternative(required, at_required, at_required + length)
        return None if either else Match(False, statement, shared)
    if not denied and (bounded := _bound(said, at_said + length, required, at_required + length)):
        met, end = bounded
        return Match(True, statement, shared, at_required, end) if met else Match(False, statement, shared)
    if not denied and (why := _mismatch(said, required)):
        return Match(False, statement, f"{shared}，{why}")
    if not denied and _levels(said) and _levels(required) and not _levels(said) & _levels(required):
        return None  # 省级工业设计中心 is no agreement with 国家级工业设计中心
    return Match(True, statement, shared, *span)


def judge(statements: Iterable[str], condition: str) -> Match | None:
    """A contradiction when any statement contradicts ``condition`` (the longest shared phrase shown);
    else an agreement when the agreeing statements together cover ``MET_COVERAGE`` of its content;
    else None (the condition stays to be confirmed)."""
    found = [m for m in (compare(s, condition) for s in statements) if m]
    failed = [m for m in found if not m.met]
    if failed:
        return max(failed, key=lambda m: len(m.shared))
    required = _clean(condition)
    covered = [False] * len(required)
    for m in found:
        covered[m.start : m.end] = [True] * (m.end - m.start)
    meaning = [not _FILLER.fullmatch(c) for c in required]
    total = sum(meaning)
    hit = sum(1 for c, m in zip(covered, meaning) if c and m)
    if found and total and hit >= MET_COVERAGE * total:
        return max(found, key=lambda m: len(m.shared))
    return None
