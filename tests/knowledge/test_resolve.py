"""References the way companies make them resolve to the right documents, with candidates when ambiguous."""

from __future__ import annotations

import pytest

from knowledge.resolve import parse_query, resolve_documents, rewrite_query


@pytest.mark.unit
def test_rewrite_fixes_typos_and_expands_abbreviations():
    text = rewrite_query("高企申抱截至 deadline")
    assert "申报截止" in text and "高新技术企业" in text and "截止时间" in text
    assert "人工智能" not in rewrite_query("发我的email")  # "ai" only as a word


@pytest.mark.unit
def test_query_reads_places_and_years():
    query = parse_query("24年奉贤小巨人")
    assert query.years == {2024}
    assert ("上海", "奉贤") in query.regions


@pytest.mark.integration
@pytest.mark.parametrize(
    ("reference", "doc"),
    [
        ("26年技改那个", "sh_jingxin_jishugaizao_touzibuzhu_2026"),
        ("奉贤小巨人", "fengxian_keji_xiaojuren_zhinan_2025"),
        ("文昌贴息", "wenchang_zhongxiao_daikuan_tiexi_2020"),
        ("廊坊算力券", "langfang_suanliquan_shishixize_2023"),
    ],
)
def test_reference_resolves_to_its_document(sample_kb, reference, doc):
    matches = resolve_documents(sample_kb, reference)
    assert matches and matches[0].doc_id == doc


@pytest.mark.integration
def test_ambiguous_reference_returns_several_candidates(sample_kb):
    matches = resolve_documents(sample_kb, "徐汇那个人工智能政策", limit=3)
    assert len(matches) >= 2
    assert all(m.doc_id.startswith("xuhui_ai") for m in matches[:2])
    assert matches[0].score >= matches[1].score


@pytest.mark.integration
def test_technical_renovation_offers_both_years(sample_kb):
    top = [m.doc_id for m in resolve_documents(sample_kb, "技改那个", limit=2)]
    assert set(top) == {"sh_jingxin_jishugaizao_touzibuzhu_2026", "sh_zhuanxingshengji_zhongdianjigai_2017"}


@pytest.mark.integration
def test_high_tech_reference_offers_each_year(sample_kb):
    docs = {m.doc_id for m in resolve_documents(sample_kb, "高企认定", limit=3)}
    assert (
        len(
            docs
            & {
                "sh_gaoqi_rending_jiezhi_2011",
                "sh_gaoqi_shenbao_jiezhi_yanchang_2024",
                "sh_gaoqi_nirending_gongshi_2020",
                "hebi_gaoqi_rending_jiangbu_2018",
            }
        )
        >= 2
    )


@pytest.mark.integration
def test_other_region_is_never_offered(sample_kb):
    assert all(not m.doc_id.startswith("zhongshan") for m in resolve_documents(sample_kb, "深圳专精特新"))


@pytest.mark.integration
def test_limit_is_validated(sample_kb):
    with pytest.raises(ValueError):
        resolve_documents(sample_kb, "技改", limit=0)
