"""Scoring of the dialogue evaluation (bot/dialogue_eval.py): what counts as a right turn and a successful
conversation, per half."""

from datetime import date

from bot.dialogue_eval import DECLINE_MARK, DialogueResult, judge, summary

TODAY = date(2026, 11, 30)
DECLINE_BUTTON = {"title": "转人工", "payload": "/request_human{" + DECLINE_MARK + "}"}


def test_a_turn_is_right_when_the_reply_holds_a_key_fact():
    turn = {"say": "电话多少", "key": ["021-5555 1234"]}
    assert judge(turn, "doc", TODAY, [{"text": "联系电话：021-55551234"}]).right
    assert not judge(turn, "doc", TODAY, [{"text": "通知没有写明联系电话。"}]).right


def test_an_unanswerable_turn_is_right_only_when_the_bot_offers_a_person():
    turn = {"say": "第三批什么时候", "answerable": False}
    assert judge(turn, "doc", TODAY, [{"text": "没有找到", "buttons": [DECLINE_BUTTON]}]).right
    assert not judge(turn, "doc", TODAY, [{"text": "第三批于3月1日截止。"}]).right


def test_small_talk_between_questions_is_played_but_not_counted():
    thanks = judge({"say": "谢谢", "scored": False}, "doc", TODAY, [{"text": "不客气"}])
    wrong = judge({"say": "电话多少", "key": ["5555"]}, "doc", TODAY, [{"text": "没有写明"}])
    right = judge({"say": "地址呢", "key": ["示例路1号"]}, "doc", TODAY, [{"text": "示例路1号"}])
    kept = DialogueResult("kept", "tuning", [right, thanks, right])
    lost = DialogueResult("lost", "tuning", [right, thanks, wrong])
    assert kept.success and not lost.success
    table = summary([kept, lost])["tuning"]
    assert table["turns"] == "4"
    assert table["key facts (answerable turns)"] == "0.750 (3/4)"
    assert table["key facts (follow-up turns)"] == "0.500 (1/2)"
    assert table["conversation success"] == "0.500 (1/2)"
