"""Apply a document's eligibility conditions to what a company said about itself.

Each condition's predicate is checked by :mod:`knowledge.facts.predicate_checks` (符合 / 不符合 / 需确认, with
the reason in Chinese); a condition with no predicate, or one the check leaves unknown, is held against the
company's own words: what it says of its certificate (year, batch, first award) settles a dated certificate
condition, a phrase it shares with the condition settles it either way. Overall: not eligible as soon as one
condition fails, eligible only when every condition is met, otherwise needs confirmation (conditional) — with
the profile fields whose answers would settle it, so the form asks only for those. Items listing kinds of
applicants under one heading count as one condition.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from typing import Any

from knowledge.company import CompanyProfile
from knowledge.facts.certified import certified
from knowledge.facts.model import PROFILE_FIELDS, Condition, Predicate
from knowledge.facts.predicate_checks import Outcome, check
from knowledge.facts.statements import excludes, judge
from knowledge.model import SECTION_SEPARATOR

__all__ = ["ConditionResult", "EligibilityResult", "Outcome", "Verdict", "evaluate_profile"]


class Verdict(str, Enum):
    """yes / no / conditional (需确认), under the names the actions and the evaluation read."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_CONFIRMATION = "needs_confirmation"


@dataclass(frozen=True)
class ConditionResult:
    condition: Condition
    outcome: Outcome
    reason: str = ""  # Chinese: why met / failed / what to confirm

    def to_dict(self) -> dict[str, Any]:
        p = self.condition.predicate
        return {
            "text": self.condition.text,
            "section": self.condition.span.section,
            "outcome": self.outcome.value,
            "status": self.outcome.label,
            "reason": self.reason,
            "field": p.field if p else None,
            "op": p.op if p else None,
            "value": list(p.value) if p and isinstance(p.value, tuple) else (p.value if p else None),
            "unit": p.unit if p else "",
        }


@dataclass(frozen=True)
class EligibilityResult:
    verdict: Verdict
    results: list[ConditionResult] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)  # PROFILE_FIELDS keys to ask for, in order
    doc_id: str = ""
    title: str = ""

    def by_outcome(self, outcome: Outcome) -> list[ConditionResult]:
        return [r for r in self.results if r.outcome is outcome]

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id,
            "title": self.title,
            "verdict": self.verdict.value,
            "conditions": [r.to_dict() for r in self.results],
            "missing_fields": self.missing_fields,
            "missing_labels": [PROFILE_FIELDS[f] for f in self.missing_fields if f in PROFILE_FIELDS],
        }


def _fields(p: Predicate) -> list[str]:
    if p.op in ("any", "all", "when"):
        return [f for alt in p.value for f in _fields(Predicate(**alt) if isinstance(alt, dict) else alt)]
    if p.field in ("founded", "award"):
        return {"founded": ["years_established"], "award": ["qualifications"]}[p.field]
    return [p.field] if p.field in PROFILE_FIELDS else []


def _stated(
    condition: Condition, statements: tuple[str, ...], outcome: Outcome, reason: str
) -> tuple[Outcome, str]:
    """A condition no field settles, held against the company's own words: what it says of its certificate
    (knowledge.facts.certified), else any phrase it shares (knowledge.facts.statements)."""
    award = certified(condition.text, statements)
    if award is not None:
        said = f"您说“{award.statement}”，{award.why}"
        return (Outcome.MET, f"{said}，与本条相符") if award.met else (Outcome.FAILED, f"{said}，与本条不符")
    found = judge(statements, condition.text)
    if found is None:
        return outcome, reason
    if found.met:
        return Outcome.MET, f"您说“{found.statement}”，与本条相符"
    return Outcome.FAILED, f"您说“{found.statement}”，与本条（“{found.shared}”）不符"


# Headings that list kinds of applicants, any one of which may apply (奖励对象: 首次认定的…；整体迁入的…).
_EITHER_HEADING = re.compile(r"对象|范围|其一|之一|任一")


def _alternatives(r: ConditionResult) -> str:
    """The group key of an applicant-kind item (an item with no predicate, or naming public bodies, under such a
    heading), else "".
    An item that leaves applicants out ("…的企业,不再推荐") is a condition of its own, not one kind of many."""
    path = r.condition.span.section.split(SECTION_SEPARATOR) if r.condition.span.section else []
    heading = path[-1] if len(path) > 1 else ""
    kind = r.condition.predicate is None or r.condition.predicate.field == "applicant"
    if kind and _EITHER_HEADING.search(heading) and not excludes(r.condition.text):
        return r.condition.span.section
    return ""


def _overall(results: list[ConditionResult]) -> set[Outcome]:
    """The outcomes that decide the verdict: items of one applicant-kind list count as one condition —
    met when any is met, failed when all fail."""
    groups: dict[str, list[Outcome]] = {}
    outcomes: set[Outcome] = set()
    for r in results:
        key = _alternatives(r)
        if key:
            groups.setdefault(key, []).append(r.outcome)
        else:
            outcomes.add(r.outcome)
    for members in groups.values():
        if len(members) == 1 or Outcome.MET in members:
            outcomes.add(members[0] if len(members) == 1 else Outcome.MET)
        else:
            outcomes.add(Outcome.FAILED if set(members) == {Outcome.FAILED} else Outcome.UNKNOWN)
    return outcomes


def _assumed(r: ConditionResult, today: date | None) -> bool:
    """Whether ``r`` is met whatever the company says ("不含房地产类企业" for one that named no kind): such a
    condition alone is no ground for 符合 — a company that stated nothing checkable hears 需确认."""
    p = r.condition.predicate
    return r.outcome is Outcome.MET and p is not None and check(p, CompanyProfile(), today)[0] is Outcome.MET


def as_profile(profile: CompanyProfile | Mapping[str, Any]) -> CompanyProfile:
    return profile if isinstance(profile, CompanyProfile) else CompanyProfile.from_dict(profile)


def evaluate_profile(
    conditions: Iterable[Condition],
    profile: CompanyProfile | Mapping[str, Any],
    *,
    doc_id: str = "",
    title: str = "",
    today: date | None = None,
) -> EligibilityResult:
    """Every condition checked against ``profile``; fields it lacks are listed in ``missing_fields``.

    A stated qualifications list is taken as complete: a required qualification absent from it fails.
    """
    company = as_profile(profile)
    results = []
    missing: list[str] = []
    for condition in conditions:
        predicate = condition.predicate
        if predicate is None:
            outcome, reason = Outcome.UNKNOWN, "无法自动核对，请对照原文确认"
        else:
            outcome, reason = check(predicate, company, today)
        if outcome is Outcome.UNKNOWN and company.statements:
            outcome, reason = _stated(condition, company.statements, outcome, reason)
        if outcome is Outcome.UNKNOWN and predicate is not None:
            missing += [
                f for f in _fields(predicate) if f not in missing and getattr(company, f, None) is None
            ]
        results.append(ConditionResult(condition, outcome, reason))
    outcomes = _overall(results)
    if Outcome.FAILED in outcomes:
        verdict = Verdict.NOT_ELIGIBLE
    elif outcomes == {Outcome.MET} and any(not _assumed(r, today) for r in results):
        verdict = Verdict.ELIGIBLE
    else:
        verdict = Verdict.NEEDS_CONFIRMATION
    return EligibilityResult(verdict, results, missing, doc_id, title)
