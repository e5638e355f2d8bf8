"""Calls for applications that are open (or about to open), and which of them fit a company.

"有什么现在能报的？" and "我们能报哪些？" are answered over every document's application window,
judged at ``today`` in the service time zone. The window used is the applicant's own one (the same
choice as the deadline answer), so a list never shows the later date meant for the bodies that
forward applications.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from knowledge import clock
from knowledge.facts.eligibility import EligibilityResult, Verdict, evaluate_profile
from knowledge.facts.model import Window
from knowledge.facts.windows import pick_window
from knowledge.model import CallStatus, Citation, DocumentMeta
from knowledge.resolve import Query, question_regions, region_conflict, rewrite_query

if TYPE_CHECKING:
    from knowledge.corpus import Corpus

ACTIVE = frozenset({CallStatus.OPEN, CallStatus.UPCOMING})
_VERDICT_ORDER = {Verdict.ELIGIBLE: 0, Verdict.NEEDS_CONFIRMATION: 1, Verdict.NOT_ELIGIBLE: 2}


@dataclass(frozen=True)
class CallInfo:
    doc: str
    title: str
    region: str
    status: CallStatus
    window: Window
    days_left: int | None
    citation: Citation

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc,
            "title": self.title,
            "region": self.region,
            "status": self.status.value,
            "start": self.window.start.isoformat() if self.window.start else None,
            "deadline": self.window.end.isoformat() if self.window.end else None,
            "days_left": self.days_left,
            "citation": self.citation.to_dict(),
        }


def _region_fits(kb: Corpus, region: str, meta: DocumentMeta) -> bool:
    """A district asked for is served by its own and by city/province-wide calls ("徐汇" ← "上海市")."""
    chains = question_regions(region)
    entry = kb.key_index().get(meta.doc_id)
    if not chains or entry is None:
        return region in meta.region
    return not region_conflict(Query(text=region, topic=frozenset(), regions=chains), entry[1].region)


def _industry_fits(kb: Corpus, industry: str, meta: DocumentMeta) -> bool:
    terms = [t for t in rewrite_query(industry).split() if t]
    haystack = meta.title + kb.text(meta.doc_id)
    return any(term in haystack for term in terms)


def _call(kb: Corpus, meta: DocumentMeta, now: datetime) -> CallInfo | None:
    window = pick_window(kb.facts(meta.doc_id).windows, "")
    if window is None:
        return None
    local_day = now.astimezone(window.end.tzinfo).date() if window.end else now.date()
    days_left = window.days_left(local_day)
    citation = Citation(meta.doc_id, meta.title, window.span.section, window.span.text, meta.source)
    return CallInfo(meta.doc_id, meta.title, meta.region, window.status(now), window, days_left, citation)


def all_calls(kb: Corpus, *, today: date | None = None) -> list[CallInfo]:
    """Every document with an application window, whatever its status, sorted by deadline."""
    now = clock.moment(today)
    calls = [info for meta in kb.documents() if (info := _call(kb, meta, now)) is not None]
    return sorted(calls, key=lambda c: (c.window.end is None, c.window.end or now, c.doc))


def open_calls(
    kb: Corpus,
    *,
    today: date | None = None,
    within_days: int | None = None,
    region: str | None = None,
    industry: str | None = None,
    statuses: Collection[CallStatus] = ACTIVE,
) -> list[CallInfo]:
    """Open and upcoming calls (``statuses``), soonest deadline first; filters narrow the list."""
    if within_days is not None and within_days < 0:
        raise ValueError("within_days must be ≥ 0")
    result = []
    for call in all_calls(kb, today=today):
        if call.status not in statuses:
            continue
        if within_days is not None and (call.days_left is None or call.days_left > within_days):
            continue
        meta = kb.document(call.doc)
        if region and not _region_fits(kb, region, meta):
            continue
        if industry and not _industry_fits(kb, industry, meta):
            continue
        result.append(call)
    return result


def match_calls(
    kb: Corpus,
    profile: Mapping[str, Any],
    *,
    today: date | None = None,
    statuses: Collection[CallStatus] = ACTIVE,
) -> list[EligibilityResult]:
    """The company's chances on each active call: eligible first, then needs confirmation (with the
    profile fields to ask for), then not eligible (with the failing condition); by deadline within."""
    calls = open_calls(kb, today=today, statuses=statuses)
    results = [
        (evaluate_profile(kb.facts(c.doc).conditions, profile, doc_id=c.doc, title=c.title), position)
        for position, c in enumerate(calls)
    ]
    return [r for r, _ in sorted(results, key=lambda pair: (_VERDICT_ORDER[pair[0].verdict], pair[1]))]
