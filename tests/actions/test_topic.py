"""The programme a conversation is about: kept by follow-ups, replaced by a newly named programme."""

from types import SimpleNamespace

import pytest

from actions import topic
from actions.topic import topic_after

SRT = ["zjtx_a", "zjtx_b", "zjtx_c"]  # three notices of one programme


@pytest.mark.unit
def test_candidates_offered_become_the_topic():
    assert topic_after(None, [], None, candidates=SRT) == SRT


@pytest.mark.unit
def test_a_follow_up_keeps_the_topic_while_it_answers_from_one_of_its_notices():
    assert topic_after(SRT, [], "zjtx_b") == SRT


@pytest.mark.unit
def test_a_named_programme_replaces_the_topic():
    assert topic_after(SRT, ["gq_a", "gq_b"], "gq_a") == ["gq_a", "gq_b"]


@pytest.mark.unit
def test_an_answer_from_outside_the_named_programme_narrows_to_that_document():
    assert topic_after(SRT, ["gq_a"], "other") == ["other"]
    assert topic_after(SRT, [], "other") == ["other"]


@pytest.mark.unit
def test_no_document_keeps_the_topic():
    assert topic_after(SRT, [], None) == SRT


def _tracker(events, topic):
    from rasa_sdk import Tracker

    return Tracker("s", {"topic_docs": topic}, {}, events, False, None, None, "action_listen")


def _user(intent):
    return {"event": "user", "text": "…", "parse_data": {"intent": {"name": intent}}}


FORM_ON = {"event": "active_loop", "name": "eligibility_form"}


@pytest.mark.unit
def test_a_check_started_by_company_facts_keeps_the_topic_a_general_one_does_not():
    from actions.topic import check_topic

    facts = [_user("ask_eligibility"), _user("inform"), FORM_ON, _user("inform")]
    assert check_topic(_tracker(facts, SRT)) == SRT
    general = [_user("ask_eligibility"), _user("check_eligibility"), FORM_ON, _user("inform")]
    assert check_topic(_tracker(general, SRT)) is None
    assert check_topic(_tracker([_user("inform")], SRT)) == SRT  # first run, before the activation is logged


class _Resolving:
    def __init__(self, matches):
        self.matches = matches

    def resolve(self, question, limit=5):
        return [SimpleNamespace(doc_id=d, name_coverage=c, score=s) for d, c, s in self.matches][:limit]


@pytest.mark.unit
@pytest.mark.parametrize("question, matches, leaves", [
    ("另外问下乙地某某企业，申请书装订几本", [("doc-b", 0.15, 0.45)], True),  # opens on another matter
    ("乙地某某企业申请书装订几本", [("doc-b", 0.15, 0.45)], False),  # too weak a name without that
    ("乙地某某专项申请书装订几本", [("doc-b", 0.6, 0.7)], True),  # names a programme
    ("另外，装订好交给谁", [("doc-b", 0.0, 0.3)], False),  # names nothing
    ("对了，甲地那个电话多少", [("doc-b", 0.3, 0.5), ("doc-a", 0.2, 0.3)], False),  # fits the current one too
])
def test_a_question_leaves_the_topic_only_for_another_named_programme(monkeypatch, question, matches, leaves):
    monkeypatch.setattr(topic, "knowledge_base", lambda: _Resolving(matches))
    assert topic.leaves_topic(question, "doc-a") is leaves
    assert topic.leaves_topic(question, None) is False


def _current(doc):
    return {"event": "slot", "name": "current_doc", "value": doc}


DISCUSSED = [_current("doc-a"), _current("doc-a"), _current("doc-b"), _current("doc-c")]  # now about doc-c


@pytest.mark.unit
@pytest.mark.parametrize("question, matches, earlier", [
    ("回到刚才那个，电话多少", [], "doc-b"),  # the latest before the current one
    ("回到刚才甲地那个，电话多少", [("doc-x", 0.3, 0.5), ("doc-a", 0.2, 0.3)], "doc-a"),  # the earlier one named
    ("刚才问的那个补贴截止了吗", [("doc-c", 0.2, 0.3)], "doc-b"),  # naming only the current one
    ("那个电话多少", [("doc-a", 0.2, 0.3)], None),  # does not go back
])
def test_going_back_means_a_notice_discussed_before_the_current_one(monkeypatch, question, matches, earlier):
    monkeypatch.setattr(topic, "knowledge_base", lambda: _Resolving(matches))
    assert topic.earlier_doc(question, "doc-c", DISCUSSED) == earlier
    assert topic.earlier_doc(question, "doc-a", [_current("doc-a")]) is None  # nothing before it


@pytest.mark.unit
def test_a_question_going_back_is_asked_about_the_earlier_notice(monkeypatch):
    from rasa_sdk import Tracker

    from actions import answer as answer_module

    asked = []

    class _KB(_Resolving):
        def ask(self, question, *, context_doc=None, **_):
            asked.append(context_doc)

    kb = _KB([("doc-x", 0.6, 0.7)])  # its words fit another notice by name: still not a move
    monkeypatch.setattr(topic, "knowledge_base", lambda: kb)
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    tracker = Tracker("s", {"current_doc": "doc-c"}, {"text": "回到刚才那个，电话多少"}, DISCUSSED, False, None, {},
                      "action_listen")
    answer_module.ask_knowledge(tracker, "回到刚才那个，电话多少")
    assert asked == ["doc-b"]


@pytest.mark.unit
@pytest.mark.parametrize("matches, named", [
    ([("doc-a", 0.41, 0.6), ("doc-b", 0.0, 0.2)], "doc-a"),  # one notice's name, however weakly
    ([("doc-b", 0.1, 0.7), ("doc-a", 0.3, 0.5)], "doc-a"),  # by name, not by score
    ([("doc-a", 0.29, 0.6), ("doc-b", 0.29, 0.5)], None),  # two names fit alike (a district's notices)
    ([("doc-a", 0.0, 0.6)], None),  # no name fits
    ([], None),
])
def test_the_sole_notice_the_words_name(monkeypatch, matches, named):
    monkeypatch.setattr(topic, "knowledge_base", lambda: _Resolving(matches))
    assert topic.sole_named_doc("我们注册在甲地，能报甲地某某专项吗") == named
