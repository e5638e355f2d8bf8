"""policybot's knowledge layer: ingest policy documents, extract facts, search and answer.

Callers use the facade and the value types exported here; the modules behind them are internals.
Importing this package loads no model, index or database (they load on first use).
"""

from knowledge.answer import Answer, Citation
from knowledge.base import IngestReport, KnowledgeBase
from knowledge.calls import CallInfo
from knowledge.errors import (
    DocumentNotFound,
    EmbeddingUnavailable,
    EmptyKnowledgeBase,
    IndexMismatch,
    KnowledgeError,
    UnsupportedFile,
)
from knowledge.facts import DocFacts, EligibilityResult
from knowledge.model import AnswerType, CallStatus, Chunk, DocKind, DocumentMeta, Hit, Section, Span
from knowledge.resolve import DocMatch
from knowledge.search import SearchFilters

__all__ = [
    "Answer",
    "AnswerType",
    "CallInfo",
    "CallStatus",
    "Chunk",
    "Citation",
    "DocFacts",
    "DocKind",
    "DocMatch",
    "DocumentMeta",
    "DocumentNotFound",
    "EligibilityResult",
    "EmbeddingUnavailable",
    "EmptyKnowledgeBase",
    "Hit",
    "IndexMismatch",
    "IngestReport",
    "KnowledgeBase",
    "KnowledgeError",
    "SearchFilters",
    "Section",
    "Span",
    "UnsupportedFile",
]
