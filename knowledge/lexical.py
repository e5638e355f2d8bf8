"""Lexical retrieval: BM25 (Okapi, as rank_bm25's BM25Okapi scores it) with an injected tokenizer.

Characters plus character bigrams beat jieba words by 8–16 points on colloquial Chinese questions
(STACK.md): they survive typos, abbreviations (徐汇 vs 徐汇区) and jieba's segmentation errors.

The index is a sparse term-weight matrix (scipy), so a query costs a few column sums (1.4 ms over 60,000
chunks here) however many chunks there are, where rank_bm25 loops in Python over every chunk for every
query token. Scores equal rank_bm25's BM25Okapi (same idf with its epsilon floor, k1, b; checked against
it). bm25s, the maintained sparse implementation, took 459 s to index 60,000 pre-tokenised chunks here,
so the few lines below are written out instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from enum import Enum
from itertools import pairwise

import numpy as np

Tokenizer = Callable[[str], list[str]]

_WORDS = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?|[^\sa-z0-9\W_]", re.UNICODE)


def _units(text: str) -> list[str]:
    """Single CJK characters and whole ASCII words/numbers, lower-cased, punctuation dropped."""
    return _WORDS.findall(text.lower())


def char_bigrams(text: str) -> list[str]:
    units = _units(text)
    return units + [a + b for a, b in pairwise(units)]


def jieba_words(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut_for_search(text.lower()) if w.strip() and _units(w)]


class LexicalTokenizer(Enum):
    """Tokenizers selectable by name (``--lexical`` / evaluation)."""

    CHAR_BIGRAM = "char_bigram"
    JIEBA = "jieba"

    @property
    def function(self) -> Tokenizer:
        return {LexicalTokenizer.CHAR_BIGRAM: char_bigrams, LexicalTokenizer.JIEBA: jieba_words}[self]


class BM25Index:
    """BM25 over a fixed list of texts; ``scores`` returns one score per text (higher is better).

    ``k1`` and ``b`` default to rank_bm25's BM25Okapi values; the searcher passes its own ``b``.
    """

    K1, B, EPSILON = 1.5, 0.75, 0.25  # rank_bm25's BM25Okapi defaults

    def __init__(
        self, texts: Sequence[str], tokenizer: Tokenizer = char_bigrams, *, k1: float = K1, b: float = B
    ) -> None:
        from scipy.sparse import csr_matrix

        self.tokenize = tokenizer
        self._size = len(texts)
        self._vocab: dict[str, int] = {}
        self._idf = np.zeros(0, dtype=np.float32)
        indptr, indices, counts, lengths = [0], [], [], []
        for text in texts:
            tokens = tokenizer(text)
            lengths.append(len(tokens))
            for term, count in Counter(self._vocab.setdefault(t, len(self._vocab)) for t in tokens).items():
                indices.append(term)
                counts.append(count)
            indptr.append(len(indices))
        shape = (self._size, len(self._vocab))
        tf = csr_matrix((np.asarray(counts, dtype=np.float32), indices, indptr), shape=shape)
        if not self._size:
            self._weights = tf.tocsc()
            return
        df = np.bincount(np.asarray(indices, dtype=np.int64), minlength=len(self._vocab))
        idf = np.log(self._size - df + 0.5) - np.log(df + 0.5)
        idf[idf < 0] = self.EPSILON * idf.mean()  # rank_bm25: a term in most chunks still counts a little
        self._idf = idf.astype(np.float32)
        length = np.asarray(lengths, dtype=np.float32)
        norm = k1 * (1 - b + b * length / max(length.mean(), 1e-9))
        rows = np.repeat(np.arange(self._size), np.diff(indptr))
        tf.data = idf[tf.indices] * tf.data * (k1 + 1) / (tf.data + norm[rows])
        self._weights = tf.astype(np.float32).tocsc()

    def __len__(self) -> int:
        return self._size

    def rarity(self, text: str) -> dict[str, float]:
        """The idf (at least 0) of each distinct token of ``text`` that some indexed text holds; others are
        left out. With few texts rank_bm25's floor for common terms can be negative."""
        return {
            t: max(float(self._idf[self._vocab[t]]), 0.0)
            for t in dict.fromkeys(self.tokenize(text))
            if t in self._vocab
        }

    def scores(self, query: str) -> np.ndarray:
        """Sum over the query's tokens (repeats count again, as in rank_bm25) of each chunk's term weight."""
        ids = [self._vocab[t] for t in self.tokenize(query) if t in self._vocab]
        if not ids:
            return np.zeros(self._size, dtype=np.float32)
        unique, repeats = np.unique(ids, return_counts=True)
        return np.asarray(self._weights[:, unique] @ repeats.astype(np.float32), dtype=np.float32).ravel()
