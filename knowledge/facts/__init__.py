"""Typed facts extracted from policy documents, with provenance, and the eligibility check.

``extract_facts(meta, text, sections)`` → ``DocFacts`` (windows, conditions, amounts, materials,
submissions, contacts); ``dump`` / ``load`` store them; ``evaluate_profile`` checks a company
profile against a document's conditions.
"""

from knowledge.facts.eligibility import ConditionResult, EligibilityResult, Outcome, Verdict, evaluate_profile
from knowledge.facts.extract import extract_facts
from knowledge.facts.model import (
    PROFILE_FIELDS,
    Amount,
    Condition,
    Contact,
    DocFacts,
    Material,
    Predicate,
    Submission,
    Window,
)
from knowledge.facts.serialize import dump, load

__all__ = [
    "PROFILE_FIELDS",
    "Amount",
    "Condition",
    "ConditionResult",
    "Contact",
    "DocFacts",
    "EligibilityResult",
    "Material",
    "Outcome",
    "Predicate",
    "Submission",
    "Verdict",
    "Window",
    "dump",
    "evaluate_profile",
    "extract_facts",
    "load",
]
