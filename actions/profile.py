"""The eligibility form's slots ↔ the knowledge layer's company profile.

Reading what a company says is :func:`knowledge.parse_profile`'s job (one parser for questions and forms);
this module only maps between its :class:`knowledge.CompanyProfile` and the Rasa slots, whose names the
trained model fixes, and tells the parser which field the form just asked so a bare "80" or "徐汇" means it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from knowledge import CompanyProfile
from knowledge import parse_profile as read_profile

# The slots the form can ask for, in the order it asks.
FORM_FIELDS = ("registered_district", "years_established", "employees", "revenue", "qualifications")
# Slot name → profile field where they differ (the slot keeps the name the Rasa model was trained with).
_FIELD_OF_SLOT = {"registered_district": "registered_place"}
_SLOT_OF_FIELD = {field: slot for slot, field in _FIELD_OF_SLOT.items()}


def field_of(slot: str) -> str:
    return _FIELD_OF_SLOT.get(slot, slot)


def slot_of(field: str) -> str:
    return _SLOT_OF_FIELD.get(field, field)


def slots_of(profile: CompanyProfile, *, today: date | None = None) -> dict[str, Any]:
    """Form slot values stated in ``profile`` (a founding year becomes years since founding)."""
    values = profile.to_dict()
    age = profile.age(today or date.today())
    if age is not None:
        values["years_established"] = age
    return {slot: values[field_of(slot)] for slot in FORM_FIELDS if field_of(slot) in values}


def profile_of(slots: Mapping[str, Any]) -> CompanyProfile:
    """The profile the filled slots state (empty slots say nothing)."""
    return CompanyProfile.from_dict(
        {field_of(k): v for k, v in slots.items() if k in FORM_FIELDS and v is not None}
    )


def parse_profile(text: str, *, requested: str | None = None, today: date | None = None) -> dict[str, Any]:
    """Form slots stated in ``text``; ``requested`` (the slot just asked) gives bare answers a meaning.

    Inside the form every message is about the company, so the whole message is read even when it
    does not say "我们…".
    """
    return slots_of(read_profile(text, requested=field_of(requested) if requested else None), today=today)
