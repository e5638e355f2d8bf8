"""The handoff queue in the database: one open handoff per user, one owner per handoff, ranked unanswered log."""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

import pytest

from connectors.console import store
from connectors.console.models import HandoffState
from connectors.models import Message
from tests.connectors.console.conftest import add_staff

SENDER = "web:sess-store-0001"


def enqueue(db, sender=SENDER, reason="user_request", question="专精特新什么时候截止？", profile=None):
    return db.run_sync(lambda s: store.enqueue(
        s, sender_id=sender, channel="web", reason=reason, question=question, profile=profile, after_hours=False
    ))


@pytest.mark.unit
def test_asking_twice_keeps_one_queue_entry(console_db):
    first, created = enqueue(console_db)
    again, created_again = enqueue(console_db, question="还在吗")
    assert created and not created_again
    assert again.id == first.id and again.question == "专精特新什么时候截止？"


@pytest.mark.unit
def test_company_name_is_taken_from_the_profile_the_bot_collected(console_db):
    handoff, _ = enqueue(console_db, profile={"company_name": "上海某某智能科技有限公司", "region": "徐汇"})
    assert handoff.company_name == "上海某某智能科技有限公司"


@pytest.mark.unit
def test_only_one_of_many_simultaneous_claims_wins(console_db):
    staff = [add_staff(console_db, f"agent{i}") for i in range(4)]
    handoff, _ = enqueue(console_db)
    barrier = Barrier(len(staff))

    def claim(staff_id):
        barrier.wait()
        return console_db.run_sync(lambda s: store.claim(s, handoff.id, staff_id))

    with ThreadPoolExecutor(len(staff)) as pool:
        outcomes = list(pool.map(claim, staff))
    winners = [o for o in outcomes if o.ok]
    assert len(winners) == 1
    owner = winners[0].handoff.owner_id
    assert {o.handoff.owner_id for o in outcomes} == {owner}
    assert all(o.owner_name == f"agent{staff.index(owner)}" for o in outcomes)


@pytest.mark.unit
def test_a_new_handoff_can_open_after_the_last_one_ended(console_db):
    staff_id = add_staff(console_db, "agent0")
    first, _ = enqueue(console_db)
    console_db.run_sync(lambda s: store.claim(s, first.id, staff_id))
    done = console_db.run_sync(lambda s: store.finish(
        s, first.id, staff_id, state=HandoffState.RELEASED, resolution="", any_owner=False
    ))
    assert done.ok and done.handoff.state == "released"
    second, created = enqueue(console_db, question="再问一次")
    assert created and second.id != first.id


@pytest.mark.unit
def test_an_agent_cannot_end_a_colleagues_conversation_but_an_admin_can(console_db):
    owner, other, admin = add_staff(console_db, "owner"), add_staff(console_db, "other"), add_staff(console_db, "boss")
    handoff, _ = enqueue(console_db)
    console_db.run_sync(lambda s: store.claim(s, handoff.id, owner))
    refused = console_db.run_sync(lambda s: store.finish(
        s, handoff.id, other, state=HandoffState.CLOSED, resolution="resolved", any_owner=False
    ))
    assert not refused.ok and refused.handoff.state == "owned"
    allowed = console_db.run_sync(lambda s: store.finish(
        s, handoff.id, admin, state=HandoffState.CLOSED, resolution="resolved", any_owner=True
    ))
    assert allowed.ok and allowed.handoff.resolution == "resolved"


def offer(reason: str) -> dict:
    """The buttons the bot sends when it cannot help (actions/handoff.py offer_human)."""
    return {"buttons": [{"title": "转人工", "payload": f'/request_human{{"handoff_reason":"{reason}"}}'},
                        {"title": "不用了", "payload": "/deny"}]}


def log(db, sender: str, *turns: tuple[str, str, dict | None]) -> None:
    def work(session):
        for direction, text, payload in turns:
            session.add(Message(channel="web", sender_id=sender, direction=direction,
                                author="user" if direction == "in" else "bot", text=text, payload=payload,
                                status="received" if direction == "in" else "sent", attempts=0))

    db.run_sync(work)


@pytest.mark.unit
def test_unanswered_questions_are_ranked_by_how_often_they_were_asked(console_db):
    sorry = "抱歉，文件中没有找到相关信息。"
    for i, question in enumerate(["研发费用加计扣除怎么申请？", "研发费用 加计扣除怎么申请?", "研发费用加计扣除怎么申请？"]):
        log(console_db, f"web:user-{i:04d}", ("in", question, None), ("out", sorry, offer("unanswerable")))
    log(console_db, "web:user-0001",
        ("in", "小巨人奖励多少钱", None), ("out", "最高奖励 50 万元。", None),
        ("in", "没用", None), ("out", "很抱歉没帮上忙，要转人工吗？", offer("feedback_bad")))
    log(console_db, "web:user-0002", ("in", "小巨人奖励多少钱", None), ("out", sorry, offer("unanswerable")),
        ("in", "/deny", None))
    log(console_db, "web:user-0003", ("in", "专精特新截止时间", None), ("out", "12月31日截止。", None))
    ranking = console_db.run_sync(store.unanswered_ranking)
    assert [(r["question"], r["count"], r["senders"]) for r in ranking] == [
        ("研发费用加计扣除怎么申请？", 3, 3), ("小巨人奖励多少钱", 2, 2)]
    assert ranking[1]["kinds"] == ["feedback_bad", "unanswerable"]
    assert ranking[0]["last_asked_at"].tzinfo is not None
