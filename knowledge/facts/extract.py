"""``extract_facts``: every extractor over one parse of the document.

Any kind of document is processed — a policy simply yields no window — because sources.tsv
kinds are sometimes wrong and a 办法 may still state its own 申报时间.

``extractor_version()`` names the extraction code: a hash of this package's sources. Ingest stores it
with each document's facts and extracts again when it differs, so an improved extractor reaches a
knowledge base without touching unchanged files' chunks and vectors. A hash, not a constant to bump:
a forgotten bump would keep stale facts, while a needless re-extraction only costs a parse per document.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from knowledge.facts.amounts import find_amounts
from knowledge.facts.conditions import find_conditions
from knowledge.facts.contacts import find_contacts
from knowledge.facts.dates import find_windows
from knowledge.facts.materials import find_materials, find_submissions
from knowledge.facts.model import DocFacts
from knowledge.facts.nlp import parse
from knowledge.model import DocumentMeta, Section


def extract_facts(meta: DocumentMeta, text: str, sections: list[Section]) -> DocFacts:
    """All facts of one document; ``sections`` (from ``split_sections``) label each span."""
    doc = parse(text)
    ordered = sorted(sections, key=lambda s: s.start)
    return DocFacts(
        doc_id=meta.doc_id,
        title=meta.title,
        windows=find_windows(meta, text, doc, ordered),
        conditions=find_conditions(meta, text, doc, ordered),
        amounts=find_amounts(meta, text, doc, ordered),
        materials=find_materials(meta, text, doc, ordered),
        submissions=find_submissions(meta, text, doc, ordered),
        contacts=find_contacts(meta, text, doc, ordered),
    )


@lru_cache(maxsize=1)
def extractor_version() -> str:
    """A short hash of every module of :mod:`knowledge.facts` (names and contents, in name order)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
