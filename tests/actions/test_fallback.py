"""A message the NLU is unsure about: a policy question still gets the knowledge base's answer."""

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import answer as answer_module
from actions import texts
from knowledge import Answer, AnswerType, Outcome

QUESTION = "我们这种刚搬过来的公司，那个补贴到底啥时候能交材料啊"


class FakeKnowledgeBase:
    def __init__(self, outcome: Outcome):
        self.outcome = outcome
        self.kinds: list[AnswerType | None] = []

    def ask(self, question, *, kind=None, **_):
        self.kinds.append(kind)
        text = "材料请于2026年12月20日前提交。" if self.outcome is Outcome.ANSWERED else "不在服务范围"
        return Answer(self.outcome, AnswerType.DEADLINE, text, doc="doc-a" if self.outcome is Outcome.ANSWERED else None)

    def resolve(self, question, limit=5):
        return []


def _run_fallback(monkeypatch, outcome: Outcome, text: str = QUESTION, loop: str | None = None,
                  guess: str = "ask_notice", before: list[dict] | None = None):
    kb = FakeKnowledgeBase(outcome)
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    ranking = [{"name": "nlu_fallback", "confidence": 0.45}, {"name": guess, "confidence": 0.3}]
    message = {"text": text, "intent": ranking[0], "intent_ranking": ranking}
    events = [*(before or []), {"event": "user", "text": text, "parse_data": message}]
    tracker = Tracker("s", {}, message, events, False, None, {"name": loop} if loop else {}, "action_listen")
    dispatcher = CollectingDispatcher()
    result = asyncio.run(answer_module.ActionFallback().run(dispatcher, tracker, {}))
    return kb, dispatcher.messages, result


def _texts(messages) -> str:
    return "\n".join(m.get("text") or "" for m in messages)


@pytest.mark.unit
def test_an_unsure_policy_question_is_answered_by_the_knowledge_base_which_classifies_it(monkeypatch):
    kb, messages, events = _run_fallback(monkeypatch, Outcome.ANSWERED)
    assert kb.kinds == [None]
    assert "2026年12月20日" in _texts(messages) and texts.FALLBACK not in _texts(messages)
    assert {"event": "slot", "name": "current_doc", "value": "doc-a", "timestamp": None} in events


@pytest.mark.unit
def test_an_unsure_question_the_knowledge_base_cannot_answer_is_declined_with_a_person(monkeypatch):
    _, messages, _ = _run_fallback(monkeypatch, Outcome.NO_DOCUMENT)
    payloads = " ".join(b["payload"] for m in messages for b in m.get("buttons") or [])
    assert '"handoff_reason":"unanswerable"' in payloads


@pytest.mark.unit
def test_words_about_no_policy_still_get_the_rephrase_text(monkeypatch):
    _, messages, events = _run_fallback(monkeypatch, Outcome.OUT_OF_SCOPE, text="啊这")
    assert _texts(messages) == texts.FALLBACK
    assert events[-1]["event"] == "rewind"


@pytest.mark.unit
def test_an_unsure_question_answered_inside_the_form_ends_the_form(monkeypatch):
    _, _, events = _run_fallback(monkeypatch, Outcome.ANSWERED, loop="eligibility_form")
    assert {"event": "active_loop", "name": None, "timestamp": None} in events


@pytest.mark.unit
def test_an_unsure_request_for_a_person_is_never_answered_from_a_notice(monkeypatch):
    kb, messages, _ = _run_fallback(monkeypatch, Outcome.ANSWERED, text="转个人工呗", guess="request_human")
    assert kb.kinds == [] and _texts(messages) == texts.FALLBACK


@pytest.mark.unit
def test_a_long_unsure_question_is_answered_whatever_the_nlu_guessed_a_short_thanks_is_not(monkeypatch):
    kb, messages, _ = _run_fallback(monkeypatch, Outcome.ANSWERED, guess="goodbye")
    assert kb.kinds == [None] and "2026年12月20日" in _texts(messages)
    kb, messages, _ = _run_fallback(monkeypatch, Outcome.ANSWERED, text="好的好的谢谢啦", guess="thanks")
    assert kb.kinds == [] and _texts(messages) == texts.FALLBACK


def _unclear(text: str) -> dict:
    return {"event": "user", "text": text, "parse_data": {"text": text, "intent": {"name": "nlu_fallback"}}}


@pytest.mark.unit
def test_the_second_unclear_message_in_a_row_offers_a_person(monkeypatch):
    asked_to_rephrase = [_unclear("嗯嗯那个"), {"event": "action", "name": "action_fallback"},
                         {"event": "bot", "text": texts.FALLBACK}, {"event": "rewind"}]
    _, messages, _ = _run_fallback(monkeypatch, Outcome.OUT_OF_SCOPE, text="啊这", before=asked_to_rephrase)
    assert texts.FALLBACK not in _texts(messages)
    assert any("handoff_reason" in b["payload"] for m in messages for b in m.get("buttons") or [])


