"""Fact answers to questions that single out a sub-item, ask how much inside an eligibility question, or
ask who receives the paper materials and how many copies."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from knowledge import AnswerType
from knowledge.answer_facts import answer_from_facts
from knowledge.facts import extract_facts
from knowledge.model import DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit
NOW = datetime(2026, 3, 2, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TITLE = "关于开展示例市2026年境外展会补贴申报工作的通知"
BODY = (
    "一、申报条件\n"
    "1、在示例市注册的独立法人企业；\n"
    "2、上年度进出口额在500万美元以下。\n"
    "二、支持标准\n"
    "1、参加A类展会的，每个展位给予2万元补助；\n"
    "2、参加B类展会的，每个展位给予1万元补助。\n"
    "三、材料报送\n"
    "申报书装订成册(2本)后，提交至企业所在区商务局。\n"
)


@pytest.fixture(scope="module")
def facts():
    text = f"{TITLE}\n{BODY}"
    meta = DocumentMeta(doc_id="shili-zhanhui", title=TITLE, region="示例市", issuer="示例市商务局")
    return extract_facts(meta, text, split_sections(text, TITLE))


def ask(facts, kind, question):
    return answer_from_facts(facts, kind, question, NOW)


def test_an_amount_question_naming_a_class_gets_that_class_only(facts):
    answer = ask(facts, AnswerType.AMOUNT, "A类展会补多少")
    assert "2万元" in answer.text and "1万元" not in answer.text


def test_an_amount_question_naming_no_class_gets_every_class(facts):
    answer = ask(facts, AnswerType.AMOUNT, "每个展位补多少")
    assert "2万元" in answer.text and "1万元" in answer.text


def test_a_class_no_amount_names_is_left_to_the_passages(facts):
    assert ask(facts, AnswerType.AMOUNT, "C类展会补多少").text == ""


def test_an_eligibility_question_asking_how_much_gets_the_amounts_after_the_verdict(facts):
    answer = ask(facts, AnswerType.ELIGIBILITY, "我们在示例市注册的独立法人，能拿多少补贴")
    assert answer.facts["verdict"] and answer.facts["amounts"]
    assert answer.text.index("需确认") < answer.text.index("2万元")
    plain = ask(facts, AnswerType.ELIGIBILITY, "我们在示例市注册的独立法人，能申报吗")
    assert "2万元" not in plain.text and "amounts" not in plain.facts


@pytest.mark.parametrize(
    "question", ["申报书装订几本，交给谁", "纸质材料交给哪个部门", "材料最后报给哪个单位"]
)
def test_who_receives_the_paper_materials_is_the_office_of_the_paper_submission(facts, question):
    answer = ask(facts, AnswerType.PROCESS, question)
    assert "商务局" in answer.text and "2本" in answer.text


def test_a_level_is_matched_by_its_name_when_the_notice_omits_级():
    title = "关于示例省2026年示范企业奖励的通知"
    text = f"{title}\n一、奖励标准\n1、获评国家示范企业的，给予100万元奖励；\n2、获评省级示范企业的，给予50万元奖励。\n"
    meta = DocumentMeta(doc_id="shili-shifan", title=title, region="示例省", issuer="示例省工业和信息化厅")
    levels = extract_facts(meta, text, split_sections(text, title))
    national = ask(levels, AnswerType.AMOUNT, "国家级的奖多少")
    assert "100万元" in national.text and "50万元" not in national.text
    provincial = ask(levels, AnswerType.AMOUNT, "省级的奖多少")
    assert "50万元" in provincial.text and "100万元" not in provincial.text


def test_a_batch_the_title_names_is_the_programme_not_a_sub_item():
    title = "关于开展示例区2026年第二批专项资金申报的通知"
    text = f"{title}\n一、支持标准\n1、获评区级示范企业的，给予10万元奖励。\n"
    meta = DocumentMeta(doc_id="shili-pici", title=title, region="示例区", issuer="示例区经济委员会")
    batch = extract_facts(meta, text, split_sections(text, title))
    assert "10万元" in ask(batch, AnswerType.AMOUNT, "第二批专项资金能补多少").text


@pytest.mark.parametrize(
    ("kind", "question"),
    [(AnswerType.PROCESS, "申报书能寄过去吗"), (AnswerType.MATERIALS, "申报书要装订吗")],
)
def test_a_yes_no_question_about_a_listed_detail_is_left_to_the_passages(facts, kind, question):
    assert ask(facts, kind, question).text == ""


def test_a_question_asking_a_value_besides_yes_or_no_keeps_the_facts(facts):
    assert "2本" in ask(facts, AnswerType.PROCESS, "申报书装订几本，要交给区商务局吗").text


def test_a_channel_deadline_question_gets_that_channel_timing_sentence_after_the_window():
    title = "关于征集示例区2026年数字化改造项目的通知"
    body = (
        "一、申报时间\n"
        "申报时间为2026年4月1日至2026年4月30日17:00，逾期不予受理。\n"
        "二、申报方式\n"
        "企业在示例区项目管理系统在线申报，网上审核通过后报送纸质材料(纸质材料报送时间以受理科室通知为准,"
        "但不得晚于申报截止时间)。\n"
    )
    text = f"{title}\n{body}"
    meta = DocumentMeta(doc_id="shili-shuzihua", title=title, region="示例区", issuer="示例区经委")
    facts = extract_facts(meta, text, split_sections(text, title))
    paper = ask(facts, AnswerType.DEADLINE, "纸质材料最晚什么时候交")
    assert "2026年4月30日" in paper.text
    assert "以受理科室通知为准,但不得晚于申报截止时间" in paper.text
    assert "受理科室" not in ask(facts, AnswerType.DEADLINE, "什么时候截止").text


def test_a_copies_question_adds_only_the_submission_sentences_on_copies_the_list_does_not_quote():
    from knowledge.facts.model import DocFacts, Material, Submission
    from knowledge.model import Span

    def span(text):
        return Span(doc_id="shili-copies", text=text, start=0, end=len(text), section="三、申报材料")

    bound = "纸质申报书胶装成册，一式三份，报送示例区科委"
    stated = DocFacts(
        doc_id="shili-copies",
        title=TITLE,
        materials=[Material(text="申报书", span=span("申报书")), Material(text=bound, span=span(bound))],
        submissions=[
            Submission(text=bound, span=span(bound), method="paper"),
            Submission(text="联系人：王老师，电话：021-12345678", span=span("联系人：王老师")),
            Submission(text="电子版同时发送至指定邮箱", span=span("电子版同时发送至指定邮箱"), method="email"),
        ],
    )
    answer = ask(stated, AnswerType.MATERIALS, "纸质版交几份，要电子版吗").text
    assert answer.count("一式三份") == 1  # quoted once, from the list
    assert "电子版同时发送至指定邮箱" in answer
    assert "王老师" not in answer  # a sentence saying nothing of copies or form


def test_where_to_hand_in_is_answered_by_the_receiving_place_not_the_time():
    body = "三、材料报送\n书面材料提交时间:2026年9月1日-10月8日。\n收件地点:示例市政务服务中心三楼12号窗口(示例路18号)。\n"
    text = f"{TITLE}\n{body}"
    meta = DocumentMeta(doc_id="shili-place", title=TITLE, region="示例市", issuer="示例市商务局")
    found = extract_facts(meta, text, split_sections(text, TITLE))
    answer = ask(found, AnswerType.PROCESS, "书面材料交到哪").text
    assert "12号窗口" in answer and "10月8日" not in answer


def test_a_copies_question_quotes_the_count_in_the_list_lead_in():
    body = (
        "二、推荐要求\n(一)示例区推荐要求:申报书纸质版须经街道盖章;\n"
        "三、申报材料\n请提交以下材料,纸质版2份,电子版1份:\n1.示例项目申报书\n2.示例经费预算表\n"
    )
    text = f"{TITLE}\n{body}"
    meta = DocumentMeta(doc_id="shili-lead", title=TITLE, region="示例市", issuer="示例市商务局")
    found = extract_facts(meta, text, split_sections(text, TITLE))
    assert "纸质版2份" in ask(found, AnswerType.MATERIALS, "纸质版交几份").text
