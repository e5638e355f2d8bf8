"""The gateway in front of the REAL Rasa server and action server (tests/rasa_fixtures.py): the plain HTTP
channel and the 公众号 round trips answer real questions from the sample knowledge base."""

import uuid

import httpx
import pytest

from connectors.app import create_app
from connectors.rasa_client import RasaClient
from connectors.settings import Settings
from tests.connectors.conftest import OA, aes_key
from tests.connectors.servers import serve
from tests.connectors.simulator import OfficialAccountPusher

pytestmark = [pytest.mark.integration, pytest.mark.slow]
QUESTION = "技术改造专项啥时候截止"
KEY = aes_key()


@pytest.fixture(scope="module")
def gateway(bot_servers, tmp_path_factory):
    settings = Settings(database_url=f"sqlite:///{tmp_path_factory.mktemp('gw') / 'gateway.db'}",
                        rasa_url=bot_servers.rasa_url, wechat_oa_token=OA["token"], wechat_oa_appid=OA["appid"],
                        wechat_oa_aes_key=KEY, wechat_reply_budget_s=4.0)
    with serve(create_app(settings)) as url:
        # warm the action server's models so the 4-second passive-reply budget measures a normal answer
        httpx.post(url + "/api/chat", json={"sender": "warmup", "message": QUESTION}, timeout=120)
        yield url


def test_api_chat_answers_a_deadline_question_with_its_source(gateway):
    response = httpx.post(gateway + "/api/chat", json={"sender": f"t-{uuid.uuid4().hex[:8]}", "message": QUESTION},
                          timeout=60)
    assert response.status_code == 200
    text = "\n".join(m["text"] for m in response.json()["messages"])
    assert "2月4日" in text and "《" in text


def test_api_chat_rejects_bad_input_politely(gateway):
    assert httpx.post(gateway + "/api/chat", json={"sender": "x", "message": ""}).status_code == 422
    bad = httpx.post(gateway + "/api/chat", json={"sender": "a:b:c", "message": "你好"})
    assert bad.status_code == 422 and "sender" in bad.text


def test_readiness_reports_rasa_and_database(gateway):
    response = httpx.get(gateway + "/readyz")
    assert response.status_code == 200 and response.json()["checks"] == {"database": "ok", "rasa": "ok"}


def test_official_account_safe_mode_round_trip_with_the_real_bot(gateway):
    pusher = OfficialAccountPusher(gateway + "/wechat/oa", token=OA["token"], appid=OA["appid"], aes_key=KEY)
    push = pusher.push(pusher.text(f"o{uuid.uuid4().hex[:12]}", QUESTION, msg_id=77001))
    assert push.reply is not None, push.attempts
    assert "2月4日" in push.reply["Content"] and "《" in push.reply["Content"]


async def test_rasa_client_pauses_and_resumes_a_conversation(bot_servers):
    async with httpx.AsyncClient() as http:
        rasa = RasaClient(http, bot_servers.rasa_url)
        sender = f"api:pause-{uuid.uuid4().hex[:8]}"
        assert await rasa.send_message(sender, "你好") != []  # the session starts (which would reset a pause)
        await rasa.pause(sender)
        assert (await rasa.tracker(sender))["paused"] is True
        assert await rasa.send_message(sender, "你好") == []  # a human owns it: the bot stays silent
        await rasa.resume(sender)
        assert (await rasa.tracker(sender))["paused"] is False
        assert await rasa.send_message(sender, "你好") != []
