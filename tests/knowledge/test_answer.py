"""The answer composer on a small knowledge base written here: what a company reads back, and the outcome
the actions act on (answered / not stated / no document / ambiguous / out of scope)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from knowledge import AnswerType, CompanyProfile, KnowledgeBase, Outcome
from tests.knowledge.written_kb import AI, GIANT, TODAY, build

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    with build(tmp_path_factory.mktemp("answer-kb")) as built:
        yield built


def test_deadline_from_the_extracted_window(kb):
    answer = kb.ask("徐汇科技小巨人第一批什么时候截止", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert answer.answer_type is AnswerType.DEADLINE
    assert answer.doc == GIANT
    assert "2026年3月31日" in answer.answer
    assert answer.citations and answer.citations[0].doc == GIANT


def test_a_two_part_question_is_answered_part_by_part(kb):
    answer = kb.ask("徐汇科技小巨人第一批什么时候截止，那第二批呢", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert len(answer.parts) == 2
    assert "3月31日" in answer.parts[0].answer
    assert "9月30日" in answer.parts[1].answer
    assert answer.to_dict()["parts"][1]["answer_type"] == "deadline"


def test_two_kinds_in_one_question_get_two_answers(kb):
    answer = kb.ask("徐汇科技小巨人给多少钱，联系电话是多少", today=TODAY)
    assert [p.answer_type for p in answer.parts] == [AnswerType.AMOUNT, AnswerType.CONTACT]
    assert "40万元" in answer.answer and "021-64871234" in answer.answer


def test_a_passage_answers_when_no_fact_was_extracted(kb):
    answer = kb.ask("徐汇科技小巨人是怎么评审的", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert answer.answer_type is AnswerType.PROCESS
    assert "专家" in answer.answer and "评审" in answer.answer
    assert "五、评审方式" in answer.answer  # quoted with its section
    assert "联系电话" not in answer.answer  # one or two sentences, not the whole notice


def test_a_question_without_a_fact_type_is_answered_from_the_best_sentence(kb):
    answer = kb.ask("徐汇科技小巨人要现场考察吗", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "现场考察" in answer.answer and "五、评审方式" in answer.answer


def test_where_materials_go_is_answered_with_the_receiving_office(kb):
    answer = kb.ask("徐汇科技小巨人纸质材料送到哪", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED  # a channel value: contact (knowledge.intent), once process
    assert "区科委" in answer.answer
    published = kb.ask("徐汇科技小巨人的评审结果在哪里公开", today=TODAY)
    assert "公示" in published.answer and "报送地址" not in published.answer


def test_not_stated_when_the_document_has_no_such_sentence(kb):
    answer = kb.ask("徐汇人工智能若干措施的咨询电话是多少", today=TODAY)
    assert answer.doc == AI
    assert answer.outcome is Outcome.NOT_STATED
    assert answer.answer_type is AnswerType.CONTACT
    assert answer.facts == {"missing": "contact"}
    assert answer.citations, "the answer cites what was checked"


def test_a_deadline_of_another_step_is_not_stated_but_the_applicants_is_mentioned(kb):
    answer = kb.ask("徐汇科技小巨人第一批，区里初审完报市里是几号", today=TODAY)
    assert (answer.outcome, answer.answer_type) == (Outcome.NOT_STATED, AnswerType.DEADLINE)
    assert "2026年3月31日" in answer.answer  # what the notice does state, as a note
    online = kb.ask("徐汇科技小巨人第一批，区里网上填报截止是几号", today=TODAY)
    assert online.outcome is Outcome.ANSWERED and "2026年3月31日" in online.answer


def test_the_given_kind_is_not_reclassified(kb):
    unkinded = kb.ask("那钱呢", doc_id=GIANT, today=TODAY)
    assert unkinded.answer_type is AnswerType.OTHER
    kinded = kb.ask("那钱呢", kind=AnswerType.AMOUNT, doc_id=GIANT, today=TODAY)
    assert kinded.answer_type is AnswerType.AMOUNT
    assert kinded.outcome is Outcome.ANSWERED and "40万元" in kinded.answer


def test_an_elliptical_follow_up_asks_the_previous_answers_type_again(kb):
    again = kb.ask("那第二批呢", context_doc=GIANT, context_kind=AnswerType.DEADLINE, today=TODAY)
    assert again.answer_type is AnswerType.DEADLINE
    assert again.doc == GIANT and "9月30日" in again.answer
    # a follow-up that asks something of its own keeps its own type
    own = kb.ask("联系电话是多少", context_doc=GIANT, context_kind=AnswerType.DEADLINE, today=TODAY)
    assert own.answer_type is AnswerType.CONTACT and "021-64871234" in own.answer


def test_a_follow_up_keeps_the_previous_document_unless_it_names_another(kb):
    same = kb.ask("那要交什么材料", context_doc=GIANT, today=TODAY)
    assert same.doc == GIANT
    other = kb.ask("人工智能大模型备案奖励最多多少钱", context_doc=GIANT, today=TODAY)
    assert other.doc == AI and "100万元" in other.answer


def test_a_follow_up_matching_only_another_notices_text_stays_with_the_discussed_one(kb):
    # "最高给多少奖励" reads like the other notice's "给予最高100万元奖励", but names no programme:
    # the company still asks about the notice being discussed.
    answer = kb.ask("最高给多少奖励", context_doc=GIANT, today=TODAY)
    assert answer.doc == GIANT
    assert "40万元" in answer.answer and "100万元" not in answer.answer


def test_a_follow_up_the_discussed_notice_does_not_answer_is_not_answered_from_another(kb):
    answer = kb.ask("按投资额的百分之几补", context_doc=GIANT, today=TODAY)
    assert answer.outcome is Outcome.NOT_STATED and answer.doc == GIANT
    assert "10%" not in answer.answer


@pytest.mark.parametrize(
    ("question", "why"),
    [
        ("浦东科技小巨人什么时候截止", "region"),
        ("2024年徐汇科技小巨人什么时候截止", "year"),
    ],
)
def test_a_neighbouring_notice_is_never_used_for_what_the_kb_lacks(kb, question, why):
    answer = kb.ask(question, today=TODAY)
    assert answer.outcome is Outcome.NO_DOCUMENT, why
    assert answer.doc is None and not answer.citations
    assert "抱歉" in answer.answer
    assert "40万元" not in answer.answer and "3月31日" not in answer.answer


def test_off_topic_message_is_out_of_scope(kb):
    answer = kb.ask("今天天气怎么样", today=TODAY)
    assert answer.outcome is Outcome.OUT_OF_SCOPE
    assert answer.doc is None


def test_two_years_of_one_programme_are_offered_as_candidates(kb):
    answer = kb.ask("示例区技术改造专项资金要交哪些材料", today=TODAY)
    assert answer.outcome is Outcome.AMBIGUOUS
    assert {c.doc_id for c in answer.candidates} == {"kt_shili_jigai_2025", "kt_shili_jigai_2026"}
    picked = kb.ask("示例区技术改造专项资金要交哪些材料", doc_id="kt_shili_jigai_2026", today=TODAY)
    assert picked.outcome is Outcome.ANSWERED and "设备购置合同" in picked.answer


def test_no_unrelated_notice_is_suggested_after_an_answer(kb):
    answer = kb.ask("徐汇科技小巨人给多少钱", today=TODAY)
    assert "如果您问的是" not in answer.answer


def test_profile_from_earlier_turns_is_applied(kb):
    answer = kb.ask(
        "徐汇科技小巨人我们能申报吗",
        kind=AnswerType.ELIGIBILITY,
        profile=CompanyProfile(revenue=50000.0),
        today=TODAY,
    )
    assert answer.answer_type is AnswerType.ELIGIBILITY
    assert "不符合" in answer.answer


def test_to_dict_is_the_ask_json_contract(kb):
    data = kb.ask("徐汇科技小巨人第一批什么时候截止", today=TODAY).to_dict()
    assert {"outcome", "answer_type", "answer", "citations", "facts", "doc", "candidates"} <= set(data)
    assert data["outcome"] == "answered" and data["answer_type"] == "deadline"
    assert set(data["citations"][0]) == {"doc", "title", "section", "text", "source"}
    assert all({"doc", "title", "score"} <= set(c) for c in data["candidates"])


def test_empty_question_is_rejected(kb):
    with pytest.raises(ValueError):
        kb.ask("  ")


# ------------------------------------------------------------------ declining what the notices do not hold
def test_the_date_of_a_phase_no_sentence_dates_is_not_stated(kb):
    # the notice dates applying, not paying out or publishing the results: its windows must not stand in
    for question in (
        "徐汇科技小巨人的资助资金什么时候拨付",
        "徐汇科技小巨人评审结果哪天公示",
        "徐汇科技小巨人的资助资金多久能拨下来",  # how long until: a duration would date it, none is given
    ):
        answer = kb.ask(question, today=TODAY)
        assert answer.outcome is Outcome.NOT_STATED, question
        assert answer.doc == GIANT and "3月31日" not in answer.answer
    lasting = kb.ask("徐汇科技小巨人评审结果公示多久", today=TODAY)  # "公示七天" gives the duration
    assert lasting.outcome is Outcome.ANSWERED and "七天" in lasting.answer


def test_a_quote_without_the_asked_address_is_not_an_answer(kb):
    answer = kb.ask("示例区技术改造专项资金申报材料送到哪个地址", today=TODAY)
    assert answer.outcome is Outcome.NOT_STATED
    assert "营业执照" not in answer.answer  # the nearest sentence, a list of materials, is no address
    sent = kb.ask("徐汇科技小巨人纸质材料送到哪", today=TODAY)
    assert sent.outcome is Outcome.ANSWERED and "区科委" in sent.answer


def test_a_kind_of_programme_no_notice_writes_is_declined(kb):
    answer = kb.ask("徐汇区瞪羚企业什么时候截止", today=TODAY)
    assert answer.outcome is Outcome.NO_DOCUMENT
    assert "3月31日" not in answer.answer


def test_a_programme_year_heading_a_place_counts_in_an_eligibility_question(kb):
    other_year = kb.ask("2024年度徐汇区科技小巨人能报吗", today=TODAY)
    assert other_year.outcome is Outcome.NO_DOCUMENT and "2024年" in other_year.answer
    history = kb.ask("我们2024年度评上过市级专精特新，能报徐汇科技小巨人吗", today=TODAY)
    assert history.outcome is Outcome.ANSWERED and history.doc == GIANT


@pytest.mark.unit
def test_a_set_aside_document_naming_the_programme_better_keeps_a_neighbour_from_answering():
    from knowledge.answer import _set_aside_named
    from knowledge.model import DocMatch

    usable = DocMatch("neighbour", "示例市软件专项", 0.36, name_coverage=0.4)
    named = DocMatch("strand", "示例市转型升级专项(重点技改)", 0.85, conflict="strand", name_coverage=0.75)
    assert _set_aside_named([named, usable], usable)
    close = DocMatch("other_year", "示例市软件专项(2023)", 0.5, conflict="year", name_coverage=0.45)
    assert not _set_aside_named([close, usable], usable)  # names the programme no better
    assert not _set_aside_named([usable], usable)


@pytest.mark.unit
def test_a_deadline_year_may_be_the_year_applications_close_in():
    from datetime import datetime
    from types import SimpleNamespace

    from knowledge.answer import _deadline_year_fits
    from knowledge.keys import DocKeys
    from knowledge.model import DocMatch, DocumentMeta
    from knowledge.resolve import parse_query

    title = "关于组织申报2019年度示例市经济发展扶持政策的通知"
    keys = DocKeys("d", title, frozenset({2019}), frozenset({2019, 2020}), ("示例市",))
    window = SimpleNamespace(end=datetime(2020, 6, 30))
    corpus = SimpleNamespace(
        key_index=lambda: {"d": (DocumentMeta("d", title), keys)},
        facts=lambda doc: SimpleNamespace(windows=[window]),
    )
    match = DocMatch("d", title, 0.7, conflict="year")
    assert _deadline_year_fits(corpus, parse_query("示例市2020年经济发展扶持政策申报最迟哪天"), match)
    assert not _deadline_year_fits(corpus, parse_query("示例市2020年度经济发展扶持政策申报最迟哪天"), match)
    assert not _deadline_year_fits(corpus, parse_query("示例市2021年经济发展扶持政策申报最迟哪天"), match)


@pytest.mark.unit
def test_a_provincial_bodys_deadline_is_not_a_city_notices_window():
    from types import SimpleNamespace

    from knowledge.answer import _province_date_unstated
    from knowledge.model import DocumentMeta

    def corpus(region, clause):
        window = SimpleNamespace(span=SimpleNamespace(text=clause))
        return SimpleNamespace(
            key_index=lambda: {"d": (None, SimpleNamespace(region=region))},
            facts=lambda doc: SimpleNamespace(windows=[window]),
        )

    meta = DocumentMeta("d", "示例市转发省厅示范项目申报的通知")
    city = corpus(("示例省", "示例市"), "请于5月8日前将材料报市工信局")
    asked = "示例市示范项目，省厅那边的截止时间是哪天"
    assert _province_date_unstated(city, meta, asked)
    assert not _province_date_unstated(city, meta, "示例市示范项目材料几号前报市工信局")
    onward = corpus(("示例省", "示例市"), "市工信局汇总后于5月20日前报送省工信厅")
    assert not _province_date_unstated(onward, meta, asked)  # the notice dates sending on to the province
    province = corpus(("示例省",), "请于5月8日前将材料报省工信厅")
    assert not _province_date_unstated(province, meta, asked)  # a provincial notice's own date


def test_a_numbered_part_the_document_does_not_have_is_not_stated(kb):
    # the measures have four articles, the notice six headed parts: an eighth is nowhere
    for question in ("徐汇人工智能若干措施第八条讲的什么", "徐汇科技小巨人申报通知第八部分是什么内容"):
        answer = kb.ask(question, today=TODAY)
        assert answer.outcome is Outcome.NOT_STATED, question
    held = kb.ask("徐汇人工智能若干措施第二条讲的什么", today=TODAY)
    assert held.outcome is Outcome.ANSWERED and "100万元" in held.answer
    headed = kb.ask("徐汇科技小巨人申报通知第五部分是什么内容", today=TODAY)
    assert headed.outcome is Outcome.ANSWERED
