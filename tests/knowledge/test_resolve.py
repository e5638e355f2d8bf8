"""References the way companies make them resolve to the right documents, from keys computed at ingest."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from knowledge import KnowledgeBase
from knowledge.resolve import parse_query, programme_conflict, resolve_documents, rewrite_query
from tests.knowledge.written_kb import AI, GIANT, build


@pytest.mark.unit
def test_rewrite_fixes_typos_and_expands_abbreviations():
    text = rewrite_query("高企申抱截至 deadline")
    assert "申报截止" in text and "高新技术企业" in text and "截止时间" in text
    assert "人工智能" not in rewrite_query("发我的email")  # "ai" only as a word


@pytest.mark.unit
def test_query_reads_places_and_years():
    query = parse_query("24年奉贤小巨人")
    assert query.years == {2024}
    assert any(chain[-1] == "奉贤区" for chain in query.regions)


@pytest.mark.unit
@pytest.mark.parametrize(
    ("question", "title", "conflict"),
    [
        ("示例区2020年度扶持政策几号截止", "关于申报2019年度示例区扶持政策的通知", "year"),
        ("示例区2019年度扶持政策几号截止", "关于申报2019年度示例区扶持政策的通知", ""),
        ("2023年度高企奖补", "关于开展2022-2023年度高企奖补申报的通知", ""),
        ("示例市专精特新第二批什么时候报", "关于组织开展2024年度专精特新(第一批)申报工作的通知", "batch"),
        ("示例市专精特新第2批什么时候报", "关于组织开展2024年度专精特新(第二批)申报工作的通知", ""),
        ("示例市专精特新第二批什么时候报", "关于组织开展2024年度专精特新申报工作的通知", ""),
        ("示例市高新区智能制造奖励", "关于开展示例市经济技术开发区智能制造专项申报的通知", "zone"),
        ("示例市经开区智能制造奖励", "关于开展示例市经济技术开发区智能制造专项申报的通知", ""),
        ("示例市高新区智能制造奖励", "关于开展示例市智能制造专项申报的通知", ""),
        ("示例市2017年市工业转型升级专项几号截止", "关于开展2016年市工业转型升级专项资金申报的通知", "year"),
        ("示例市2016年市工业转型升级专项几号截止", "关于开展2016年市工业转型升级专项资金申报的通知", ""),
        ("示例市2017年工业转型升级专项", "关于开展2016年市工业转型升级专项资金申报的通知", ""),
    ],
)
def test_a_programme_year_batch_or_zone_the_title_contradicts_is_a_conflict(question, title, conflict):
    assert programme_conflict(parse_query(question), title, title) == conflict


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    with build(tmp_path_factory.mktemp("resolve-kb")) as built:
        yield built


@pytest.mark.integration
@pytest.mark.parametrize(
    ("reference", "doc"),
    [("26年徐汇小巨人", GIANT), ("徐汇那个大模型备案奖励", AI), ("人工智能若干措施", AI)],
)
def test_reference_resolves_to_its_document(kb, reference, doc):
    matches = resolve_documents(kb, reference)
    assert matches and matches[0].doc_id == doc


@pytest.mark.integration
def test_two_years_of_a_programme_are_both_offered(kb):
    top = {m.doc_id for m in resolve_documents(kb, "示例区技术改造专项", limit=2)}
    assert top == {"kt_shili_jigai_2025", "kt_shili_jigai_2026"}


@pytest.mark.integration
def test_other_region_or_year_is_never_offered(kb):
    assert all(m.doc_id != GIANT for m in resolve_documents(kb, "浦东科技小巨人"))
    assert all(m.doc_id != GIANT for m in resolve_documents(kb, "2019年科技小巨人"))


@pytest.mark.integration
def test_keys_are_stored_at_ingest_and_rebuilt_for_an_old_kb(kb):
    db = kb.kb_dir / "kb.sqlite3"
    with sqlite3.connect(db) as conn:
        stored = dict(conn.execute("SELECT doc_id, keys FROM documents").fetchall())
    assert stored[GIANT] and "科技小巨人" in stored[GIANT]
    with sqlite3.connect(db) as conn:  # a KB written before keys existed
        conn.execute("UPDATE documents SET keys = NULL")
    with KnowledgeBase(kb.kb_dir) as reopened:
        assert resolve_documents(reopened, "徐汇小巨人")[0].doc_id == GIANT
    with sqlite3.connect(db) as conn:
        assert all(keys for (keys,) in conn.execute("SELECT keys FROM documents"))


@pytest.mark.integration
def test_limit_is_validated(kb):
    with pytest.raises(ValueError):
        resolve_documents(kb, "技改", limit=0)


@pytest.mark.unit
def test_a_place_name_shared_at_another_level_is_no_region_conflict():
    from knowledge.resolve import Query, region_conflict

    liaoning = Query("朝阳", frozenset(), regions=(("辽宁省", "朝阳市"),))
    assert not region_conflict(liaoning, ("北京市", "朝阳区"))  # a bare 朝阳 may mean the document's 朝阳区
    shenzhen = Query("深圳", frozenset(), regions=(("广东省", "深圳市"),))
    assert region_conflict(shenzhen, ("上海市", "徐汇区"))
    assert not region_conflict(shenzhen, ("广东省",))  # a province-wide notice serves its cities