@pytest.mark.unit
def test_a_message_the_gateway_rewound_and_sent_again_counts_once(monkeypatch):
    rewound = [_unclear("啊这"), {"event": "rewind"}, {"event": "action", "name": "action_listen"}]
    _, messages, _ = _run_fallback(monkeypatch, Outcome.OUT_OF_SCOPE, text="啊这", before=rewound)
    assert _texts(messages) == texts.FALLBACK


def _short_reply(monkeypatch, text: str, intent: str, outcome: Outcome = Outcome.ANSWERED, slots: dict | None = None):
    kb = FakeKnowledgeBase(outcome)
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    message = {"text": text, "intent": {"name": intent, "confidence": 0.6}}
    tracker = Tracker("s", slots or {}, message, [{"event": "user", "text": text, "parse_data": message}],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(answer_module.ActionShortReply().run(dispatcher, tracker, {}))
    return kb, dispatcher.messages


@pytest.mark.unit
def test_a_bare_no_is_acknowledged_a_long_question_read_as_no_is_answered(monkeypatch):
    kb, messages = _short_reply(monkeypatch, "不用了", "deny")
    assert kb.kinds == [] and messages[0]["response"] == "utter_ok"
    kb, messages = _short_reply(monkeypatch, QUESTION, "deny")
    assert kb.kinds == [None] and "2026年12月20日" in _texts(messages)


@pytest.mark.unit
def test_a_short_unsure_question_read_as_off_topic_while_a_notice_is_discussed_is_answered(monkeypatch):
    kb, messages = _short_reply(monkeypatch, "那笔经费从哪出", "out_of_scope", slots={"current_doc": "doc-a"})
    assert kb.kinds == [None] and "2026年12月20日" in _texts(messages)
    kb, messages = _short_reply(monkeypatch, "那笔经费从哪出", "out_of_scope")  # no notice discussed
    assert kb.kinds == [] and messages[-1]["response"] == "utter_out_of_scope"
    kb, messages = _short_reply(monkeypatch, "好的", "affirm", slots={"current_doc": "doc-a"})  # asks nothing
    assert kb.kinds == [] and messages[-1]["response"] == "utter_ok"


@pytest.mark.unit
def test_long_words_about_no_policy_still_get_the_off_topic_reply(monkeypatch):
    _, messages = _short_reply(monkeypatch, "你能帮我推荐一下附近好吃的餐厅吗谢谢", "out_of_scope", Outcome.OUT_OF_SCOPE)
    assert messages[-1]["response"] == "utter_out_of_scope"


@pytest.mark.unit
def test_a_short_unsure_follow_up_about_the_current_document_is_answered(monkeypatch):
    about_a_doc = [{"event": "slot", "name": "current_doc", "value": "doc-a"}]
    kb = FakeKnowledgeBase(Outcome.ANSWERED)
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    ranking = [{"name": "nlu_fallback", "confidence": 0.3}, {"name": "chitchat", "confidence": 0.2}]
    message = {"text": "那下半年的呢", "intent": ranking[0], "intent_ranking": ranking}
    tracker = Tracker("s", {"current_doc": "doc-a"}, message,
                      [*about_a_doc, {"event": "user", "text": "那下半年的呢", "parse_data": message}],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(answer_module.ActionFallback().run(dispatcher, tracker, {}))
    assert kb.kinds == [None] and "2026年12月20日" in _texts(dispatcher.messages)


def _choose(monkeypatch, text: str, offered: list[str]):
    kb = FakeKnowledgeBase(Outcome.ANSWERED)
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    message = {"text": text, "intent": {"name": "choose_doc", "confidence": 0.7}, "entities": []}
    tracker = Tracker("s", {"candidate_docs": offered}, message, [{"event": "user", "text": text, "parse_data": message}],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(answer_module.ActionChooseDoc().run(dispatcher, tracker, {}))
    return kb, dispatcher.messages, events


@pytest.mark.unit
def test_a_follow_up_about_another_batch_read_as_a_choice_is_answered(monkeypatch):
    kb, messages, _ = _choose(monkeypatch, "那第二批呢", ["doc-a", "doc-b"])
    assert kb.kinds == [None] and "2026年12月20日" in _texts(messages)
    _, _, events = _choose(monkeypatch, "第二个", ["doc-a", "doc-b"])
    assert {"event": "slot", "name": "current_doc", "value": "doc-b", "timestamp": None} in events


@pytest.mark.unit
def test_an_eligibility_guess_the_knowledge_layer_reads_as_another_question_is_answered_not_matched(monkeypatch):
    kb = FakeKnowledgeBase(Outcome.ANSWERED)  # reads every question as a deadline question
    monkeypatch.setattr(answer_module, "knowledge_base", lambda: kb)
    monkeypatch.setattr("actions.topic.knowledge_base", lambda: kb)
    text = "某地瞪羚企业申请书什么时候交"  # 瞪羚企业 names the programme, read as a stated qualification too
    message = {"text": text, "intent": {"name": "ask_eligibility", "confidence": 0.9}}
    tracker = Tracker("s", {}, message, [{"event": "user", "text": text, "parse_data": message}],
                      False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    asyncio.run(answer_module.ActionAnswer().run(dispatcher, tracker, {}))
    assert kb.kinds == [None] and "2026年12月20日" in _texts(dispatcher.messages)
