"""A small question-type classifier learned from example questions the project wrote itself.

The cue table of :mod:`knowledge.intent` was written while reading the development questions, and it
shows: on questions about notices it was not written for it falls from 0.89 to 0.73 type accuracy. This
model learns how questions ask for each type from ``intent_examples.yaml`` (generic questions in the
project's own words, no eval question and no notice sentence): scikit-learn's multinomial logistic
regression over character 1–3-grams, which tolerate typos, plus jieba's words, which keep "申报书" one
feature instead of three grams shared with "申报". Alone (no cue vote) it types 0.89 of the tuning half's questions and
0.82 of the test half's (knowledge/evaluate.py). It is trained on first use (about 1,100 examples, about two
seconds) and kept for the process; nothing loads at import (the knowledge base's ``warm_up`` trains it).
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from pathlib import Path

from knowledge.model import AnswerType

EXAMPLES = Path(__file__).with_name("intent_examples.yaml")
NGRAMS = (1, 2, 3)
# Inverse L2 strength. 5-fold cross-validation on the examples themselves: C=1 0.860, 3 0.885, 10 0.902; tuning
# half of knowledge/eval (type accuracy with the cue vote 0.3, floor 0.5): C=1 0.901, 3 0.920, 10 0.930.
C = 10.0

_NOISE = re.compile(r"[\s，,。？?！!、：:；;“”\"'（）()《》]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LOCK = threading.Lock()


def grams(text: str) -> set[str]:
    """Character n-grams of ``text`` without punctuation, and its jieba words (marked ``w:``); every
    number reads as one digit."""
    import jieba

    text = _NUMBER.sub("0", _NOISE.sub("", text))
    chars = {text[i : i + n] for n in NGRAMS for i in range(len(text) - n + 1)}
    return chars | {f"w:{word}" for word in jieba.lcut(text)}


class TypeModel:
    """Multinomial logistic regression (scikit-learn) over binary n-gram vectors scaled to unit length:
    ``probabilities(question)`` → {type: probability}."""

    def __init__(self, examples: dict[AnswerType, list[str]]) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        if not examples or any(not texts for texts in examples.values()):
            raise ValueError("every answer type needs example questions")
        self.kinds = list(examples)
        texts = [text for kind in self.kinds for text in examples[kind]]
        labels = [i for i, kind in enumerate(self.kinds) for _ in examples[kind]]
        self._vectorizer = TfidfVectorizer(analyzer=grams, binary=True, use_idf=False, norm="l2")
        vectors = self._vectorizer.fit_transform(texts)
        # One BLAS thread: on 2 shared, loaded cores OpenBLAS threads waiting on each other made the fit
        # take 8-18 s instead of under a second.
        with threadpool_limits(1, user_api="blas"):
            self._model = LogisticRegression(C=C, max_iter=1000).fit(vectors, labels)

    def probabilities(self, question: str) -> dict[AnswerType, float]:
        scores = self._model.predict_proba(self._vectorizer.transform([question]))[0]
        return {self.kinds[label]: float(p) for label, p in zip(self._model.classes_, scores, strict=True)}


def load_examples(path: Path = EXAMPLES) -> dict[AnswerType, list[str]]:
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {AnswerType(kind): [str(q) for q in questions] for kind, questions in raw.items()}


@lru_cache(maxsize=1)
def _trained() -> TypeModel:
    return TypeModel(load_examples())


def type_model() -> TypeModel:
    """The model trained on the shipped examples (trained once per process, thread-safe)."""
    with _LOCK:
        return _trained()
