"""The widget in a real browser under the new rules: no session id in any URL it requests, the live stream
works through its token, a 429 is shown to the user and the message goes out by itself after Retry-After, and a
message the gateway refuses (400) is marked as not sent instead of being resent forever."""

import shutil
import tempfile

import pytest

from connectors.app import create_app
from connectors.settings import Settings
from tests.connectors.servers import serve
from tests.connectors.test_web_widget import CHROMIUM, FLAGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(shutil.which(CHROMIUM) is None, reason=f"{CHROMIUM} is absent (apt-get install chromium)"),
]


@pytest.fixture
def browser_page(rasa_peer, tmp_path):
    from playwright.sync_api import sync_playwright

    settings = Settings(database_url=f"sqlite:///{tmp_path / 'gateway.db'}", rasa_url=rasa_peer[1],
                        reminder_poll_s=3600, rate_limit_web_session="2/5second")
    profile = tempfile.mkdtemp(prefix="chromium-")
    with serve(create_app(settings)) as url, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, args=FLAGS,
                                                       headless=True, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(30_000)
        requested: list[str] = []
        page.on("request", lambda r: requested.append(r.url))
        yield url, page, requested
        context.close()
    shutil.rmtree(profile, ignore_errors=True)


def ask(page, question: str) -> None:
    page.locator("#policybot-widget textarea").fill(question)
    page.locator("#policybot-widget form button").click()


def test_a_rate_limited_message_is_shown_then_sent_and_no_url_carries_the_session(browser_page):
    url, page, requested = browser_page
    page.goto(url + "/")
    page.locator("#policybot-widget .fab").click()
    for question in ("第一个问题", "第二个问题", "第三个问题"):
        ask(page, question)
    status = page.locator("#policybot-widget .status")
    status.filter(has_text="频繁").wait_for()  # the third message hit the 2-per-5-seconds limit
    page.locator("#policybot-widget .msg.bot", has_text="收到：第三个问题").wait_for(timeout=20_000)
    session = page.evaluate("JSON.parse(localStorage.getItem('policybot.session'))")
    assert any("/web/events?token=" in u for u in requested)  # the live stream was opened with a token
    assert not [u for u in requested if session in u]


def test_a_refused_message_is_marked_not_sent_instead_of_resent(browser_page):
    url, page, _ = browser_page
    page.goto(url + "/")
    page.locator("#policybot-widget .fab").click()
    # half an emoji (a lone surrogate), made inside the page: Playwright's own transport would repair it
    page.evaluate("document.getElementById('policybot-widget').shadowRoot.querySelector('textarea').value = "
                  "'申报' + String.fromCharCode(0xD800) + '截止'")
    page.locator("#policybot-widget form button").click()
    page.locator("#policybot-widget .status", has_text="无法处理的字符").wait_for()
    page.locator("#policybot-widget .msg.refused").wait_for()
    outbox = page.evaluate("JSON.parse(localStorage.getItem('policybot.outbox.' + "
                           "JSON.parse(localStorage.getItem('policybot.session'))))")
    assert outbox == []
