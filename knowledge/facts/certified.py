"""A certificate condition with a year, batch or kind of award, held against what the company says of its own.

"2021年江门市通过第三批高企认定的企业" and "2023年度首次通过认定的高新技术企业" name a certificate with a
qualifier a plain "has 高企" cannot express. A company that says "我们2021年第三批首次认定高企" meets the
first; "2022年首次认定的高企" fails the second (another year), and so does "重新认定的高企" where only a
first award counts. A condition that also states figures (销售不超过3000万元, 给予…万元) or is a table row
says more than the certificate, and is left to a person.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from knowledge.facts.numbers import batch_numbers

# Certificates as companies and notices write them → one name. Longer spellings first.
CERTIFICATES: dict[str, str] = {
    "高新技术企业": "高新技术企业",
    "国家高新": "高新技术企业",
    "国高新": "高新技术企业",
    "国高": "高新技术企业",
    "高企": "高新技术企业",
    "专精特新": "专精特新",
    "小巨人": "小巨人",
    "科技型中小企业": "科技型中小企业",
    "科小": "科技型中小企业",
    "创新型中小企业": "创新型中小企业",
    "技术先进型服务企业": "技术先进型服务企业",
    "瞪羚": "瞪羚企业",
    "企业技术中心": "企业技术中心",
}

_FIRST = re.compile(r"首次|初次|(?<!重)新认定|新获认定|新获评")
_AGAIN = re.compile(r"重新认定|再次认定|复核|连续两次|到期重新")
_AWARD = re.compile(r"认定|获评|评为|入选|通过")
_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")
_YEARS = re.compile(r"((?:19|20)\d{2})\s*年?\s*(?:-|—|－|至|到)\s*((?:19|20)\d{2})\s*年")
# More than the certificate: a figure of money or share, an award tier, a table row.
_MORE = re.compile(r"\d\s*(?:万|亿|元|%|％)|给予|\|")


@dataclass(frozen=True)
class Finding:
    met: bool
    statement: str
    why: str  # Chinese: what agrees or differs


def certificate_names(text: str) -> set[str]:
    """The certificates ``text`` names (one name per certificate, however it is written)."""
    return {name for written, name in CERTIFICATES.items() if written in text}


def _years(text: str) -> set[int]:
    found = {int(y) for y in _YEAR.findall(text)}
    for start, end in _YEARS.findall(text):
        found |= set(range(int(start), int(end) + 1))
    return found


def _kind(text: str) -> str:
    """The kind of award: "first" (首次认定), "again" (重新认定/复核), or "" (neither or both)."""
    first, again = bool(_FIRST.search(text)), bool(_AGAIN.search(text))
    return "first" if first and not again else "again" if again and not first else ""


def _differs(said: str, required: str) -> str:
    """Why ``said`` is another award than ``required`` asks for ("" when nothing differs)."""
    said_years, required_years = _years(said), _years(required)
    if said_years and len(required_years) == 1 and not said_years & required_years:
        return "认定年份不同"
    said_kind, required_kind = _kind(said), _kind(required)
    if said_kind and required_kind and said_kind != required_kind:
        return "首次认定与重新认定不同"
    said_batch, required_batch = batch_numbers(said), batch_numbers(required)
    if said_batch and required_batch and not said_batch & required_batch:
        return "认定批次不同"
    return ""


def _agrees(said: str, required: str) -> bool:
    """Whether ``said`` states every qualifier ``required`` names: its year, its batch, its kind."""
    if not _years(said) & _years(required):
        return False
    if batch_numbers(required) and not batch_numbers(said) & batch_numbers(required):
        return False
    return not _kind(required) or _kind(said) == _kind(required)


def certified(condition: str, statements: Iterable[str]) -> Finding | None:
    """How the company's statements about its certificate bear on ``condition``; None when they do not
    (no dated certificate condition, no statement naming that certificate with a year). A company may
    hold several awards of one certificate ("2016年认定过高企，2021年重新认定"): one that agrees settles
    the condition, another year's award does not fail it."""
    names = certificate_names(condition)
    if not names or not _years(condition) or _MORE.search(condition):
        return None
    statements = list(statements)
    named = set().union(*(certificate_names(said) for said in statements))
    agreed = differs = None
    for said in statements:
        # "2016年认定高企，2021年第三批重新认定": an award said without a name is of the one certificate named
        of = certificate_names(said) or (named if len(named) == 1 and _AWARD.search(said) else set())
        if not of & names or not _years(said):
            continue
        if why := _differs(said, condition):
            differs = differs or Finding(False, said, why)
        elif agreed is None and _agrees(said, condition):
            agreed = Finding(True, said, "认定年份、批次与本条相符")
    return agreed or differs


def award_kind(name: str, kind: str, statements: Iterable[str]) -> Finding | None:
    """Whether the company's award of certificate ``name`` is of ``kind`` ("first": 首次认定, "again": 重新认定);
    None when no statement naming that certificate says which. An award said without a name ("2021年重新认定")
    is of the one certificate the company names."""
    statements = list(statements)
    named = set().union(*(certificate_names(said) for said in statements))
    for said in statements:
        of = certificate_names(said) or (named if _AWARD.search(said) else set())
        said_kind = _kind(said) if of == {name} or name in certificate_names(said) else ""
        if said_kind:
            words = {"first": "首次认定", "again": "重新认定"}
            return Finding(said_kind == kind, said, f"本条适用于{words[kind]}的{name}")
    return None
