"""Fixtures for the facts tests: sample documents with their sources.tsv metadata, extracted once."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from knowledge.facts import DocFacts, extract_facts
from knowledge.model import DocKind, DocumentMeta
from knowledge.sectioning import split_sections

SAMPLES = Path(__file__).resolve().parents[3] / "knowledge" / "samples"


def sample_meta() -> dict[str, tuple[DocumentMeta, str]]:
    """doc_id → (metadata from sources.tsv, text) for every sample document."""
    docs = {}
    with open(SAMPLES / "sources.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text = (SAMPLES / row["file"]).read_text(encoding="utf-8")
            doc_id = row["file"].removesuffix(".txt")
            meta = DocumentMeta(
                doc_id=doc_id,
                title=text.strip().splitlines()[0].strip(),
                kind=DocKind(row["kind"]),
                region=row["region"],
                issuer=row["issuer"],
                issued=row["issued_date"],
                source=row["source_address"],
            )
            docs[doc_id] = (meta, text)
    return docs


@pytest.fixture(scope="session")
def corpus_facts() -> dict[str, DocFacts]:
    """Facts of every sample document, extracted once per test session."""
    result = {}
    for doc_id, (meta, text) in sample_meta().items():
        result[doc_id] = extract_facts(meta, text, split_sections(text, meta.title))
    return result


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    return {doc_id: text for doc_id, (_meta, text) in sample_meta().items()}
