"""Secrets stay out of logs and process listings: the redaction hook masks tokens in every logger at every
level (httpx URLs, uvicorn access lines of WeChat callbacks, bearer keys, configured secret values); Rasa gets
its token from the environment, never argv; the action server listens on loopback."""

import logging

import httpx
import pytest

from bot import services
from connectors import redaction

pytestmark = pytest.mark.unit


@pytest.fixture
def records(caplog):
    redaction.install(["wx-app-secret-91f3c2d7"])
    caplog.set_level(logging.DEBUG)
    return caplog


def test_query_secrets_and_tokens_are_masked_at_every_level(records):
    log = logging.getLogger("httpx")
    log.debug('HTTP Request: %s %s "%s %d %s"', "GET",
              httpx.URL("https://api.weixin.qq.com/cgi-bin/token?grant_type=client_credential&appid=wx1"
                        "&secret=wx-app-secret-91f3c2d7"), "HTTP/1.1", 200, "OK")
    logging.getLogger("connectors.wechat.api").info(
        "POST https://qyapi.weixin.qq.com/cgi-bin/gettoken?corpid=ww1&corpsecret=abc123def456 failed")
    logging.getLogger("anything").error("sending to Rasa http://127.0.0.1:5005/status?token=rasa-tok-77 failed")
    logging.getLogger("anything").warning("caller used Authorization: Bearer pbk_AbCdEf0123456789xyz")
    text = records.text
    for secret in ("wx-app-secret-91f3c2d7", "abc123def456", "rasa-tok-77", "pbk_AbCdEf0123456789xyz"):
        assert secret not in text
    assert "secret=***" in text and "corpsecret=***" in text and "token=***" in text
    assert '"HTTP/1.1 200 OK"' in text  # the rest of the line is intact


def test_callback_query_strings_are_redacted_from_access_lines(records):
    access = logging.getLogger("uvicorn.access")  # uvicorn's logging config stops it propagating to root
    records.set_level(logging.INFO, logger="uvicorn.access")
    access.addHandler(records.handler)
    try:
        access.info('%s - "%s %s HTTP/%s" %d', "203.0.113.5:5000", "POST",
                    "/wechat/oa?signature=5f1c0a&timestamp=1764500000&nonce=123&openid=oUser_secret", "1.1", 200)
    finally:
        access.removeHandler(records.handler)
    line = records.records[-1].getMessage()
    assert line == '203.0.113.5:5000 - "POST /wechat/oa?[redacted] HTTP/1.1" 200'


def test_rasa_gets_its_token_from_the_environment_not_argv():
    command = services.rasa_launcher("rasa-token-5e2b91c4")
    assert not any("rasa-token-5e2b91c4" in part for part in command)
    assert "POLICYBOT_RASA_TOKEN" in " ".join(command)
    assert services.rasa_launcher(None) == [str(services.rasa_executable())]
