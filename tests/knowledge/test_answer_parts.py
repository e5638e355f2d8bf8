"""The parts of a two-part question keep the subject both of them ask about."""

import pytest

from knowledge.answer import _with_subject
from knowledge.intent import Part
from knowledge.model import AnswerType

DEADLINE, CONTACT = AnswerType.DEADLINE, AnswerType.CONTACT


@pytest.mark.unit
def test_words_before_the_first_ask_that_ask_nothing_are_the_subject_of_every_part():
    question = "某区研发补助 名单有误想申诉，最晚哪天，找谁"
    parts = _with_subject(question, [Part(DEADLINE, "最晚哪天"), Part(CONTACT, "找谁")])
    assert [p.text for p in parts] == ["某区研发补助 名单有误想申诉，最晚哪天", "某区研发补助 名单有误想申诉，找谁"]
    assert [p.kind for p in parts] == [DEADLINE, CONTACT]


@pytest.mark.unit
def test_a_question_that_opens_with_its_first_ask_or_asks_one_thing_is_left_as_it_is():
    parts = [Part(DEADLINE, "什么时候截止"), Part(CONTACT, "电话多少")]
    assert _with_subject("什么时候截止，电话多少", parts) == parts
    one = [Part(DEADLINE, "这个补助 材料有误想申诉最晚哪天")]
    assert _with_subject("这个补助 材料有误想申诉最晚哪天", one) == one
