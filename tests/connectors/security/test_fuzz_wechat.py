"""Property-based fuzzing (hypothesis) of WeChat/WeCom decoding and signature checks: whatever arrives, the
parsers raise only the package's own errors, and the callback routes answer 4xx or 200, never 500."""

import base64
import os
import time

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.app import create_app
from connectors.errors import ConnectorError
from connectors.settings import Settings
from connectors.wechat import xmlcodec
from connectors.wechat.crypto import WeChatCrypto, check_signature, signature

pytestmark = pytest.mark.unit
TOKEN = "fuzz-token-5e1a9c"
AES = base64.b64encode(os.urandom(32)).decode()[:-1]
APPID = "wxfuzz0000000001"
CRYPTO = WeChatCrypto(TOKEN, AES, APPID)
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

xml_like = st.one_of(
    st.binary(max_size=2048),
    st.text(max_size=512).map(lambda t: f"<xml><Content>{t}</Content></xml>"),
    st.text(alphabet="<>/![]CDATA-xml&;#\"' =?", max_size=200),
    st.builds(lambda tag, body: f"<{tag}>{body}</{tag}>", st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True),
              st.text(max_size=100)),
)


@FUZZ
@given(xml_like)
def test_the_xml_parser_raises_only_its_own_error(body):
    try:
        parsed = xmlcodec.parse(body)
    except ConnectorError:
        return
    assert isinstance(parsed, dict) and all(isinstance(v, str) for v in parsed.values())


@FUZZ
@given(st.text(max_size=400), st.one_of(st.none(), st.text(max_size=60)), st.text(max_size=20), st.text(max_size=20))
def test_decrypt_raises_only_its_own_errors(encrypted, msg_signature, timestamp, nonce):
    with pytest.raises(ConnectorError):
        CRYPTO.decrypt(encrypted, msg_signature, timestamp, nonce)


@FUZZ
@given(st.binary(min_size=0, max_size=300), st.text(max_size=20), st.text(max_size=20))
def test_correctly_signed_garbage_ciphertext_is_refused_cleanly(raw, timestamp, nonce):
    encrypted = base64.b64encode(raw).decode()
    with pytest.raises(ConnectorError):
        CRYPTO.decrypt(encrypted, signature(TOKEN, timestamp, nonce, encrypted), timestamp, nonce)


@FUZZ
@given(st.text(max_size=300))
def test_encryption_round_trips_any_text(text):
    encrypted, msg_signature, timestamp, nonce = CRYPTO.encrypt(text)
    assert CRYPTO.decrypt(encrypted, msg_signature, timestamp, nonce) == text


@FUZZ
@given(st.one_of(st.none(), st.text(max_size=60)), st.lists(st.text(max_size=30), max_size=4))
def test_signature_check_never_crashes(expected, parts):
    try:
        check_signature(expected, *parts)
    except ConnectorError:
        pass


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = tmp_path_factory.mktemp("fuzz") / "gateway.db"
    app = create_app(Settings(database_url=f"sqlite:///{db}", rasa_url="http://127.0.0.1:9", reminder_poll_s=3600,
                              wechat_oa_token=TOKEN, wechat_oa_appid=APPID, wecom_corp_id=APPID, wecom_token=TOKEN,
                              wecom_aes_key=AES, rasa_timeout_s=0.5))
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


query = st.dictionaries(st.sampled_from(["signature", "msg_signature", "timestamp", "nonce", "echostr",
                                         "encrypt_type", "openid"]), st.text(max_size=60), max_size=7)


@FUZZ
@given(st.sampled_from(["/wechat/oa", "/wechat/work", "/wechat/work/kf"]), query, xml_like, st.booleans())
def test_callback_routes_never_answer_500(client, path, params, body, signed):
    if signed:  # a valid signature gets the request past the first check, into decoding
        params = {**params, "timestamp": str(int(time.time())), "nonce": params.get("nonce", "n") or "n"}
        params["signature"] = signature(TOKEN, params["timestamp"], params["nonce"])
        outer = body if isinstance(body, str) else body.decode("utf-8", "replace")
        params["msg_signature"] = signature(TOKEN, params["timestamp"], params["nonce"],
                                            xmlcodec.parse(outer).get("Encrypt", "") if outer.startswith("<xml>")
                                            and _parses(outer) else "")
    response = client.post(path, params=params, content=body)
    assert response.status_code < 500
    assert client.get(path, params=params).status_code < 500


def _parses(text: str) -> bool:
    try:
        xmlcodec.parse(text)
    except ConnectorError:
        return False
    return True
