"""JSON-safe storage form of ``DocFacts`` and its exact inverse.

``DocFacts.to_dict`` is the presentation shape (status, days_left, missing);
this module is the storage shape: every field, nothing computed, so that
``load(dump(facts)) == facts`` holds and the store can be re-read without
re-running extraction. Datetimes keep their UTC offset in ISO 8601 and are
re-attached to the service zone on load, so comparisons stay aware.
Predicate values are stored as JSON lists/numbers/strings; place chains
(tuples) are restored on load, so the round trip is exact.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from knowledge.clock import service_zone
from knowledge.facts.model import (
    Amount,
    Condition,
    Contact,
    DocFacts,
    Material,
    Predicate,
    Submission,
    Window,
)
from knowledge.model import Span

FORMAT_VERSION = 1


def _span(data: dict[str, Any]) -> Span:
    return Span(
        doc_id=data["doc_id"],
        text=data["text"],
        start=int(data["start"]),
        end=int(data["end"]),
        section=data.get("section", ""),
        reviewed=bool(data.get("reviewed", False)),
    )


def _dt(value: str | None) -> datetime | None:
    # Stored with its offset; moved back onto the service zone so loaded windows print like fresh ones.
    return None if value is None else datetime.fromisoformat(value).astimezone(service_zone())


def _dump_window(w: Window) -> dict[str, Any]:
    return {
        "start": w.start.isoformat() if w.start else None,
        "end": w.end.isoformat() if w.end else None,
        "span": w.span.to_dict(),
        "label": w.label,
        "year_inferred": w.year_inferred,
        "end_time_given": w.end_time_given,
        "hard": w.hard,
        "audience": w.audience,
        "step": w.step,
        "batch": w.batch,
        "recurring": w.recurring,
        "year_source": w.year_source,
    }


def _load_window(d: dict[str, Any]) -> Window:
    return Window(
        start=_dt(d.get("start")),
        end=_dt(d.get("end")),
        span=_span(d["span"]),
        label=d.get("label", ""),
        year_inferred=bool(d.get("year_inferred", False)),
        end_time_given=bool(d.get("end_time_given", False)),
        hard=bool(d.get("hard", False)),
        audience=d.get("audience", "applicant"),
        step=d.get("step", "apply"),
        batch=d.get("batch", ""),
        recurring=bool(d.get("recurring", False)),
        year_source=d.get("year_source", ""),
    )


def _dump_condition(c: Condition) -> dict[str, Any]:
    p = c.predicate
    return {
        "text": c.text,
        "span": c.span.to_dict(),
        "predicate": None if p is None else {"field": p.field, "op": p.op, "value": p.value, "unit": p.unit},
    }


def _predicate_value(p: dict[str, Any]) -> Any:
    """JSON turned place chains (tuples) into lists; give them back, also inside "any" alternatives."""
    if p["op"] == "in":
        return tuple(p["value"])
    if p["op"] == "any":
        return [{**alt, "value": _predicate_value(alt)} for alt in p["value"]]
    return p["value"]


def _load_condition(d: dict[str, Any]) -> Condition:
    p = d.get("predicate")
    predicate = None
    if p is not None:
        predicate = Predicate(field=p["field"], op=p["op"], value=_predicate_value(p), unit=p.get("unit", ""))
    return Condition(text=d["text"], span=_span(d["span"]), predicate=predicate)


def _dump_amount(a: Amount) -> dict[str, Any]:
    return {
        "text": a.text,
        "span": a.span.to_dict(),
        "max_wan": a.max_wan,
        "ratio": a.ratio,
        "fixed_wan": a.fixed_wan,
        "one_off": a.one_off,
        "scope": a.scope,
    }


def _load_amount(d: dict[str, Any]) -> Amount:
    return Amount(
        text=d["text"],
        span=_span(d["span"]),
        max_wan=d.get("max_wan"),
        ratio=d.get("ratio"),
        fixed_wan=d.get("fixed_wan"),
        one_off=bool(d.get("one_off", False)),
        scope=d.get("scope", "per_applicant"),
    )


def _dump_submission(s: Submission) -> dict[str, Any]:
    return {"text": s.text, "span": s.span.to_dict(), "method": s.method, "url": s.url, "address": s.address}


def _load_submission(d: dict[str, Any]) -> Submission:
    return Submission(
        text=d["text"],
        span=_span(d["span"]),
        method=d.get("method", ""),
        url=d.get("url", ""),
        address=d.get("address", ""),
    )


def contact_fields(c: Contact) -> dict[str, Any]:
    """A contact's own fields, JSON-ready, without its span: the stored form below and an answer's data."""
    return {
        "department": c.department,
        "person": c.person,
        "phones": list(c.phones),
        "email": c.email,
        "address": c.address,
        "fax": list(c.fax),
    }


def _dump_contact(c: Contact) -> dict[str, Any]:
    return {"span": c.span.to_dict(), **contact_fields(c)}


def _load_contact(d: dict[str, Any]) -> Contact:
    return Contact(
        span=_span(d["span"]),
        department=d.get("department", ""),
        person=d.get("person", ""),
        phones=tuple(d.get("phones", ())),
        email=d.get("email", ""),
        address=d.get("address", ""),
        fax=tuple(d.get("fax", ())),
    )


def dump(facts: DocFacts) -> dict[str, Any]:
    """Storage form of ``facts``: plain dicts, lists, strings, numbers and ISO datetimes."""
    return {
        "version": FORMAT_VERSION,
        "doc_id": facts.doc_id,
        "title": facts.title,
        "windows": [_dump_window(w) for w in facts.windows],
        "conditions": [_dump_condition(c) for c in facts.conditions],
        "amounts": [_dump_amount(a) for a in facts.amounts],
        "materials": [{"text": m.text, "span": m.span.to_dict()} for m in facts.materials],
        "submissions": [_dump_submission(s) for s in facts.submissions],
        "contacts": [_dump_contact(c) for c in facts.contacts],
    }


def load(data: dict[str, Any]) -> DocFacts:
    """Inverse of :func:`dump`; raises ``ValueError`` on a storage form from a newer version."""
    version = data.get("version", FORMAT_VERSION)
    if version > FORMAT_VERSION:
        raise ValueError(f"facts format version {version} is newer than supported {FORMAT_VERSION}")
    return DocFacts(
        doc_id=data["doc_id"],
        title=data["title"],
        windows=[_load_window(w) for w in data.get("windows", [])],
        conditions=[_load_condition(c) for c in data.get("conditions", [])],
        amounts=[_load_amount(a) for a in data.get("amounts", [])],
        materials=[Material(text=m["text"], span=_span(m["span"])) for m in data.get("materials", [])],
        submissions=[_load_submission(s) for s in data.get("submissions", [])],
        contacts=[_load_contact(c) for c in data.get("contacts", [])],
    )
