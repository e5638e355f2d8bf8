"""Chinese conversations through Rasa's REST webhook with the real action server and sample KB.

"Today" is pinned to 2026-11-27 (POLICYBOT_TODAY) so deadlines in the sample notices have a fixed status.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

pytestmark = [pytest.mark.integration, pytest.mark.slow]

TECH_RENOVATION = "技术改造专项"


def talk(servers, sender: str, message: str) -> list[dict[str, Any]]:
    response = httpx.post(
        f"{servers.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": message}, timeout=60
    )
    response.raise_for_status()
    return response.json()


def text_of(replies: list[dict[str, Any]]) -> str:
    return "\n".join(r.get("text", "") for r in replies)


def new_sender() -> str:
    return f"api:test-{uuid.uuid4().hex[:8]}"


def test_deadline_answer_states_the_window_its_status_and_the_source(bot_servers):
    reply = text_of(talk(bot_servers, new_sender(), "技术改造专项啥时候截止"))
    assert "2月4日" in reply and "已截止" in reply
    assert "《" in reply and TECH_RENOVATION in reply
    assert "sheitc.sh.gov.cn" in reply  # the source link of the notice


def test_follow_up_questions_stay_on_the_same_notice(bot_servers):
    sender = new_sender()
    talk(bot_servers, sender, "技术改造专项啥时候截止")
    amount = text_of(talk(bot_servers, sender, "那最多能补多少钱"))
    assert "1亿元" in amount and TECH_RENOVATION in amount
    process = text_of(talk(bot_servers, sender, "在哪个平台申报"))
    assert "zxzj.sheitc.sh.gov.cn" in process and TECH_RENOVATION in process


def test_where_to_send_follows_the_notice_asked_about_before(bot_servers):
    sender = new_sender()
    talk(bot_servers, sender, "嘉定创新创业活动什么时候截止")
    reply = text_of(talk(bot_servers, sender, "寄到哪里"))
    assert "平城路1055号" in reply and "《关于嘉定区创新创业活动申报的通知》" in reply


def test_contact_answer_gives_the_phone_number_from_the_notice(bot_servers):
    reply = text_of(talk(bot_servers, new_sender(), "珠海科普专题的咨询电话是多少"))
    assert "0756-2128405" in reply and "《" in reply


def test_off_topic_question_is_declined(bot_servers):
    reply = text_of(talk(bot_servers, new_sender(), "今天天气怎么样"))
    assert "超出了我的服务范围" in reply


def test_eligibility_check_asks_then_lists_matches_with_a_correction(bot_servers):
    sender = new_sender()
    first = text_of(talk(bot_servers, sender, "帮我看看我们公司能申报哪些项目"))
    assert "？" in first  # the form asks its first question
    talk(bot_servers, sender, "我们注册在奉贤区，员工50人，成立8年")
    talk(bot_servers, sender, "员工其实是80人")
    replies = talk(bot_servers, sender, "去年营收5000万，是高新技术企业")
    for _ in range(3):  # answer whatever is still asked
        if "匹配结果" in text_of(replies):
            break
        replies = talk(bot_servers, sender, "没有")
    assert "匹配结果" in text_of(replies)
    tracker = httpx.get(f"{bot_servers.rasa_url}/conversations/{sender}/tracker", timeout=30).json()
    assert tracker["slots"]["employees"] == 80
    assert "《" in text_of(replies)


def test_request_human_pauses_the_conversation_with_a_handoff_payload(bot_servers):
    sender = new_sender()
    talk(bot_servers, sender, "技术改造专项啥时候截止")
    replies = talk(bot_servers, sender, "转人工")
    custom = [r["custom"] for r in replies if "custom" in r]
    assert custom and custom[0]["type"] == "handoff" and custom[0]["reason"] == "user_request"
    assert custom[0]["question"] == "技术改造专项啥时候截止"
    assert "人工" in text_of(replies)
    tracker = httpx.get(f"{bot_servers.rasa_url}/conversations/{sender}/tracker", timeout=30).json()
    assert tracker["paused"] is True


def test_an_ambiguous_reference_offers_the_candidates_and_answers_the_chosen_one(bot_servers):
    sender = new_sender()
    replies = talk(bot_servers, sender, "专精特新推荐什么时候截止")
    buttons = [b for r in replies for b in r.get("buttons", [])]
    titles = [b["title"] for b in buttons]
    assert any("山东省" in t for t in titles) and any("广东省" in t for t in titles)
    guangdong = next(b for b in buttons if "广东省" in b["title"])
    answer = text_of(talk(bot_servers, sender, guangdong["payload"]))
    assert "《关于推荐2020年广东省专精特新中小企业的通知》" in answer
