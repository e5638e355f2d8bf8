"""The analytics, admin and inbox screens in headless chromium against a real gateway (SQLite): the inbox shows
the company or a visitor name with unread counts and filters; the analytics screen draws its charts with the
ECharts the gateway serves from var/npm (or tables when scripts/setup.sh could not install it) and exports a
chart's CSV; an admin creates an account, changes its role, disables it, resets its password and edits canned
replies. Screenshots at 1280 px and phone width go to var/test-artifacts/console/."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from connectors.app import VENDOR_DIR
from connectors.console.models import Staff
from tests.connectors.console.conftest import ARTIFACTS, PASSWORD
from tests.connectors.console.test_analytics import NOTICE, answers
from tests.connectors.console.test_inbox import conversations

PHONE = {"width": 390, "height": 844}
pytestmark = [pytest.mark.integration, pytest.mark.browser]



@pytest.fixture
def gateway(console_gateway):
    gateway = console_gateway()
    gateway.db.run_sync(conversations)
    gateway.db.run_sync(answers)
    gateway.agent("wang", "admin")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return gateway


def open_console(browser, url: str, viewport: dict):
    page = browser.new_context(locale="zh-CN", viewport=viewport, accept_downloads=True).new_page()
    page.set_default_timeout(30_000)
    page.goto(url + "/console/")
    page.fill("#username", "wang")
    page.fill("#password", PASSWORD)
    page.click("#login-button")
    page.wait_for_url("**/console/")
    return page


def fits_width(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_inbox_and_analytics_screens(gateway, browser, tmp_path):
    page = open_console(browser, gateway.url, {"width": 1280, "height": 900})
    company = page.locator("#live li", has_text="示例精密机械有限公司")
    company.wait_for()
    assert company.locator(".unread").inner_text() == "2" and "排队中" in company.inner_text()
    visitor = page.locator("#live li", has_text="根据通知")
    assert "web:" not in visitor.inner_text() and "机器人接待" in visitor.inner_text()
    page.fill("#inbox-q", "加计扣除")
    page.wait_for_function("document.querySelectorAll('#live li').length === 1")
    assert "网页访客" in page.inner_text("#live")
    page.fill("#inbox-q", "")
    page.wait_for_function("document.querySelectorAll('#live li').length === 6")
    page.select_option("#inbox-state", "waiting")
    page.wait_for_function("document.querySelectorAll('#live li').length === 1")
    assert "示例精密机械有限公司" in page.inner_text("#live")
    page.screenshot(path=str(ARTIFACTS / "inbox-1280.png"), full_page=True)

    page.click("#show-analytics")
    assert page.is_hidden("#desk")
    cards = page.locator("#an-cards .card")
    cards.first.wait_for()
    figures = dict(zip(page.locator("#an-cards .label").all_inner_texts(),
                       page.locator("#an-cards .value").all_inner_texts(), strict=True))
    assert figures["会话数"] == "6" and figures["用户消息"] == "8" and figures["转人工率"] == "16.7%"
    if (VENDOR_DIR / "echarts").is_dir():
        for chart in ("conversations", "messages", "outcomes", "handoffs", "programmes"):
            page.locator(f"#chart-{chart} canvas").wait_for()
        assert page.is_hidden("#an-nochart")
    else:
        assert page.is_visible("#an-nochart") and page.locator("#chart-conversations table").count() == 1
    with page.expect_download() as download:
        page.locator("a.csv[data-chart='daily']").first.click()
    csv = Path(download.value.path()).read_text(encoding="utf-8-sig").splitlines()
    assert csv[0].startswith("日期,渠道") and sum(int(row.split(",")[3]) for row in csv[1:]) == 8  # user messages
    with page.expect_download() as download:
        page.locator("a.csv[data-chart='programmes']").click()
    assert NOTICE in Path(download.value.path()).read_text(encoding="utf-8-sig")
    page.screenshot(path=str(ARTIFACTS / "analytics-1280.png"), full_page=True)
    page.click("#show-desk")
    assert page.is_hidden("#analytics-view") and page.is_visible("#desk")

    phone = open_console(browser, gateway.url, PHONE)
    phone.click("#show-analytics")
    phone.locator("#an-cards .card").first.wait_for()
    if (VENDOR_DIR / "echarts").is_dir():
        phone.locator("#chart-outcomes canvas").wait_for()
    assert fits_width(phone)
    phone.screenshot(path=str(ARTIFACTS / "analytics-phone.png"), full_page=True)


def test_admin_screen(gateway, browser):
    page = open_console(browser, gateway.url, {"width": 1280, "height": 900})
    page.click("#show-admin")
    page.locator("#accounts tr[data-username='wang']").wait_for()
    page.fill("#new-username", "zhao")
    page.fill("#new-name", "小赵")
    page.select_option("#new-role", "agent")
    page.fill("#new-password", "short")
    page.click("#create-account")  # the browser refuses a too-short password before any request
    assert page.locator("#accounts tr[data-username='zhao']").count() == 0
    page.fill("#new-password", "zhao-password-2026")
    page.click("#create-account")
    row = page.locator("#accounts tr[data-username='zhao']")
    row.wait_for()
    row.locator("select").select_option("editor")
    page.locator("#banner", has_text="已保存").wait_for()
    row.get_by_role("button", name="停用").click()
    page.locator("#accounts tr.inactive[data-username='zhao']").wait_for()
    row.get_by_role("button", name="重置密码").click()
    row.locator(".password-form input").fill("zhao-new-pass-2026")
    row.locator(".password-form button").click()
    page.locator("#banner", has_text="密码已重置").wait_for()
    zhao = gateway.db.run_sync(lambda s: s.scalar(select(Staff).where(Staff.username == "zhao")))
    assert (zhao.role, zhao.active, zhao.display_name) == ("editor", False, "小赵")

    page.fill("#canned-title", "问候")
    page.fill("#canned-text", "您好，请问有什么可以帮您？")
    page.click("#add-canned")
    item = page.locator("#canned-list li", has_text="")
    item.first.wait_for()
    item.first.locator("textarea").fill("您好！我是服务中心工作人员。")
    item.first.get_by_role("button", name="保存").click()
    page.locator("#banner", has_text="已保存").wait_for()
    page.screenshot(path=str(ARTIFACTS / "admin-1280.png"), full_page=True)
    page.click("#show-desk")
    page.reload()
    # The saved reply comes back after a reload (the options are filled by a request after the page loads).
    page.wait_for_function(
        "[...document.querySelectorAll('#canned option')].some(o => (o.dataset.text || '').includes('服务中心工作人员'))"
    )

    phone = open_console(browser, gateway.url, PHONE)
    phone.click("#show-admin")
    phone.locator("#accounts tr[data-username='zhao']").wait_for()
    assert fits_width(phone)
    phone.screenshot(path=str(ARTIFACTS / "admin-phone.png"), full_page=True)


def test_widget_thumbs_reach_the_analytics(console_gateway, rasa_peer, browser):
    """A visitor rates the latest answer in the widget (the Rasa REST peer stands in for the bot: the rating,
    not the answer, is under test); the console's analytics count it."""
    gateway = console_gateway(rasa_url=rasa_peer[1])
    page = browser.new_context(locale="zh-CN", viewport=PHONE).new_page()
    page.set_default_timeout(30_000)
    page.goto(gateway.url + "/")
    page.locator("#policybot-widget .fab").click()
    page.locator("#policybot-widget textarea").fill("申报截止时间是哪天")
    page.locator("#policybot-widget form button").click()
    page.locator("#policybot-widget .msg.bot", has_text="收到：申报截止时间是哪天").wait_for()
    page.locator("#policybot-widget .rate button[aria-label='没帮助']").click()
    page.locator("#policybot-widget .rate button.chosen[aria-label='没帮助']").wait_for()
    page.locator("#policybot-widget .rate button[aria-label='有帮助']").click()
    page.locator("#policybot-widget .rate button.chosen[aria-label='有帮助']").wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-feedback-phone.png"))
    feedback = gateway.agent("wang", "agent").get("/console/api/analytics").json()["feedback"]
    assert (feedback["good"], feedback["bad"]) == (1, 0)
