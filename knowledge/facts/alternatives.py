"""Conditions met by any one of several alternatives.

Tiers a notice grants to ("营业收入15亿元以上,增速10%以上的,按…奖励", "…且上年度销售不超过3000万元的可申领…") are
one condition met by any one tier (each tier "all" of its parts), failed only when every tier fails; so are
the items under "符合其一即可" / after "符合下列情形之一".
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict

from knowledge.facts.certified import CERTIFICATES
from knowledge.facts.clause_predicates import CERT_NOT, all_of, distinct, predicates
from knowledge.facts.condition_items import item_conditions, split_items
from knowledge.facts.model import Condition, Predicate
from knowledge.facts.places import Chain
from knowledge.facts.spans import make_span, squash
from knowledge.model import DocumentMeta, Section

# "申报范围(符合其一即可)", "符合下列条件之一:": the items that follow are alternatives.
_EITHER = re.compile(r"其一|之一|任一|任何一")
_EITHER_LEAD = re.compile(r"(?:下列|以下|如下)[^，,。；;]{0,8}?(?:之一|其一|任一)")


def any_one_of(
    meta: DocumentMeta,
    text: str,
    sections: Sequence[Section],
    start: int,
    items: list[tuple[int, str]],
    doc_chain: Chain,
) -> tuple[list[tuple[int, str]], Condition | None]:
    """The items of the region at ``start`` that remain conditions of their own, and the group of those any one
    of which suffices (None when the region has none); the lead that announces a group is no condition."""
    first = _either_from(text, start, items)
    group = None if first is None else _either_group(meta, text, sections, items[first:], doc_chain)
    if group is None:
        return items, None
    return [(at, item) for at, item in items[:first] if not _EITHER_LEAD.search(item)], group


def _either_from(text: str, start: int, items: list[tuple[int, str]]) -> int | None:
    """Index of the first of ``items`` that is one alternative of several: 0 when the heading above the region
    says so, the item after a lead that says so, else None."""
    heading = text[text.rfind("\n", 0, max(start - 1, 0)) + 1 : start]
    if _EITHER.search(heading):
        return 0
    lead = next((i for i, (_, item) in enumerate(items) if _EITHER_LEAD.search(item)), None)
    return None if lead is None else lead + 1


def _either_group(
    meta: DocumentMeta,
    text: str,
    sections: Sequence[Section],
    items: list[tuple[int, str]],
    doc_chain: Chain,
) -> Condition | None:
    """Items any one of which suffices, as one condition: each item met when all its conditions are, the group
    met when one item is, failed when every one fails. None when fewer than two items check anything."""
    alternatives: list[Predicate] = []
    for at, item in items:
        found = item_conditions(meta, text, sections, item, at, doc_chain, set(), keep_raw=True)
        required = [c.predicate or Predicate("confirm", "confirm", c.text) for _, c in found]
        if required:
            alternatives.append(all_of(distinct(required)))
    if len(alternatives) < 2 or all(p.field == "confirm" for p in alternatives):
        return None
    span = make_span(meta.doc_id, text, items[0][0], items[-1][0] + len(items[-1][1]), sections)
    words = "；".join(squash(item).strip("；;，,。") for _, item in items)
    return Condition(
        text=f"符合下列情形之一：{words}",
        span=span,
        predicate=Predicate("any", "any", [asdict(p) for p in alternatives]),
    )


# ------------------------------------------------------------------ routes
# A tier a notice grants something to: "营业收入15亿元以上,增速10%以上的,按…奖励", "…且上年度销售不超过3000万元
# 的可申领…". The words before 的 say who gets it; the grant word after it says it is granted.
_GRANT = re.compile(
    r"(?:的(?:企业|单位|项目|主体)?|企业|单位)\s*[，,]?\s*"
    r"(?:可(?:独立|分别)?(?:申领|申请|享受|获得|给予)|按|(?:分别)?给予|予以|一次性)"
)
# Where a tier starts: after a bracket, a sentence end, or the clause that granted the one before it.
_ROUTE_BREAK = re.compile(r"[（(；;。\n]")
_ROUTE_LEAD = re.compile(r"^\s*(?:[^:：，,]{0,8}[:：])?\s*(?:对于|对|凡是?|其中)?\s*")
_CONJUNCT = re.compile(r"[，,]|且|并且|同时")
_GIVEN = re.compile(r"给予|予以|一次性|申领|享受|获得")  # a grant, not a manner ("企业按要求提交")
_KIND_WORDS = {
    "first": re.compile(r"首次|初次|(?<!重)新认定|新获认定"),
    "again": re.compile(r"重新认定|再次认定|复核"),
}


def _route_certificates(piece: str) -> list[Predicate]:
    """Certificates a tier names as its subject ("首次认定为高新技术企业"): held, and of which award."""
    found: list[Predicate] = []
    for written, name in CERTIFICATES.items():
        at = piece.find(written)
        if at < 0 or any(p.value == name for p in found) or CERT_NOT.search(piece[max(0, at - 10) : at]):
            continue
        found.append(Predicate("qualifications", "has", name))
        kinds = [kind for kind, words in _KIND_WORDS.items() if words.search(piece)]
        if len(kinds) == 1:
            found.append(Predicate("award", kinds[0], name))
    return found


def _conjunct(piece: str, doc_chain: Chain) -> list[Predicate]:
    """What one conjunct of a tier requires; kinds listed with 、 are alternatives, one of them unknown when
    nothing checks it ("双创平台企业、国家科技型中小企业")."""
    found = predicates(piece, doc_chain)
    held = [p.value for p in found if p.field == "qualifications" and p.op == "has"]
    found = [p for p in found if p.value not in held] + [
        p for p in _route_certificates(piece) if not found or p.value in held
    ]
    kinds = [k for k in piece.split("、") if len(k.strip()) >= 2]
    if len(kinds) < 2 or not found or any(p.field not in ("qualifications", "award") for p in found):
        return found
    alternatives = []
    named = next((str(p.value) for p in found if p.field == "qualifications"), "")
    for kind in kinds:
        award = any(words.search(kind) for words in _KIND_WORDS.values())
        each = _route_certificates(kind) or (_route_certificates(kind + named) if award and named else [])
        alternatives.append(all_of(each) if each else Predicate("confirm", "confirm", kind.strip()))
    return [Predicate("any", "any", [asdict(a) for a in alternatives])]


def _requires(tier: str, doc_chain: Chain, named: str) -> list[Predicate]:
    """What one tier requires, conjunct by conjunct; "重新认定的" names the award of the one certificate
    the item names (``named``)."""
    required: list[Predicate] = []
    last: list[Predicate] = []
    for piece in (c for c in _CONJUNCT.split(tier) if c.strip()):
        found = _conjunct(piece, doc_chain)
        if not found and named and any(words.search(piece) for words in _KIND_WORDS.values()):
            found = _route_certificates(piece + named)
        if found and last and re.match(r"\s*或", piece):  # "…50万元以上,或研发占比达到10%以上": either
            required = required[: -len(last)]
            found = [Predicate("any", "any", [asdict(all_of(last)), asdict(all_of(found))])]
        required += found
        last = found
    return required


def _tiers(tier: str, doc_chain: Chain, named: str) -> list[tuple[str, list[Predicate]]]:
    """A tier split where 、 starts another one that repeats a figure's measure ("首次认定…不超过5000万元、重新
    认定的且…不超过3000万元"); a piece that checks nothing joins the next ("双创平台企业、国家科技型…"), one
    that checks another measure or only a certificate joins the one before ("营业收入10亿元以上、增速15%以上",
    "新认定、复核通过的高企")."""
    found: list[tuple[str, list[Predicate]]] = []
    pending = ""
    for piece in tier.split("、"):
        text = f"{pending}、{piece}" if pending else piece
        required = _requires(text, doc_chain, named)
        fields = {p.field for p in required} - {"confirm", "any"}
        if not fields:
            pending = text
            continue
        pending = ""
        if found and not fields & {p.field for p in found[-1][1]} - {"qualifications", "award"}:
            text = f"{found[-1][0]}、{text}"
            found[-1] = (text, _requires(text, doc_chain, named))
        else:
            found.append((text, required))
    if pending and found:
        text = f"{found[-1][0]}、{pending}"
        found[-1] = (text, _requires(text, doc_chain, named))
    return found


def _routes(item: str, doc_chain: Chain) -> list[tuple[str, Predicate]]:
    """(tier text, what it requires) of every tier in one item; a tier nothing checks that is granted something
    ("对于新增隐形冠军的企业,给予…") is one more alternative, for the company's words or a person to confirm."""
    found: list[tuple[str, Predicate]] = []
    start = 0
    for grant in _GRANT.finditer(item):
        named = [(item.rfind(w, 0, grant.start()), name) for w, name in CERTIFICATES.items() if w in item]
        last = max(named, default=(-1, ""))  # the certificate named last before the grant
        breaks = [
            m.end()
            for m in _ROUTE_BREAK.finditer(item, start, grant.start())
            if m.group() not in "(（" or not re.search(r"[)）]", item[m.end() : grant.start()])
        ]  # a bracket closed before the grant is an aside, no start
        said = item[breaks[-1] if breaks else start : grant.start()]
        said = re.sub(r"^\s*[(（][一二三四五六七八九十\d]+[)）]", "", said)  # "(一)初次认定…"
        said = said[_ROUTE_LEAD.match(said).end() :]
        tier = re.sub(r"[(（][^()（）]*[)）]", "", said)  # "重新认定(即…)为高企": the aside is no tier
        tier = re.split(r"[)）]", tier)[-1]
        nxt = re.compile(r"[，,；;。)）]").search(item, grant.end())
        start = nxt.end() if nxt else len(item)
        granted = item[grant.start() : nxt.start() if nxt else len(item)]  # "的…,可申领…5万元的创新券"
        tiers = _tiers(tier, doc_chain, last[1] if last[0] >= 0 else "")
        checked = [(text, req) for text, req in tiers if any(p.field != "confirm" for p in req)]
        for text, required in checked:
            shown = said if len(tiers) == 1 else text  # the aside kept where the tier is not split
            found.append((shown.strip() + granted, all_of(required)))
        if not checked and len(tier.strip()) >= 4 and _GIVEN.search(grant.group()):
            found.append((said.strip() + granted, Predicate("confirm", "confirm", squash(said).strip())))
    return found


def route_group(
    meta: DocumentMeta, text: str, sections: Sequence[Section], doc_chain: Chain
) -> tuple[list[tuple[int, int]], Condition | None]:
    """The tiers a notice grants to, as one condition met by any one of them (failed when every one fails),
    and the (start, end) of the items they came from."""
    items: list[tuple[int, int]] = []
    routes: list[tuple[str, Predicate]] = []
    for at, item in split_items(text, 0, len(text)):
        found = _routes(item, doc_chain)
        if found:
            items.append((at, at + len(item)))
            routes += found
    if all(p.field == "confirm" for _, p in routes):
        return [], None  # nothing checkable: the items stay conditions of their own
    span = make_span(meta.doc_id, text, items[0][0], items[-1][1], sections)
    unique = distinct([p for _, p in routes])
    if len(unique) == 1:
        return items, Condition(text=squash(routes[0][0]), span=span, predicate=unique[0])
    words = "；".join(dict.fromkeys(squash(tier) for tier, _ in routes))
    group = Predicate("any", "any", [asdict(p) for p in unique])
    return items, Condition(text=f"符合下列情形之一：{words}", span=span, predicate=group)
