"""The gateway's WeChat crypto agrees with wechatpy's independent implementation, both ways."""

import base64

import pytest
from wechatpy.crypto import WeChatCrypto as WechatpyOA
from wechatpy.enterprise.crypto import WeChatCrypto as WechatpyWork
from wechatpy.utils import WeChatSigner

from connectors.errors import DecryptError, SignatureError
from connectors.wechat import xmlcodec
from connectors.wechat.crypto import WeChatCrypto, check_signature, signature

pytestmark = pytest.mark.unit

TOKEN = "spamtest"
KEY = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"  # 43 characters, wechatpy's own test key
APPID = "wx49f0ab532d5d035a"
XML = "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Content><![CDATA[专精特新什么时候截止？]]></Content></xml>"


def test_signature_matches_wechatpy_signer():
    signer = WeChatSigner()
    signer.add_data(TOKEN, "1411443780", "437374425")
    assert signature(TOKEN, "1411443780", "437374425") == signer.signature


def test_wechatpy_encrypts_gateway_decrypts():
    envelope = xmlcodec.parse(WechatpyOA(TOKEN, KEY, APPID).encrypt_message(XML, "nonce1", "1411443780"))
    ours = WeChatCrypto(TOKEN, KEY, APPID)
    assert ours.decrypt(envelope["Encrypt"], envelope["MsgSignature"], "1411443780", "nonce1") == XML


def test_gateway_encrypts_wechatpy_decrypts():
    encrypted, msg_signature, timestamp, nonce = WeChatCrypto(TOKEN, KEY, APPID).encrypt(XML, nonce="n2")
    envelope = xmlcodec.build({"Encrypt": encrypted, "MsgSignature": msg_signature, "TimeStamp": int(timestamp),
                               "Nonce": nonce})
    assert WechatpyOA(TOKEN, KEY, APPID).decrypt_message(envelope, msg_signature, timestamp, nonce) == XML


def test_wecom_echostr_round_trip_with_wechatpy():
    corp = "ww0123456789abcdef"
    envelope = xmlcodec.parse(WechatpyWork(TOKEN, KEY, corp).encrypt_message("1616140317555161061", "n", "1"))
    ours = WeChatCrypto(TOKEN, KEY, corp)
    assert ours.decrypt(envelope["Encrypt"], envelope["MsgSignature"], "1", "n") == "1616140317555161061"
    encrypted, msg_signature, timestamp, nonce = ours.encrypt("echo")
    assert WechatpyWork(TOKEN, KEY, corp).check_signature(msg_signature, timestamp, nonce, encrypted) == "echo"


def test_payload_for_another_appid_is_refused():
    encrypted, msg_signature, timestamp, nonce = WeChatCrypto(TOKEN, KEY, "wxOTHERAPP").encrypt(XML)
    with pytest.raises(DecryptError, match="another AppID"):
        WeChatCrypto(TOKEN, KEY, APPID).decrypt(encrypted, msg_signature, timestamp, nonce)


def test_tampered_ciphertext_or_signature_is_refused():
    ours = WeChatCrypto(TOKEN, KEY, APPID)
    encrypted, msg_signature, timestamp, nonce = ours.encrypt(XML)
    with pytest.raises(SignatureError):
        ours.decrypt(encrypted, "0" * 40, timestamp, nonce)
    flipped = base64.b64encode(bytes([base64.b64decode(encrypted)[0] ^ 1]) + base64.b64decode(encrypted)[1:]).decode()
    with pytest.raises(SignatureError):  # the signature covers the ciphertext
        ours.decrypt(flipped, msg_signature, timestamp, nonce)


def test_garbage_with_a_valid_signature_is_a_decrypt_error():
    ours = WeChatCrypto(TOKEN, KEY, APPID)
    garbage = base64.b64encode(b"x" * 48).decode()
    with pytest.raises(DecryptError):
        ours.decrypt(garbage, signature(TOKEN, "1", "n", garbage), "1", "n")


def test_check_signature_rejects_missing_or_wrong():
    check_signature(signature(TOKEN, "1", "2"), TOKEN, "1", "2")
    for bad in (None, "", "abc"):
        with pytest.raises(SignatureError):
            check_signature(bad, TOKEN, "1", "2")


@pytest.mark.parametrize("key", ["short", KEY + "x", "!" * 43])
def test_bad_encoding_aes_key_is_a_value_error(key):
    with pytest.raises(ValueError):
        WeChatCrypto(TOKEN, key, APPID)
