"""The narrow view of a knowledge base that the answer, resolver and calls services need.

The services take a ``Corpus`` instead of the ``KnowledgeBase`` facade, so they never import it: the
facade composes them, and dependencies inside the package point one way (enforced by import-linter,
``[tool.importlinter]`` in pyproject.toml). Tests may pass any object with these methods.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

from knowledge.model import DocumentMeta, Hit

if TYPE_CHECKING:
    from knowledge.facts.model import DocFacts
    from knowledge.keys import KeyIndex
    from knowledge.search import SearchFilters


class Corpus(Protocol):
    def documents(self) -> list[DocumentMeta]: ...

    def document(self, doc_id: str) -> DocumentMeta: ...

    def text(self, doc_id: str) -> str: ...

    def facts(self, doc_id: str) -> DocFacts: ...

    def key_index(self) -> KeyIndex: ...

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        method: str = "fused",
        filters: SearchFilters | None = None,
        today: date | None = None,
    ) -> list[Hit]: ...
