"""Check a company profile against a document's eligibility conditions.

Each condition comes out ``met``, ``failed`` or ``unknown`` (no predicate, or the profile lacks
the field). Overall: ``not_eligible`` as soon as one condition fails, ``eligible`` only when every
condition is met, otherwise ``needs_confirmation`` — with the list of profile fields whose answers
would settle it, so the Rasa form asks only for those.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from knowledge.facts.model import PROFILE_FIELDS, Condition, Predicate
from knowledge.facts.places import region_match


class Outcome(str, Enum):
    MET = "met"
    FAILED = "failed"
    UNKNOWN = "unknown"


class Verdict(str, Enum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_CONFIRMATION = "needs_confirmation"


@dataclass(frozen=True)
class ConditionResult:
    condition: Condition
    outcome: Outcome

    def to_dict(self) -> dict[str, Any]:
        p = self.condition.predicate
        return {
            "text": self.condition.text,
            "section": self.condition.span.section,
            "outcome": self.outcome.value,
            "field": p.field if p else None,
            "op": p.op if p else None,
            "value": p.value if p else None,
            "unit": p.unit if p else "",
        }


@dataclass(frozen=True)
class EligibilityResult:
    verdict: Verdict
    results: list[ConditionResult] = field(default_factory=list)
    missing_fields: list[str] = field(default_factory=list)  # PROFILE_FIELDS keys to ask for, in order
    doc_id: str = ""
    title: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc": self.doc_id,
            "title": self.title,
            "verdict": self.verdict.value,
            "conditions": [r.to_dict() for r in self.results],
            "missing_fields": self.missing_fields,
            "missing_labels": [PROFILE_FIELDS[f] for f in self.missing_fields],
        }


_COMPARE: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}
_TRUE_WORDS = {"是", "有", "对", "true", "yes", "y", "1", "具备", "独立法人", "良好", "无失信"}
_FALSE_WORDS = {"否", "不是", "没有", "无", "false", "no", "n", "0", "不具备", "有失信"}


def _as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    return True if text in _TRUE_WORDS else False if text in _FALSE_WORDS else None


def _as_number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(str(value).strip().rstrip("%").replace(",", ""))
    except ValueError:
        return None


def _as_list(value: Any) -> list[str]:
    if isinstance(value, str):
        return [v for v in value.replace("，", ",").replace("、", ",").split(",") if v.strip()]
    return [str(v) for v in value] if isinstance(value, Iterable) else [str(value)]


def check(predicate: Predicate, value: Any) -> Outcome:
    """Outcome of one predicate for one profile value (``None`` = the profile does not say)."""
    if value is None or value == "":
        return Outcome.UNKNOWN
    if predicate.field == "registered_district":
        matched = region_match(list(predicate.value), predicate.unit, str(value))
        return Outcome.UNKNOWN if matched is None else Outcome.MET if matched else Outcome.FAILED
    if predicate.op == "has":
        held = _as_list(value)
        return (
            Outcome.MET
            if any(predicate.value in q or q in predicate.value for q in held if q)
            else Outcome.FAILED
        )
    if predicate.op == "in":
        return Outcome.MET if str(value) in [str(v) for v in predicate.value] else Outcome.FAILED
    if isinstance(predicate.value, bool):
        flag = _as_bool(value)
        return Outcome.UNKNOWN if flag is None else Outcome.MET if flag == predicate.value else Outcome.FAILED
    number = _as_number(value)
    compare = _COMPARE.get(predicate.op)
    if number is None or compare is None:
        return Outcome.UNKNOWN
    return Outcome.MET if compare(number, float(predicate.value)) else Outcome.FAILED


def evaluate_profile(
    conditions: Iterable[Condition], profile: Mapping[str, Any], *, doc_id: str = "", title: str = ""
) -> EligibilityResult:
    """Evaluate every condition against ``profile`` (keys from ``PROFILE_FIELDS``).

    A field the profile lacks — or states too vaguely to decide, such as a bare place name — is
    listed in ``missing_fields``. A stated qualifications list is taken as complete: a required
    qualification absent from it fails.
    """
    results = []
    missing: list[str] = []
    for condition in conditions:
        predicate = condition.predicate
        if predicate is None:
            results.append(ConditionResult(condition, Outcome.UNKNOWN))
            continue
        outcome = check(predicate, profile.get(predicate.field))
        if outcome is Outcome.UNKNOWN and predicate.field not in missing:
            missing.append(predicate.field)
        results.append(ConditionResult(condition, outcome))
    outcomes = {r.outcome for r in results}
    if Outcome.FAILED in outcomes:
        verdict = Verdict.NOT_ELIGIBLE
    elif outcomes == {Outcome.MET}:
        verdict = Verdict.ELIGIBLE
    else:
        verdict = Verdict.NEEDS_CONFIRMATION
    return EligibilityResult(verdict, results, missing, doc_id, title)
