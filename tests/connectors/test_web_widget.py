"""The embeddable widget in a real headless chromium against the real bot: ask, see the cited answer,
reload, the history is still there; a staff message arrives live without polling."""

import shutil
import tempfile

import pytest

from connectors.app import create_app
from connectors.settings import Settings
from tests.connectors.servers import serve

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
pytestmark = [
    pytest.mark.browser, pytest.mark.integration, pytest.mark.slow,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason=f"{CHROMIUM} is absent (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def site(bot_servers, tmp_path_factory):
    settings = Settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('web') / 'gateway.db'}",
                        rasa_url=bot_servers.rasa_url, reminder_poll_s=0.3)
    app = create_app(settings)
    with serve(app) as url:
        yield url, app


@pytest.fixture
def page(site):
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="chromium-")
    with sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=FLAGS,
                                                       headless=True, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(60_000)
        yield page
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def bot_texts(page) -> list[str]:
    return page.locator("#policybot-widget .msg.bot").all_inner_texts()


def ask(page, question: str) -> None:
    page.locator("#policybot-widget textarea").fill(question)
    page.locator("#policybot-widget form button").click()


def test_ask_a_deadline_question_and_keep_the_history_across_reload(site, page):
    url, _ = site
    page.goto(url + "/")
    page.locator("#policybot-widget .fab").click()
    assert "政策咨询助手" in page.locator("#policybot-widget .head").inner_text()
    ask(page, "技术改造专项啥时候截止")
    answer = page.locator("#policybot-widget .msg.bot", has_text="2月4日")
    answer.wait_for()
    assert "《" in answer.inner_text()  # the citation of the notice
    page.reload()
    page.locator("#policybot-widget .msg.user", has_text="技术改造专项啥时候截止").wait_for()
    assert any("2月4日" in t for t in bot_texts(page))
    assert page.locator("#policybot-widget .msg.user").count() == 1  # nothing duplicated by the reload


def test_a_reminder_appears_live_without_polling(site, page):
    """The scheduler (polling every 0.3 s here) delivers a due reminder over the widget's live stream."""
    from datetime import UTC, datetime, timedelta

    from connectors.db import Database
    from connectors.models import Reminder

    url, app = site
    page.goto(url + "/")
    page.locator("#policybot-widget .fab").click()
    page.wait_for_function(
        "() => document.querySelector('#policybot-widget').shadowRoot.querySelector('.log .msg') !== null")
    session = page.evaluate("JSON.parse(localStorage.getItem('policybot.session'))")
    page.wait_for_timeout(500)  # the event stream is open
    db = Database(app.state.settings.database_url)
    now = datetime.now(UTC)
    db.run_sync(lambda s: s.add(Reminder(sender_id=f"web:{session}", doc="d", title="演示通知", status="pending",
                                         deadline=now + timedelta(days=3), remind_at=now)))
    db.dispose()
    page.locator("#policybot-widget .msg.system", has_text="演示通知").wait_for()


def test_a_message_typed_offline_is_sent_when_the_network_returns(site, page):
    url, _ = site
    page.goto(url + "/")
    page.locator("#policybot-widget .fab").click()
    page.wait_for_timeout(500)  # the event stream is open
    page.context.set_offline(True)
    ask(page, "技术改造专项啥时候截止")
    page.locator("#policybot-widget .msg.user.failed").wait_for()
    assert "网络连接中断" in page.locator("#policybot-widget .status").inner_text()
    page.context.set_offline(False)
    page.locator("#policybot-widget .msg.bot", has_text="2月4日").wait_for()
    assert page.locator("#policybot-widget .msg.user.failed").count() == 0
    assert page.locator("#policybot-widget .msg.user").count() == 1
