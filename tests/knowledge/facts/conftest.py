"""Fixtures for the facts tests, each extracted once per session.

``corpus_*``: the real third-party notices in ``../shared/corpus`` (kept outside the project; the tests
that use them skip when it is absent). ``sample_facts``: the project's own sample notices, loaded the
way ingestion loads them (so .md, .html and .docx go through their readers).
"""

from __future__ import annotations

import csv

import pytest

from knowledge.facts import DocFacts, extract_facts
from knowledge.loaders import discover, load, read_sources
from knowledge.model import DocKind, DocumentMeta
from knowledge.sectioning import split_sections
from tests.conftest import ROOT, SAMPLES

CORPUS = ROOT.parent / "shared" / "corpus"


def corpus_meta() -> dict[str, tuple[DocumentMeta, str]]:
    """doc_id → (metadata from the corpus's sources.tsv, text) for every real notice."""
    if not (CORPUS / "sources.tsv").is_file():
        pytest.skip(f"{CORPUS} is absent: the real notices are read from ../shared at test time")
    docs = {}
    with open(CORPUS / "sources.tsv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            text = (CORPUS / row["file"]).read_text(encoding="utf-8")
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
    """Facts of every real notice in ../shared/corpus."""
    return {
        doc_id: extract_facts(meta, text, split_sections(text, meta.title))
        for doc_id, (meta, text) in corpus_meta().items()
    }


@pytest.fixture(scope="session")
def corpus_texts() -> dict[str, str]:
    return {doc_id: text for doc_id, (_meta, text) in corpus_meta().items()}


@pytest.fixture(scope="session")
def sample_facts() -> dict[str, DocFacts]:
    """Facts of every sample document in knowledge/samples."""
    files, _skipped = discover([SAMPLES])
    sources = read_sources(SAMPLES)
    result = {}
    for path in files:
        loaded = load(path, sources)
        result[loaded.meta.doc_id] = extract_facts(
            loaded.meta, loaded.text, split_sections(loaded.text, loaded.meta.title)
        )
    return result
