"""WeChat/WeCom callbacks: a signed callback older than the ±300 s window is refused, a nonce cannot be reused
with another body (a resend of the same body is WeChat's retry and passes), and the nonce cache is shared through
Redis when configured."""

import os
import secrets
import time

import httpx
import pytest

from connectors.wechat import xmlcodec
from connectors.wechat.crypto import WeChatCrypto, signature
from tests.connectors.conftest import OA, WORK, aes_key, oa_settings, work_settings

pytestmark = pytest.mark.integration


def text_xml(content: str, msg_id: int) -> bytes:
    return xmlcodec.build({"ToUserName": "gh_test", "FromUserName": "oUser_replay", "CreateTime": int(time.time()),
                           "MsgType": "text", "Content": content, "MsgId": str(msg_id)}).encode()


def push_plain(url: str, body: bytes, timestamp: int, nonce: str) -> httpx.Response:
    params = {"signature": signature(OA["token"], str(timestamp), nonce), "timestamp": str(timestamp),
              "nonce": nonce, "openid": "oUser_replay"}
    return httpx.post(url + "/wechat/oa", params=params, content=body, timeout=10)


@pytest.fixture
def oa_gateway(make_gateway, rasa_peer, wechat_api):
    return make_gateway(rasa_url=rasa_peer[1], **oa_settings(wechat_api[1]))


def test_a_callback_replayed_with_a_ten_minute_old_timestamp_is_refused(oa_gateway, rasa_peer):
    old = int(time.time()) - 600
    response = push_plain(oa_gateway.url, text_xml("申报截止时间？", 1001), old, secrets.token_hex(4))
    assert response.status_code == 403
    assert rasa_peer[0].received == []
    fresh = push_plain(oa_gateway.url, text_xml("申报截止时间？", 1002), int(time.time()), secrets.token_hex(4))
    assert fresh.status_code == 200 and len(rasa_peer[0].received) == 1


def test_a_nonce_cannot_carry_another_body_but_a_resend_passes(oa_gateway, rasa_peer):
    now, nonce = int(time.time()), secrets.token_hex(4)
    original = text_xml("专精特新什么时候截止？", 2001)
    assert push_plain(oa_gateway.url, original, now, nonce).status_code == 200
    assert push_plain(oa_gateway.url, original, now, nonce).status_code == 200  # WeChat's retry
    forged = push_plain(oa_gateway.url, text_xml("转人工", 2002), now, nonce)
    assert forged.status_code == 403
    assert [m["message"] for m in rasa_peer[0].received] == ["专精特新什么时候截止？"]


def test_wecom_callbacks_are_checked_too(make_gateway, rasa_peer, wechat_api):
    key = aes_key()
    gateway = make_gateway(rasa_url=rasa_peer[1], **work_settings(wechat_api[1], key))
    crypto = WeChatCrypto(WORK["token"], key, WORK["corp_id"])
    inner = xmlcodec.build({"ToUserName": WORK["corp_id"], "FromUserName": "zhangsan", "CreateTime": int(time.time()),
                            "MsgType": "text", "Content": "你好", "MsgId": "3001", "AgentID": WORK["agent_id"]})
    old = str(int(time.time()) - 600)
    encrypted, msg_signature, _, nonce = crypto.encrypt(inner, timestamp=old)
    body = xmlcodec.build({"ToUserName": WORK["corp_id"], "Encrypt": encrypted})
    response = httpx.post(gateway.url + "/wechat/work", content=body, params={
        "msg_signature": msg_signature, "timestamp": old, "nonce": nonce})
    assert response.status_code == 403


def test_the_nonce_cache_is_shared_through_redis(make_gateway, rasa_peer, wechat_api):
    settings = dict(rasa_url=rasa_peer[1], redis_url="redis://127.0.0.1:6379/0",
                    redis_key_prefix=f"policybot-test-{os.urandom(4).hex()}", **oa_settings(wechat_api[1]))
    first, second = make_gateway(**settings), make_gateway(**settings)
    now, nonce = int(time.time()), secrets.token_hex(4)
    assert push_plain(first.url, text_xml("你好", 4001), now, nonce).status_code == 200
    assert push_plain(second.url, text_xml("别的内容", 4002), now, nonce).status_code == 403


def test_production_requires_safe_mode_unless_overridden():
    from connectors.errors import ConfigError
    from connectors.settings import Settings

    base = {"environment": "production", "rasa_token": "rasa-token-2b7c9e41", "web_token_secret": "w" * 32,
                "public_url": "https://zwfw.example.gov.cn", "wechat_oa_token": "oa-token-8d6f2a91c3",
                "wechat_oa_appid": "wx1234567890abcdef"}
    with pytest.raises(ConfigError, match="plaintext"):
        Settings(**base).check_production()
    Settings(**base, wechat_oa_allow_plaintext=True).check_production()
    Settings(**base, wechat_oa_aes_key=aes_key()).check_production()
