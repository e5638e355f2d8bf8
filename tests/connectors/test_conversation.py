"""The channel-neutral core: logging, the handoff gate, custom payloads and quick-reply answers.

The bot is the Rasa REST test peer, scripted to return the payload shapes of docs/CONTRACTS.md; the real
bot's behaviour is covered by test_api_chat.py."""

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from connectors import services as services_module
from connectors.conversation import BOT_PENDING
from connectors.models import Message, Reminder, Status, TurnState, utcnow
from connectors.rasa_client import MESSAGE_KEY, RecordedTurn, recorded_turn
from connectors.settings import Settings

pytestmark = pytest.mark.integration
RESUME = [{"event": "resume"}, {"event": "action", "name": "action_listen"}]  # docs/CONTRACTS.md
SENDER = "web:convsession1"


@pytest.fixture
async def services(tmp_path, rasa_peer):
    built = await services_module.build(Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}",
                                                 rasa_url=rasa_peer[1]))
    yield built, rasa_peer[0]
    await built.aclose()


async def test_reminder_payload_is_scheduled_and_never_shown(services):
    built, peer = services
    peer.extra = [{"custom": {"type": "reminder", "doc": "d1", "title": "通知", "deadline": "2026-12-31T17:00:00",
                              "remind_at": "2026-12-28T09:00:00"}}]
    turn = await built.conversation.handle_user_message(SENDER, "提醒我")
    assert [r.text for r in turn.replies] == ["收到：提醒我"]
    [reminder] = await built.db.run(lambda s: list(s.scalars(select(Reminder))))
    assert (reminder.sender_id, reminder.doc) == (SENDER, "d1")


async def test_without_a_console_a_handoff_request_resumes_the_bot(services):
    built, peer = services
    peer.extra = [{"custom": {"type": "handoff", "reason": "user_request", "question": "转人工", "profile": {}}}]
    await built.conversation.handle_user_message(SENDER, "转人工")
    assert peer.events == [(SENDER, RESUME)]


async def test_the_handoff_desk_speaks_after_the_bots_own_reply(services):
    """A desk notice (e.g. after hours) must follow the bot's "正在为您转接人工" in the transcript, not precede it."""
    built, peer = services
    peer.extra = [{"custom": {"type": "handoff", "reason": "user_request", "question": "转人工", "profile": {}}}]
    seen_by_desk: list[list[str]] = []

    class Desk:
        async def intercept(self, sender_id, text):
            return False

        async def on_bot_signal(self, sender_id, custom):
            seen_by_desk.append([m.text for m in await built.messages.history(sender_id)])

    built.conversation.gate = Desk()
    await built.conversation.handle_user_message(SENDER, "转人工")
    assert seen_by_desk == [["转人工", "收到：转人工"]]


async def test_a_gate_that_owns_the_conversation_keeps_the_bot_out(services):
    built, peer = services

    class StaffOwnsIt:
        async def intercept(self, sender_id, text):
            return True

        async def on_bot_signal(self, sender_id, custom):
            raise AssertionError("not called")

    built.conversation.gate = StaffOwnsIt()
    turn = await built.conversation.handle_user_message(SENDER, "人工在吗")
    assert turn.handed_off and turn.replies == [] and peer.received == []
    assert [m.text for m in await built.messages.history(SENDER)] == ["人工在吗"]


async def test_quick_replies_can_be_answered_by_number_or_title(services):
    built, peer = services
    peer.extra = [{"text": "想了解哪方面？", "buttons": [{"title": "申报条件", "payload": "/ask_eligibility"},
                                                   {"title": "截止时间", "payload": "/ask_notice"}]}]
    await built.conversation.handle_user_message(SENDER, "专精特新")
    await built.conversation.handle_user_message(SENDER, "2")
    await built.conversation.handle_user_message(SENDER, "申报条件")
    assert [r["message"] for r in peer.received] == ["专精特新", "/ask_notice", "/ask_eligibility"]


async def test_bot_down_gives_a_polite_answer_and_keeps_the_message(tmp_path):
    built = await services_module.build(Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}",
                                                 rasa_url="http://127.0.0.1:9"))
    turn = await built.conversation.handle_user_message(SENDER, "有人吗")
    assert turn.deferred and "稍后回复您" in turn.replies[0].text
    inbound, fallback = await built.messages.history(SENDER)
    assert (inbound.author, inbound.text, inbound.turn_state) == ("user", "有人吗", TurnState.RETRY)
    assert (fallback.author, fallback.reply_to) == ("system", inbound.id)
    await built.aclose()


async def test_an_empty_bot_reply_gets_the_fallback_then_the_answer_once_the_bot_is_back(tmp_path, rasa_peer):
    """Rasa answers 200 [] when the action server is down: the user hears the fallback at once, and the
    real answer (exactly once, after the fallback) when a later pass finds the bot working again."""
    peer, url = rasa_peer
    built = await services_module.build(Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}", rasa_url=url,
                                                 bot_retry_s=0.0))
    peer.empty = True
    turn = await built.conversation.handle_user_message(SENDER, "专精特新什么时候截止", reply_status=Status.SENT)
    assert turn.deferred and [r.text for r in turn.replies] == [BOT_PENDING]
    assert await built.conversation.rerun_due() == 0  # still empty: kept, no second fallback
    peer.empty = False
    assert await built.conversation.rerun_due() == 1
    assert await built.conversation.rerun_due() == 0
    log = [(m.author, m.text, m.status) for m in await built.messages.history(SENDER)]
    assert log == [("user", "专精特新什么时候截止", "received"), ("system", BOT_PENDING, "sent"),
                   ("bot", "收到：专精特新什么时候截止", "sent")]
    assert len(peer.received) == 3
    await built.aclose()


