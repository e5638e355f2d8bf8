"""Passage answers on a fictional policy that states no application window: what may answer a question and
what must not (a date that is not about applying, a period before the policy was issued, a year range, a
bare signature date, the word 地址 without an address)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from knowledge import AnswerType, KnowledgeBase, Outcome

pytestmark = pytest.mark.integration

TODAY = date(2026, 3, 20)
POLICY = (
    "示例区关于支持绿色制造示范项目的若干措施\n"
    "第一条 本措施适用于在示例区注册的制造业企业。\n"
    "第二条 示范项目执行期限为2026年1月1日至2027年12月31日，项目须在执行期内完成建设。\n"
    "第三条 区财政每年安排专项资金500万元用于支持示范项目。\n"
    "第四条 项目通过验收后，由区经委组织专家进行绩效评价，评价结果作为后续支持的依据。\n"
    "第五条 2025年1月1日至2025年12月31日期间获评市级示范的项目可以申请加入2025-2026年度示范项目库。\n"
    "第六条 申报材料的报送地址和咨询方式详见区经委网站。\n"
    "第七条 已获市级绿色制造专项支持的项目，区级不再给予资金支持。\n"
    "第八条 示范项目分以下方向。\n(一)绿色工厂方向\n1. 节能改造项目；\n2. 清洁生产项目。\n"
    "第九条 示范项目名单在区经委网站公示，接受社会监督。\n"
    "第十条 公示期为7个工作日，期满无异议的予以确认。\n"
    "第十二条 示范项目建成后由项目单位向我委提出验收申请。\n"
    "第十三条 专项资金在项目立项后先行拨付一半，验收合格后拨付其余部分。\n"
    "第十一条 本措施另附配套文件。\n1.示例区绿色工厂认定管理办法实施细则\n2.示例区节水型企业评价管理暂行办法\n"
    "示例区经济委员会\n"
    "2026年2月1日\n"
)
SOURCES = (
    "file\tkind\tregion\tissuer\tissued_date\tsource_address\ttruncated\ttitle\n"
    "kt_shili_lvse_2026.txt\tpolicy\t示例市示例区\t示例区经济委员会\t2026-02-01\t测试文档\tno\t\n"
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("passages-kb")
    docs = root / "docs"
    docs.mkdir()
    (docs / "kt_shili_lvse_2026.txt").write_text(POLICY, encoding="utf-8")
    (docs / "sources.tsv").write_text(SOURCES, encoding="utf-8")
    with KnowledgeBase(root / "kb") as built:
        built.ingest([docs])
        yield built


def test_an_execution_period_or_a_signature_date_is_not_a_deadline(kb):
    answer = kb.ask("示例区绿色制造示范项目申报什么时候截止", today=TODAY)
    assert answer.outcome is Outcome.NOT_STATED
    assert answer.answer_type is AnswerType.DEADLINE


def test_a_question_without_a_fact_type_gets_the_sentence_that_answers_it(kb):
    answer = kb.ask("示例区绿色制造示范项目验收后谁来做绩效评价", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "区经委" in answer.answer and "绩效评价" in answer.answer
    assert "500万元" not in answer.answer  # one or two sentences, not the whole policy


def test_a_period_before_the_issue_date_or_a_year_range_is_not_a_deadline(kb):
    answer = kb.ask("示例区绿色制造示范项目库申请截止到哪天", today=TODAY)
    assert answer.outcome is Outcome.NOT_STATED
    assert "2025年12月31日" not in answer.answer


def test_a_sentence_that_only_says_where_the_address_is_written_is_no_contact(kb):
    answer = kb.ask("示例区绿色制造示范项目材料送哪个地址，电话多少", today=TODAY)
    assert answer.outcome is Outcome.NOT_STATED
    assert answer.answer_type is AnswerType.CONTACT


def test_a_question_about_a_share_is_not_answered_with_a_sum(kb):
    answer = kb.ask("示例区绿色制造示范项目按投资额的多少比例补助", today=TODAY)
    assert answer.outcome is Outcome.NOT_STATED
    assert answer.answer_type is AnswerType.AMOUNT


def test_a_sentence_saying_no_money_is_given_answers_an_amount_question(kb):
    answer = kb.ask("已获市级绿色制造专项支持的示范项目，区级资金补多少", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "不再给予资金支持" in answer.answer


def test_a_list_question_gets_the_heading_with_its_items(kb):
    answer = kb.ask("示例区绿色制造示范项目 绿色工厂方向下面有哪些项目", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "节能改造项目" in answer.answer and "清洁生产项目" in answer.answer


def test_a_question_asking_how_long_gets_the_sentence_with_a_duration(kb):
    answer = kb.ask("示例区绿色制造示范项目名单公示几天", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "7个工作日" in answer.answer


def test_a_listed_item_naming_what_is_asked_answers(kb):
    answer = kb.ask("示例区绿色制造示范项目有没有节水型企业的配套文件", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "节水型企业评价管理暂行办法" in answer.answer


def test_a_quote_naming_the_issuer_as_we_says_who_that_is(kb):
    answer = kb.ask("示例区绿色制造示范项目建成后向哪个单位提出验收申请", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "我委" in answer.answer and "示例区经济委员会" in answer.answer


def test_a_question_asking_two_values_gets_a_sentence_for_each(kb):
    answer = kb.ask("示例区绿色制造示范项目公示期几天，绩效评价由哪个部门组织", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "7个工作日" in answer.answer and "区经委" in answer.answer


def test_a_single_word_the_question_shares_with_a_sentence_counts(kb):
    answer = kb.ask("示例区绿色制造示范项目的钱是一次性拨下来吗", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "先行拨付一半" in answer.answer


AWARD = (
    "示例区首台套装备奖励实施细则\n"
    "第一条 对首台套装备给予奖励，单个项目最高不超过300万元。\n"
    "第二条 区级奖励资金与企业自筹资金按1:2的比例配套安排。\n"
    "示例区科学技术委员会\n"
    "2026年2月1日\n"
)


@pytest.fixture(scope="module")
def award_kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("award-kb")
    docs = root / "docs"
    docs.mkdir()
    (docs / "kt_shili_shoutaitao_2026.txt").write_text(AWARD, encoding="utf-8")
    (docs / "sources.tsv").write_text(
        SOURCES.replace("kt_shili_lvse_2026", "kt_shili_shoutaitao_2026"), encoding="utf-8"
    )
    with KnowledgeBase(root / "kb") as built:
        built.ingest([docs])
        yield built


def test_a_value_the_facts_lack_is_quoted_from_the_sentence_that_holds_it(award_kb):
    answer = award_kb.ask("示例区首台套装备单个项目最多奖励多少，配套比例多少", today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "300万元" in answer.answer and "1:2" in answer.answer
