"""Passage answers on a fictional notice with a document number line, a table flattened to one cell a line
and sentences that answer yes/no questions ("只能", "须", "含周六、日")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from knowledge import AnswerType, KnowledgeBase, Outcome
from knowledge.passages import asks_yes_no, sentences

TODAY = date(2026, 3, 20)
NOTICE = (
    "关于组织申报示例市2026年会展扶持资金的通知\n"
    "示经信发〔2026〕5号\n\n"
    "各有关企业:\n"
    "为支持企业参加境内外展会，根据《示例市会展业促进办法》（示府发〔2025〕9号），现将有关事项通知如下。\n"
    "一、申报方向\n"
    "每家企业只能选择展会补助或宣传补助中的一个方向申报，不得重复申报。\n"
    "二、补助标准\n"
    "项目\n"
    "补助额(元)\n"
    "2026年1月1日-6月30日\n"
    "标准摊位(甲类)\n"
    "30000\n"
    "标准摊位(乙类)\n"
    "18000\n"
    "2026年7月1日-12月31日\n"
    "标准摊位(甲类)\n"
    "25000\n"
    "标准摊位(乙类)\n"
    "12000\n"
    "三、申报材料\n"
    "1. 申报表；\n"
    "2. 参展合同及付款凭证；\n"
    "3. 营业执照复印件。\n"
    "电子版材料须为加盖企业公章后的扫描件，纸质版一式两份。\n"
    "纸质材料请在封面注明联系人姓名及联系方式。材料报送至示例路88号3号楼201室。\n"
    "四、申报时间和方式\n"
    "申报时间为2026年4月1日至4月30日（含周六、日），逾期不予受理。\n"
    "企业登录示例市会展资金管理系统（http://expo.example.cn）在线填报。\n"
    "企业对补助结果有异议的，可在公布后5个工作日内向所在区商务主管部门反馈。\n"
    "示例市经济和信息化委员会\n"
    "2026年3月1日\n"
)
SOURCES = (
    "file\tkind\tregion\tissuer\tissued_date\tsource_address\ttruncated\ttitle\n"
    "kt_shili_huizhan_2026.txt\tnotice\t示例省示例市\t示例市经济和信息化委员会\t2026-03-01\t测试文档\tno\t\n"
)


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[KnowledgeBase]:
    root = tmp_path_factory.mktemp("passages-notice-kb")
    docs = root / "docs"
    docs.mkdir()
    (docs / "kt_shili_huizhan_2026.txt").write_text(NOTICE, encoding="utf-8")
    (docs / "sources.tsv").write_text(SOURCES, encoding="utf-8")
    with KnowledgeBase(root / "kb") as built:
        built.ingest([docs])
        yield built


def test_a_value_cell_joins_its_label_under_its_period_with_the_header_unit():
    cells = "项目\n补助额(万元)\n2026年1月1日-6月30日\n一等奖\n20\n二等奖\n10\n2026年7月1日-12月31日\n一等奖\n15\n"
    rows = sentences(cells)
    assert "2026年1月1日-6月30日 一等奖 20万元" in rows
    assert "2026年7月1日-12月31日 一等奖 15万元" in rows
    assert "2026年1月1日-6月30日 二等奖 10万元" in rows


def test_a_bar_separated_row_is_one_sentence_and_prose_ends_the_period_group():
    rows = sentences(
        "2026年1月1日-6月30日\n甲类 | 5 |\n本表所列补助按年度预算执行，超出部分不予支持。\n乙类 | 3 |\n"
    )
    assert "2026年1月1日-6月30日 甲类 5" in rows
    assert "乙类 3" in rows  # after the prose line the period no longer applies


def test_a_phone_number_under_a_money_header_gets_no_unit():
    assert "联系电话 12345678" in sentences("项目\n金额(元)\n联系电话\n12345678\n")


def test_a_numbered_item_is_no_value_cell():
    assert sentences("申报材料\n1.\n申报表") == ["申报材料", "1.", "申报表"]


@pytest.mark.parametrize(
    ("question", "yes_no"),
    [
        ("电子版要盖章吗", True),
        ("可以两个方向一起报吗", True),
        ("能否线下提交", True),
        ("能拿多少钱吗", False),
        ("要交哪些材料", False),
        ("什么时候截止", False),
        ("材料装订几份，要盖章吗", False),  # a value is asked too
    ],
)
def test_yes_no_questions(question, yes_no):
    assert asks_yes_no(question) is yes_no


@pytest.mark.integration
def test_an_amount_is_read_from_the_table_row_of_the_asked_class_and_half_year(kb):
    first = kb.ask("示例市会展扶持资金上半年甲类摊位补多少", kind=AnswerType.AMOUNT, today=TODAY)
    assert first.outcome is Outcome.ANSWERED
    assert "30000" in first.answer
    later = kb.ask("示例市会展扶持资金下半年乙类摊位补多少", kind=AnswerType.AMOUNT, today=TODAY)
    assert "12000" in later.answer


@pytest.mark.integration
def test_the_document_number_line_answers_a_question_for_the_number(kb):
    """Also when a sentence cites another document's number in passing (the opening's 办法)."""
    answer = kb.ask("示例市会展扶持资金的通知文号是什么", kind=AnswerType.OTHER, today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "示经信发〔2026〕5号" in answer.answer


@pytest.mark.integration
def test_a_yes_no_question_gets_the_sentence_saying_only_or_must(kb):
    answer = kb.ask(
        "示例市会展扶持资金可以同时按展会和宣传两个方向报吗", kind=AnswerType.PROCESS, today=TODAY
    )
    assert "只能" in answer.answer


@pytest.mark.integration
def test_a_yes_no_materials_question_is_answered_by_its_sentence_not_the_list(kb):
    answer = kb.ask("示例市会展扶持资金电子版材料要盖章吗", kind=AnswerType.MATERIALS, today=TODAY)
    assert "扫描件" in answer.answer
    assert "参展合同" not in answer.answer  # not the list of materials


@pytest.mark.integration
def test_a_weekend_question_finds_the_saturday_and_sunday_sentence(kb):
    answer = kb.ask("示例市会展扶持资金周末能在系统上报吗", kind=AnswerType.PROCESS, today=TODAY)
    assert "周六、日" in answer.answer


@pytest.mark.integration
def test_a_question_for_an_address_prefers_the_sentence_with_a_street_number(kb):
    answer = kb.ask("示例市会展扶持资金纸质材料寄到什么地址", kind=AnswerType.OTHER, today=TODAY)
    assert "示例路88号" in answer.answer


@pytest.mark.integration
def test_a_contact_question_asking_who_is_answered_by_the_sentence_naming_the_office(kb):
    answer = kb.ask("示例市会展扶持资金对补助结果有异议找谁", kind=AnswerType.CONTACT, today=TODAY)
    assert answer.outcome is Outcome.ANSWERED
    assert "商务主管部门" in answer.answer
