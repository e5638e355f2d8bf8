"""Hybrid retrieval over one snapshot of the store: BM25 + dense FAISS indexes, fused.

Methods are data, parsed from a string so the CLI and the evaluation can name any combination:
- ``bm25`` — lexical only;
- ``dense`` (the primary backend) or ``dense:<backend>`` — one embedding index;
- ``fused`` — BM25 + the primary dense backend with the default fusion (reciprocal rank);
- ``fused:<a>+<b>…`` picks the components (``bm25`` or backend names), ``fused/minmax:…`` the fusion.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

import numpy as np

from knowledge.asked import asked_shapes
from knowledge.chunking import index_text
from knowledge.embeddings import get_backend, one_thread
from knowledge.errors import KnowledgeError
from knowledge.fusion import DEFAULT_FUSION, Fusion
from knowledge.intent import classify
from knowledge.lexical import BM25Index, LexicalTokenizer
from knowledge.model import AnswerType, CallStatus, Chunk, DocKind, Hit
from knowledge.rerank import within_documents
from knowledge.rewrite import rewrite_query, search_query, without_hints

BM25 = "bm25"
MIN_DEPTH = 50  # candidates each method contributes to fusion
QUERY_CACHE = 256  # query embeddings kept (oldest dropped first)
# BM25 length normalisation over chunks (rank_bm25's 0.75 favoured short heading-like chunks).
# Swept 0.3-0.75 x k1 1.0-1.8 on the tuning half of knowledge/eval with expanded queries: fused R@1
# 0.793 at 0.75, 0.80-0.81 for b 0.3-0.6 at k1 1.5; 0.5 is the middle of that plateau.
BM25_B = 0.5


@lru_cache(maxsize=QUERY_CACHE)
def asked_kind(query: str) -> AnswerType:
    """What ``query`` asks for (:func:`knowledge.intent.classify`), once per distinct query: one answer
    searches the same words several times, each search needs the kind twice (the BM25 hints and the
    evidence shape), and the type model took about 60 % of a search at 3,000 documents (25 ms a call
    on 2 loaded cores)."""
    return classify(query)


@dataclass(frozen=True)
class SearchFilters:
    """Metadata filters. ``region`` and ``issuer`` match substrings ("徐汇" matches "上海市徐汇区")."""

    kind: DocKind | str | None = None
    region: str | None = None
    issuer: str | None = None
    status: CallStatus | str | None = None  # needs a "today"; compared with DocFacts.status
    doc_id: str | None = None

    def __post_init__(self) -> None:
        if self.kind is not None:
            object.__setattr__(self, "kind", DocKind(self.kind))
        if self.status is not None:
            object.__setattr__(self, "status", CallStatus(self.status))

    @property
    def empty(self) -> bool:
        return all(
            value in (None, "") for value in (self.kind, self.region, self.issuer, self.status, self.doc_id)
        )


@dataclass(frozen=True)
class Method:
    components: tuple[str, ...]  # "bm25" and/or dense backend names
    fusion: Fusion | None  # None: a single component, its own scores

    @classmethod
    def parse(cls, spec: str, primary: str | None) -> Method:
        name, _, argument = spec.strip().partition(":")
        if name == BM25 and not argument:
            return cls((BM25,), None)
        if name == "dense":
            backend = argument or primary
            if not backend:
                raise KnowledgeError("知识库没有向量索引；请用 --embeddings 构建，或改用 --method bm25")
            return cls((backend,), None)
        base, _, fusion_name = name.partition("/")
        if base == "fused":
            try:
                fusion = Fusion(fusion_name) if fusion_name else DEFAULT_FUSION
            except ValueError as exc:
                raise KnowledgeError(
                    f"未知的融合方式 {fusion_name!r}；可用：{', '.join(f.value for f in Fusion)}"
                ) from exc
            parts = (
                tuple(p.strip() for p in argument.split("+") if p.strip()) if argument else (BM25, primary)
            )
            parts = tuple(p for p in parts if p)
            return cls(parts, fusion if len(parts) > 1 else None)
        raise KnowledgeError(f"未知的检索方式 {spec!r}；可用：fused、bm25、dense:<模型>")


StatusOf = Callable[[str, datetime], CallStatus]


class HybridSearcher:
    """Search over the chunks given at construction; dense indexes come from ``load_index`` lazily."""

    def __init__(
        self,
        rows: Sequence[tuple[int, Chunk]],
        load_index: Callable[[str], Any],
        backends: Sequence[str],
        tokenizer: LexicalTokenizer = LexicalTokenizer.CHAR_BIGRAM,
    ) -> None:
        self.chunks = [chunk for _, chunk in rows]
        self._row_ids = np.fromiter((row for row, _ in rows), dtype=np.int64, count=len(rows))
        self._position = {int(row): i for i, row in enumerate(self._row_ids)}
        self._load_index = load_index
        self.backends = list(backends)
        self._tokenizer = tokenizer
        self._bm25: BM25Index | None = None
        self._dense: dict[str, Any] = {}
        self._matrices: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # see _vectors_of
        self._vectors: dict[tuple[str, str], np.ndarray] = {}
        self._by_doc: dict[str, list[int]] = {}
        for position, chunk in enumerate(self.chunks):
            self._by_doc.setdefault(chunk.doc_id, []).append(position)

    @property
    def primary(self) -> str | None:
        return self.backends[0] if self.backends else None

    def _lexical(self) -> BM25Index:
        if self._bm25 is None:
            self._bm25 = BM25Index([index_text(c) for c in self.chunks], self._tokenizer.function, b=BM25_B)
        return self._bm25

    def _index(self, backend: str) -> Any:
        if backend not in self.backends:
            raise KnowledgeError(
                f"知识库中没有 {backend} 向量索引（已有：{', '.join(self.backends) or '无'}）；"
                f"请运行 `policybot ingest --embeddings {','.join([*self.backends, backend])} PATH…`"
            )
        if backend not in self._dense:
            self._dense[backend] = self._load_index(backend)
        return self._dense[backend]

    def allowed(self, filters: SearchFilters | None, now: datetime, status_of: StatusOf) -> np.ndarray | None:
        """Boolean mask of the chunks the filters keep (None: no filter)."""
        if filters is None or filters.empty:
            return None
        if filters.doc_id and filters == SearchFilters(doc_id=filters.doc_id):  # one document: no chunk loop
            mask = np.zeros(len(self.chunks), dtype=bool)
            mask[self._by_doc.get(filters.doc_id, [])] = True
            return mask
        statuses: dict[str, CallStatus] = {}

        def keep(chunk: Chunk) -> bool:
            if filters.doc_id and chunk.doc_id != filters.doc_id:
                return False
            if filters.kind is not None and chunk.kind != filters.kind:
                return False
            if filters.region and filters.region not in chunk.region:
                return False
            if filters.issuer and filters.issuer not in chunk.issuer:
                return False
            if filters.status is not None:
                if chunk.doc_id not in statuses:
                    statuses[chunk.doc_id] = status_of(chunk.doc_id, now)
                return statuses[chunk.doc_id] == filters.status
            return True

        return np.fromiter((keep(c) for c in self.chunks), dtype=bool, count=len(self.chunks))

    def _rank_bm25(self, query: str, depth: int, mask: np.ndarray | None) -> list[tuple[int, float]]:
        scores = self._lexical().scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        if len(scores) > depth:  # the top ``depth`` only: argpartition, then sort those
            top = np.argpartition(-scores, depth)[:depth]
            order = top[np.lexsort((top, -scores[top]))]
        else:
            order = np.argsort(-scores, kind="stable")
        return [(int(i), float(scores[i])) for i in order if scores[i] > 0]

    def _query_vector(self, backend: str, query: str) -> np.ndarray:
        """The query's embedding; one answer searches the same words several times (to choose the
        document, then within it), and the model is most of a search's cost."""
        key = (backend, query)
        if key not in self._vectors:
            if len(self._vectors) >= QUERY_CACHE:
                self._vectors.pop(next(iter(self._vectors)))
            self._vectors[key] = get_backend(backend).embed_query(query)
        return self._vectors[key]

    def _vectors_of(self, backend: str) -> tuple[np.ndarray, np.ndarray]:
        """The FAISS index's vectors (a view, no copy) and, per chunk, its row there (-1: none)."""
        if backend not in self._matrices:
            import faiss

            index = self._index(backend)
            flat = faiss.downcast_index(index.index)
            vectors = faiss.rev_swig_ptr(flat.get_xb(), index.ntotal * flat.d).reshape(index.ntotal, flat.d)
            rows = np.full(len(self.chunks), -1, dtype=np.int64)
            for row, row_id in enumerate(faiss.vector_to_array(index.id_map)):
                if (position := self._position.get(int(row_id))) is not None:
                    rows[position] = row
            self._matrices[backend] = (vectors, rows)
        return self._matrices[backend]

    def _rank_dense(
        self, backend: str, query: str, depth: int, mask: np.ndarray | None
    ) -> list[tuple[int, float]]:
        """Inner products with the query; a filtered search scores only the chunks it keeps (numpy), as
        FAISS's ID selector still visits every vector (14 ms for one document's chunks at 18,000)."""
        index = self._index(backend)
        if index.ntotal == 0 or (mask is not None and not mask.any()):
            return []
        vector = self._query_vector(backend, query)
        if mask is not None:
            vectors, rows = self._vectors_of(backend)
            kept = np.flatnonzero(mask & (rows >= 0))
            scores = vectors[rows[kept]] @ vector
            order = np.argsort(-scores, kind="stable")[:depth]
            return [(int(kept[i]), float(scores[i])) for i in order]
        with one_thread():
            scores, ids = index.search(vector[None, :], min(depth, index.ntotal))
        return [
            (self._position[int(r)], float(s))
            for r, s in zip(ids[0], scores[0])
            if r >= 0 and int(r) in self._position
        ]

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        method: str = "fused",
        mask: np.ndarray | None = None,
    ) -> list[Hit]:
        """Top ``k`` chunks. BM25 sees the query rewritten (:func:`knowledge.rewrite.search_query`:
        typos, abbreviations, the asked fact's vocabulary); embeddings see it without that vocabulary.
        Reciprocal-rank fusion is followed by :func:`knowledge.rerank.within_documents`."""
        if k < 1:
            raise ValueError("k must be ≥ 1")
        if not self.chunks or not query.strip():
            return []
        plan = Method.parse(method, self.primary)
        depth = max(MIN_DEPTH, 5 * k)
        kind = asked_kind(query)
        lexical = search_query(query, kind) if BM25 in plan.components else query
        dense = without_hints(query)
        rankings = {
            name: self._rank_bm25(lexical, depth, mask)
            if name == BM25
            else self._rank_dense(name, dense, depth, mask)
            for name in plan.components
        }
        fused = plan.fusion.function(rankings, None) if plan.fusion else rankings[plan.components[0]]
        if plan.fusion is Fusion.RRF:  # passages fitting the question move up inside their documents
            lexical_index = self._lexical()
            weights = lexical_index.rarity(rewrite_query(dense))
            asked = asked_shapes(dense)
            fused = within_documents(self.chunks, fused, kind, weights, lexical_index.tokenize, asked)
        positions = {
            name: {item: rank for rank, (item, _) in enumerate(ranking, 1)}
            for name, ranking in rankings.items()
        }
        return [
            Hit(self.chunks[item], score, {name: positions[name].get(item) for name in plan.components})
            for item, score in fused[:k]
        ]
