"""Storage round trip: what the store writes is what extraction produced."""

from __future__ import annotations

import json

import pytest

from knowledge.facts import dump, load
from knowledge.facts.serialize import contact_fields

pytestmark = pytest.mark.unit


def test_every_sample_document_round_trips_through_json(sample_facts):
    assert len(sample_facts) >= 15
    for doc_id, facts in sample_facts.items():
        stored = json.loads(json.dumps(dump(facts), ensure_ascii=False))
        assert load(stored) == facts, doc_id


def test_loaded_datetimes_stay_in_china_time(sample_facts):
    facts = load(json.loads(json.dumps(dump(sample_facts["zhuhai_kepu_zhuanti_2025"]))))
    assert facts.deadline.end.isoformat() == "2025-09-09T17:00:00+08:00"
    assert facts.deadline.end.utcoffset().total_seconds() == 8 * 3600


def test_newer_format_is_refused(sample_facts):
    data = dump(sample_facts["zhuhai_kepu_zhuanti_2025"])
    data["version"] = 99
    with pytest.raises(ValueError):
        load(data)


def test_an_answers_contact_fields_are_the_stored_contact_without_its_span(sample_facts):
    pairs = [
        (c, d) for facts in sample_facts.values() for c, d in zip(facts.contacts, dump(facts)["contacts"])
    ]
    assert pairs
    for contact, stored in pairs:
        assert contact_fields(contact) == {k: v for k, v in stored.items() if k != "span"}
        assert stored["span"] == contact.span.to_dict()
