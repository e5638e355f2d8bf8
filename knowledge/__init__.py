"""policybot's knowledge layer: ingest policy documents, extract facts, search and answer.

Callers (the Rasa actions, the CLI) use the facade and the names exported here; the modules behind
them are internals (the import-linter contract in pyproject.toml keeps it so). Importing this package
loads no model, index or database (they load on first use).
"""

from knowledge.base import IngestReport, KnowledgeBase
from knowledge.calls import CallInfo
from knowledge.clock import now, today
from knowledge.company import CompanyProfile
from knowledge.config import settings
from knowledge.errors import (
    DocumentNotFound,
    EmbeddingUnavailable,
    EmptyKnowledgeBase,
    IndexMismatch,
    KnowledgeError,
    UnsupportedFile,
)
from knowledge.facts import PROFILE_FIELDS, DocFacts, EligibilityResult
from knowledge.facts.statements import asks_question
from knowledge.model import (
    Answer,
    AnswerType,
    CallStatus,
    Chunk,
    Citation,
    DocKind,
    DocMatch,
    DocumentMeta,
    Hit,
    Outcome,
    Section,
    Span,
)
from knowledge.profile import parse_profile
from knowledge.search import SearchFilters

__all__ = [
    "PROFILE_FIELDS",
    "Answer",
    "AnswerType",
    "CallInfo",
    "CallStatus",
    "Chunk",
    "Citation",
    "CompanyProfile",
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
    "Outcome",
    "SearchFilters",
    "Section",
    "Span",
    "UnsupportedFile",
    "asks_question",
    "now",
    "parse_profile",
    "settings",
    "today",
]
