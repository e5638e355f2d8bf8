"""Exceptions raised by the knowledge package; callers catch ``KnowledgeError``.

Messages are user-facing (Simplified Chinese) because the CLI prints them as the one error line.
"""

from __future__ import annotations


class KnowledgeError(Exception):
    """Root of every error the knowledge layer raises on purpose."""


class DocumentNotFound(KnowledgeError, LookupError):
    """No document with the given id is in the knowledge base."""

    def __init__(self, doc_id: str) -> None:
        super().__init__(f"知识库中没有文档 {doc_id!r}（用 `policybot docs` 查看已入库文档）")
        self.doc_id = doc_id


class UnsupportedFile(KnowledgeError):
    """A file cannot be turned into text (unknown extension, unreadable, no text layer)."""


class IndexMismatch(KnowledgeError):
    """Stored vectors were made by another embedding model or dimension; they must not be mixed."""


class EmbeddingUnavailable(KnowledgeError):
    """An embedding backend is unknown or its package/model cannot be loaded."""


class EmptyKnowledgeBase(KnowledgeError):
    """A search or answer was requested before anything was ingested."""
