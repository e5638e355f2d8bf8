"""The channel response says ``handed_off: true`` whenever the bot's own handoff queued the conversation —
inside service hours and outside them (issue 8: "转人工" after hours used to answer ``handed_off: false``)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.connectors.console.test_handoff_flow import ask_for_human, peer, say  # noqa: F401 (fixture)

pytestmark = pytest.mark.integration


@pytest.mark.parametrize("desk_open", [True, False])
def test_the_bots_handoff_is_reported_on_the_response(peer, console_gateway, desk_open):  # noqa: F811
    rasa, rasa_url = peer
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    closed = "" if desk_open else ",".join(str(today + timedelta(days=d)) for d in range(2))
    gw = console_gateway(rasa_url=rasa_url, service_hours="always", service_closed_dates=closed)
    agent = gw.agent("zhang")
    assert say(gw.url, "你好")["handed_off"] is False
    assert ask_for_human(rasa, gw.url)["handed_off"] is True
    [item] = agent.get("/console/api/queue").json()["items"]
    assert item["state"] == "waiting" and item["after_hours"] is (not desk_open)
