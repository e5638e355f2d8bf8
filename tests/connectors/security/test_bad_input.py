"""Bad input gets a 4xx with a Chinese message, never a 500: NUL and lone surrogates, formula-looking CSV cells,
and /readyz tells status words only."""

import csv
import io
import json

import httpx
import pytest

from connectors.console.api_insights import csv_cell

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
@pytest.mark.parametrize("text", ["你好\u0000", "申报\ud800截止", "\udfff"])
def test_nul_and_lone_surrogates_are_refused_with_400(request, make_gateway, rasa_peer, text, database):
    extra = {"database_url": request.getfixturevalue("postgres_url")} if database == "postgresql" else {}
    gateway = make_gateway(rasa_url=rasa_peer[1], **extra)
    raw = '{"session": "abcdefgh12", "text": %s}'
    body = (raw % json.dumps(text)).encode()  # json.dumps writes \\u escapes, as a browser would
    web = httpx.post(gateway.url + "/web/messages", content=body, headers={"Content-Type": "application/json"})
    api = httpx.post(gateway.url + "/api/chat", content=body.replace(b'"session"', b'"sender"')
                     .replace(b'"text"', b'"message"'), headers={"Content-Type": "application/json"})
    for response in (web, api):
        assert response.status_code == 400
        assert "无法处理的字符" in response.json()["detail"]
    assert gateway.messages() == []  # nothing half-stored that the widget would resend


def test_csv_cells_that_look_like_formulas_are_neutralized():
    for cell in ("=HYPERLINK(\"http://evil\")", "+1+1", "-2", "@SUM(A1)", "\t=1"):
        assert csv_cell(cell).startswith("'")
    assert csv_cell("专精特新什么时候截止？") == "专精特新什么时候截止？"
    buffer = io.StringIO()
    csv.writer(buffer).writerow([csv_cell("=1+2")])
    assert buffer.getvalue().strip() == "'=1+2"


def test_readyz_reports_status_words_not_error_text(make_gateway):
    gateway = make_gateway(rasa_url="http://127.0.0.1:9")  # nothing listens there
    response = httpx.get(gateway.url + "/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "checks": {"database": "ok", "rasa": "unreachable"}}
