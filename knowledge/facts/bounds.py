"""Bounds a figure states through its comparison words: "不低于500万元", "50人以上", "A至B".

Words just after a figure win over words just before it; a figure with no comparison word is no bound
(ask, do not guess). A figure that only says whom a rule is for ("对营业收入超过1亿元的企业") is no bound either.
Used by the condition reader (:mod:`knowledge.facts.clause_predicates`) and by the reading of a company's own
words (:mod:`knowledge.facts.statements`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Comparison words, longest first: "不低于" must not be read as "低于", nor "不超过" as "超过".
_BEFORE = (
    (re.compile(r"不低于|不少于|不小于|至少|达到|大于等于|≥"), ">="),
    (re.compile(r"不超过|不高于|不多于|最多|小于等于|≤|控制在"), "<="),
    (re.compile(r"超过|高于|大于|多于|＞|>"), ">"),
    (re.compile(r"低于|少于|不足|小于|未满|不满|＜|<"), "<"),
)
_AFTER = (
    (re.compile(r"^\s*(?:[(（]不含[)）]\s*以上|以上\s*[(（]不含[)）])"), ">"),
    (re.compile(r"^\s*(?:[(（]不含[)）]\s*(?:以下|以内)|(?:以下|以内)\s*[(（]不含[)）])"), "<"),
    (re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:及|或)?以上"), ">="),
    (re.compile(r"^\s*(?:[(（]含[)）])?\s*(?:及|或)?(?:以下|以内|之内)"), "<="),
)
_RANGE = re.compile(r"^\s*(?:至|到|-|—|－|～|~)\s*")
_JOINT = re.compile(
    r"[\s、，,且并和及]*(?:在|为|达到|不低于|不少于|不超过|不高于|低于|高于|超过|少于|不足|大于|小于)?\s*"
)
_AFTER_WORD = re.compile(r"\s*(?:[(（]不?含[)）]|及以上|以上|及以下|以下|以内|之内)")
_TIER = re.compile(r"^\s*(?:[(（]不?含[)）])?\s*(?:以上|以下|以内)?\s*的\s*$")
# "对(于)…的企业" / "将…的企业" / "凡…的企业": the part names whom a rule is for, not what is required.
_TOPIC = re.compile(r"^\s*(?:对于|对|将|凡是?)[^，,。；;]*的(?:企业|单位|项目|主体|机构)?\s*$")


def comparison(before: str, after: str) -> str | None:
    """The comparison a bound states: words just after the figure win over words just before it.

    None when neither says: "营业收入2000万元" alone may be a floor or a cap — ask, do not guess.
    """
    for pattern, op in _AFTER:
        if pattern.search(after[:8]):
            return op
    window = before[-8:]
    found = [(m.end(), op) for pattern, op in _BEFORE for m in pattern.finditer(window)]
    if found:
        end = max(e for e, _ in found)
        return next(op for e, op in found if e == end)  # the word nearest the figure (longest first)
    return None


def names_tier(clause: str) -> bool:
    """Whether ``clause`` names whom a rule is for ("对营业收入超过1亿元的企业"), so its figures are no requirement."""
    return _TOPIC.match(clause) is not None


Reader = Callable[[re.Match[str]], float | None]


def figure_bounds(
    part: str, cue: re.Pattern[str], value: re.Pattern[str], read: Reader
) -> list[tuple[str, float]]:
    """(op, value) bounds on figures that follow ``cue`` in ``part``.

    "A至B" gives both bounds; so does "A以上、B以下" — a second figure counts only when nothing but
    connectives and comparison words stand between it and the first (else it belongs to another word).
    A figure that ends its clause with 的 ("销售收入小于5000万元的，…") or stands in a clause that names
    whom a rule is for ("将营业收入不少于300万元的企业，…调整为…") says when a tier applies, not what is
    required, and is skipped.
    """
    cued = cue.search(part)
    if not cued or names_tier(part):
        return []
    found: list[tuple[str, float]] = []
    start = cued.start()
    for i, m in enumerate(value.finditer(part, cued.end())):
        if i == 0 and m.start() - cued.end() > 30:
            break
        if i > 0 and not _JOINT.fullmatch(part[start : m.start()]):
            break
        figure = read(m)
        if figure is None:
            break
        after = part[m.end() :]
        if _TIER.match(after):
            return []
        joint = _RANGE.match(after)
        nxt = value.match(part, m.end() + joint.end()) if joint else None
        if nxt and (upper := read(nxt)) is not None:
            return [(">=", figure), ("<=", upper)]
        op = comparison(part[start : m.start()], after)
        if op is None:
            break
        found.append((op, figure))
        start = m.end()
        while start < len(part) and _AFTER_WORD.match(part, start):
            start = _AFTER_WORD.match(part, start).end()
    return found
