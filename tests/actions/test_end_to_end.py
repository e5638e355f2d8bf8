"""Chinese conversations through Rasa's REST webhook with the real action server and the sample KB.

"Today" is pinned to 2026-12-01 (tests/rasa_fixtures.TODAY) so the sample calls have a fixed status.
Each test is one flow of issue 8: handoff wins over the form, the profile is read once, the topic is kept,
service questions are answered from configuration, follow-ups keep or change the document.
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

GIANT = "科技小巨人"  # 示例区 科技小巨人 notice: open on the pinned day, phone 021-55502345转601
FORM_QUESTIONS = ("注册在哪个区", "有多少名员工", "营业收入大约多少", "成立几年")  # domain.yml utter_ask_*


def talk(servers, sender: str, message: str) -> list[dict[str, Any]]:
    response = httpx.post(
        f"{servers.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=120
    )
    response.raise_for_status()
    return response.json()


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def tracker(servers, sender: str) -> dict[str, Any]:
    return httpx.get(f"{servers.rasa_url}/conversations/{sender}/tracker", timeout=30).json()


def handoffs(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [r["custom"] for r in replies if r.get("custom", {}).get("type") == "handoff"]


def new_sender() -> str:
    return f"api:test-{uuid.uuid4().hex[:8]}"


def test_follow_ups_without_the_name_stay_on_the_notice(bot_servers):
    sender = new_sender()
    first = text_of(talk(bot_servers, sender, "示例区科技小巨人什么时候截止"))
    assert "2027年1月15日" in first and GIANT in first
    phone = text_of(talk(bot_servers, sender, "电话多少"))
    assert "55502345" in phone and GIANT in phone


def test_a_follow_up_that_asks_nothing_of_its_own_asks_the_previous_question_again(bot_servers):
    sender = new_sender()
    first = text_of(talk(bot_servers, sender, "演示区专精特新奖励，市级的给多少"))
    assert "30万元" in first
    second = text_of(talk(bot_servers, sender, "那国家级的呢"))  # an amount again, of the other level
    assert "50万元" in second


def test_a_new_programme_name_switches_the_topic(bot_servers):
    sender = new_sender()
    talk(bot_servers, sender, "示例区科技小巨人什么时候截止")
    loan = text_of(talk(bot_servers, sender, "那中小企业贷款贴息最多补多少"))
    assert "50万元" in loan and "贷款贴息" in loan and GIANT not in loan


def test_not_this_one_offers_the_other_notices(bot_servers):
    sender = new_sender()
    talk(bot_servers, sender, "高企认定什么时候截止")
    current = tracker(bot_servers, sender)["slots"]["current_doc"]
    replies = talk(bot_servers, sender, "不是这个")
    payloads = [b["payload"] for r in replies for b in r.get("buttons", [])]
    assert payloads and not any(current in p for p in payloads)
    assert tracker(bot_servers, sender)["slots"]["current_doc"] is None


def test_handoff_wins_in_the_middle_of_the_eligibility_form(bot_servers):
    sender = new_sender()
    asked = text_of(talk(bot_servers, sender, "帮我看看我们公司能申报哪些项目"))
    assert "？" in asked  # the form asks its first question
    replies = talk(bot_servers, sender, "转人工")
    assert handoffs(replies) and handoffs(replies)[0]["reason"] == "user_request"
    assert not any(q in text_of(replies) for q in FORM_QUESTIONS)
    state = tracker(bot_servers, sender)
    assert state["paused"] is True and not (state.get("active_loop") or {}).get("name")


def test_a_first_message_with_the_profile_is_never_asked_for_it_again(bot_servers):
    sender = new_sender()
    replies = talk(bot_servers, sender, "我们公司注册在示例区，员工80人，去年营收3000万，想看看能申报哪些项目")
    for _ in range(4):  # answer whatever else is asked, never the stated facts
        said = text_of(replies)
        assert not any(q in said for q in ("注册在哪个区", "有多少名员工", "营业收入大约多少")), said
        if "匹配结果" in said:
            break
        replies = talk(bot_servers, sender, "成立5年，没有资质" if "成立" in said else "没有")
    assert "匹配结果" in text_of(replies)
    slots = tracker(bot_servers, sender)["slots"]
    assert slots["employees"] == 80 and slots["revenue"] == 3000
    talk(bot_servers, sender, "不是80人，是120人")
    assert tracker(bot_servers, sender)["slots"]["employees"] == 120


def test_an_eligibility_question_after_a_programme_is_checked_against_that_programme(bot_servers):
    sender = new_sender()
    talk(bot_servers, sender, "专精特新申报条件是什么")
    reply = text_of(talk(bot_servers, sender, "我们是徐汇区的，成立5年，员工80人，能报吗"))
    for answer in ("去年营收3000万", "没有", "没有"):  # the form may ask what those notices' conditions need
        if "匹配结果" in reply:
            break
        assert not any(q in reply for q in FORM_QUESTIONS[:2]), reply  # place and staff were stated
        reply = text_of(talk(bot_servers, sender, answer))
    titles = re.findall(r"《([^》]+)》", reply)
    assert titles and all("专精特新" in t for t in titles), reply


def test_service_hours_are_answered_not_handed_off(bot_servers):
    replies = talk(bot_servers, new_sender(), "你们几点下班")
    assert not handoffs(replies)
    assert "09:00" in text_of(replies) and "周一至周五" in text_of(replies)


def test_who_are_you_thanks_complaint_and_goodbye_are_answered(bot_servers):
    sender = new_sender()
    for message, mark in (("你能做什么", "申报"), ("我要投诉", "转人工"), ("谢谢", "不客气"), ("再见", "再见")):
        replies = talk(bot_servers, sender, message)
        assert mark in text_of(replies) and not handoffs(replies), message


def test_off_topic_question_is_declined(bot_servers):
    assert "超出了我的服务范围" in text_of(talk(bot_servers, new_sender(), "今天天气怎么样"))


def test_request_human_pauses_the_conversation_with_the_last_question(bot_servers):
    sender = new_sender()
    talk(bot_servers, sender, "示例区科技小巨人什么时候截止")
    replies = talk(bot_servers, sender, "找工作人员")
    [custom] = handoffs(replies)
    assert custom["question"] == "示例区科技小巨人什么时候截止"
    assert tracker(bot_servers, sender)["paused"] is True