async def test_a_rerun_after_an_empty_reply_holds_the_message_once_in_the_bots_conversation(tmp_path, rasa_peer):
    """The failed turn is rewound before the message goes to Rasa again: the bot's dialogue state sees the
    user's message once, not twice."""
    peer, url = rasa_peer
    built = await services_module.build(Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}", rasa_url=url,
                                                 bot_retry_s=0.0))
    peer.empty = True
    await built.conversation.handle_user_message(SENDER, "高企认定需要哪些材料")
    peer.empty = False
    assert await built.conversation.rerun_due() == 1
    assert [e["event"] for e in peer.trackers[SENDER]] == ["user", "rewind", "action", "user", "bot"]
    assert [m.text for m in await built.messages.history(SENDER)] == [
        "高企认定需要哪些材料", BOT_PENDING, "收到：高企认定需要哪些材料"]
    await built.aclose()


async def test_an_answer_rasa_finished_after_the_timeout_is_delivered_without_running_the_turn_again(
        tmp_path, rasa_peer):
    peer, url = rasa_peer
    built = await services_module.build(Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}", rasa_url=url,
                                                 bot_retry_s=0.0, rasa_timeout_s=0.3))
    peer.delay_s = 1.0
    turn = await built.conversation.handle_user_message(SENDER, "研发费用加计扣除比例")
    assert turn.deferred
    await asyncio.sleep(1.0)  # Rasa finishes the turn the gateway gave up on
    assert await built.conversation.rerun_due() == 1
    assert len(peer.received) == 1  # the bot ran the turn once
    assert [m.text for m in await built.messages.history(SENDER)] == [
        "研发费用加计扣除比例", BOT_PENDING, "收到：研发费用加计扣除比例"]
    await built.aclose()


def test_a_message_followed_by_later_ones_is_not_rewound():
    """Rewinding would erase the later turns; what the bot said to a message is only its own turn's part."""
    events = [{"event": "user", "text": "a", "metadata": {MESSAGE_KEY: "1@t"}},
              {"event": "action", "name": "action_answer"},
              {"event": "user", "text": "b", "metadata": {MESSAGE_KEY: "2@t"}},
              {"event": "bot", "text": "答b", "data": {"buttons": [{"title": "x", "payload": "/x"}], "custom": None}}]
    assert recorded_turn(events, "1@t") == RecordedTurn(said=[], rewindable=False)
    assert recorded_turn(events, "2@t") == RecordedTurn(
        said=[{"text": "答b", "buttons": [{"title": "x", "payload": "/x"}]}], rewindable=True)
    assert recorded_turn(events, "3@t") is None


async def test_a_turn_the_bot_cannot_answer_in_time_goes_to_staff(tmp_path):
    built = await services_module.build(Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}",
                                                 rasa_url="http://127.0.0.1:9", bot_retry_s=0.0,
                                                 bot_handoff_after_s=0.0))
    signals = []

    class Desk:
        async def intercept(self, sender_id, text):
            return False

        async def on_bot_signal(self, sender_id, custom):
            signals.append((sender_id, custom["reason"], custom["question"]))

    built.conversation.gate = Desk()
    await built.conversation.handle_user_message(SENDER, "高新技术企业认定条件")
    assert await built.conversation.rerun_due() == 0  # bot still down: nothing answered …
    assert signals == [(SENDER, "fallback", "高新技术企业认定条件")]  # … but staff has the question
    assert (await built.messages.history(SENDER))[0].turn_state == TurnState.STAFF
    assert await built.conversation.rerun_due() == 0 and len(signals) == 1
    await built.aclose()


async def test_a_turn_left_open_by_a_dead_process_is_answered_once(tmp_path, rasa_peer):
    peer, url = rasa_peer
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'g.db'}", rasa_url=url)
    dead = await services_module.build(settings)
    inbound = await dead.conversation.receive(SENDER, "申报材料有哪些")
    await dead.db.run(lambda s: s.execute(update(Message).where(Message.id == inbound.id)
                                          .values(lease_until=utcnow() - timedelta(seconds=1))))
    alive = await services_module.build(settings)
    assert await alive.conversation.rerun_due() == 1
    assert await alive.conversation.rerun_due() == 0 and await dead.conversation.rerun_due() == 0
    assert [(m.text, m.status) for m in await alive.messages.history(SENDER)] == [
        ("申报材料有哪些", "received"), ("收到：申报材料有哪些", "sent")]
    assert len(peer.received) == 1
    await alive.aclose()
    await dead.aclose()


async def test_oversize_or_blank_text_is_logged_and_answered_politely(services):
    built, peer = services
    long_turn = await built.conversation.handle_user_message(SENDER, "请问" * 600)
    blank_turn = await built.conversation.handle_user_message(SENDER, "   ")
    assert "精简" in long_turn.replies[0].text and "政策问题" in blank_turn.replies[0].text
    assert peer.received == []
    assert (await built.messages.history(SENDER))[0].text == "请问" * 600
