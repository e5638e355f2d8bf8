"""Which windows a deadline question is about, and how the answer states them (own sentences)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from knowledge.answer_facts import answer_from_facts
from knowledge.facts import DocFacts, extract_facts
from knowledge.facts.windows import asked_step, select_windows
from knowledge.model import AnswerType, DocumentMeta
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit

CST = ZoneInfo("Asia/Shanghai")
TITLE = "关于开展示例区数字化项目申报工作的通知"
SEVERAL = (
    "一、网上填报时间为2025年4月1日至4月18日。\n"
    "二、纸质材料一式两份于4月22日前报送示例区科委。\n"
    "三、电子版扫描件请于4月20日前发送至邮箱。\n"
    "四、各区科委于4月30日前完成初审并行文报送市科委。\n"
)
BATCHES = "第一批申报截止时间为2025年5月9日，第二批申报截止时间为2025年8月8日。"
DRAFT = "公开征求意见时间为2025年5月6日至2025年6月5日，请通过电子邮件反馈意见。"
APRIL_10 = datetime(2025, 4, 10, 10, 0, tzinfo=CST)


def facts(body: str, issued: str = "2025-03-20") -> DocFacts:
    text = f"{TITLE}\n{body}"
    meta = DocumentMeta(doc_id="t", title=TITLE, issued=issued)
    return extract_facts(meta, text, split_sections(text))


@pytest.fixture(scope="module")
def several() -> DocFacts:
    return facts(SEVERAL)


@pytest.mark.parametrize(
    ("question", "step", "end_day"),
    [
        ("网上填报什么时候截止", "online", 18),
        ("系统里填报最晚哪天", "online", 18),
        ("纸质材料什么时候交", "paper", 22),
        ("书面材料几号前寄到", "paper", 22),
        ("电子版哪天前发", "ecopy", 20),
        ("区里初审到什么时候", "district", 30),
    ],
)
def test_the_questions_words_pick_the_step(several, question, step, end_day):
    selection = select_windows(several.windows, question)
    assert [(w.step, w.end.day) for w in selection.windows] == [(step, end_day)]
    assert not selection.several


def test_an_unspecific_question_lists_every_applicant_window_but_not_the_districts(several):
    selection = select_windows(several.windows, "这个项目什么时候截止")
    assert [w.step for w in selection.windows] == ["online", "paper", "ecopy"]
    assert selection.several and selection.primary.end.day == 22  # the latest applicant end
    answer = answer_from_facts(several, AnswerType.DEADLINE, "这个项目什么时候截止", APRIL_10)
    for name in ("网上填报", "纸质材料报送", "电子版报送"):
        assert name in answer.text
    assert "4月30日" not in answer.text  # the district's own date is no company's deadline
    assert "还有8天截止" in answer.text  # online closes on 18 April, eight days after 10 April
    assert answer.facts["deadline"]["end"].startswith("2025-04-22")
    assert len(answer.facts["windows"]) == 3


def test_a_named_step_answers_with_that_window_alone(several):
    answer = answer_from_facts(several, AnswerType.DEADLINE, "纸质材料什么时候交", APRIL_10)
    assert answer.text.startswith(f"《{TITLE}》（纸质材料报送）的申报截止时间为2025年4月22日")
    assert answer.facts["deadline"]["step"] == "paper"


def test_a_company_asking_about_its_own_submission_is_not_sent_to_the_district(several):
    assert asked_step("区里推荐什么时候截止") == "district"
    assert asked_step("我们企业报到区里截止到哪天") is None
    assert asked_step("县里把推荐文件报到市中小企业发展局最迟哪天") == "district"


@pytest.mark.parametrize(("question", "month"), [("第二批什么时候截止", 8), ("第一批截止时间", 5)])
def test_a_named_batch_picks_its_window(question, month):
    selection = select_windows(facts(BATCHES).windows, question)
    assert [w.end.month for w in selection.windows] == [month]


@pytest.mark.parametrize(
    ("body", "question", "month"),
    [
        (BATCHES, "第2批什么时候截止", 8),  # digits in the question, Chinese numerals in the notice
        (BATCHES.replace("第一批", "第1批").replace("第二批", "第2批"), "第二批最晚哪天", 8),
        (BATCHES.replace("第一批", "第1批").replace("第二批", "第2批"), "第一批啥时候截止", 5),
    ],
)
def test_a_batch_is_the_same_batch_in_digits_or_chinese_numerals(body, question, month):
    selection = select_windows(facts(body).windows, question)
    assert [w.end.month for w in selection.windows] == [month]


def test_batches_without_a_named_one_are_all_listed():
    answer = answer_from_facts(facts(BATCHES), AnswerType.DEADLINE, "什么时候截止", APRIL_10)
    assert "第一批" in answer.text and "第二批" in answer.text


def test_one_window_is_stated_not_listed():
    found = facts("申报截止时间为2025年4月25日。")
    selection = select_windows(found.windows, "申报截止时间是哪天")
    assert not selection.several
    answer = answer_from_facts(found, AnswerType.DEADLINE, "申报截止时间是哪天", APRIL_10)
    assert "还有15天截止" in answer.text and "写明了" not in answer.text


def test_comment_period_when_asked_and_when_it_is_all_the_draft_states():
    draft = facts(DRAFT)
    assert select_windows(draft.windows, "征求意见到什么时候").primary.step == "comment"
    answer = answer_from_facts(draft, AnswerType.DEADLINE, "什么时候截止", datetime(2025, 5, 20, tzinfo=CST))
    assert "征求意见" in answer.text and "2025年6月5日" in answer.text


def test_a_comment_period_is_not_an_application_deadline_when_the_notice_states_one():
    both = facts(DRAFT + "\n申报截止时间为2025年9月30日。")
    assert select_windows(both.windows, "申报什么时候截止").primary.end.month == 9
    assert select_windows(both.windows, "意见什么时候反馈").primary.end.month == 6


def test_an_inferred_year_is_said_in_the_answer():
    found = facts("请于6月25日前报送申报材料。", issued="2025-05-30")
    answer = answer_from_facts(found, AnswerType.DEADLINE, "什么时候截止", datetime(2025, 6, 1, tzinfo=CST))
    assert "2025年6月25日" in answer.text and "按发文日期推定" in answer.text


def test_no_window_no_answer():
    found = facts("关于开展2020年度示例专项资金申报工作的说明。")
    assert found.windows == []
    assert answer_from_facts(found, AnswerType.DEADLINE, "什么时候截止", APRIL_10).text == ""


def test_an_objection_date_only_when_asked():
    found = facts("申报时间为2025年5月6日至5月16日。企业如对核定结果有异议，请于5月20日前反馈。")
    assert select_windows(found.windows, "什么时候截止").primary.end.day == 16
    assert found.deadline.end.day == 16
    assert select_windows(found.windows, "对结果有异议最晚哪天提").primary.end.day == 20


def test_a_comment_period_is_worded_as_one():
    answer = answer_from_facts(
        facts(DRAFT), AnswerType.DEADLINE, "征求意见到哪天", datetime(2025, 5, 20, tzinfo=CST)
    )
    assert "征求意见时间为2025年5月6日至2025年6月5日" in answer.text
    assert "正在征求意见，还有16天截止" in answer.text and "正在申报" not in answer.text


@pytest.mark.parametrize(
    ("question", "step"),
    [
        ("市州工信局初核完报省厅的截止时间是", "district"),
        ("县区发改审核完报市发改委是几号", "district"),
        ("市里报省厅截止哪天", "district"),
        ("复核什么时候结束", "district"),
        ("几号前报省局", None),  # the applicant may send to the province itself
        ("材料几号前要交到市里", None),
        ("运营公司激励 形式审查谁来做，哪天前审完", "district"),  # "公司" of a programme's name
    ],
)
def test_words_for_a_bodys_step_upward(question, step):
    found = asked_step(question)
    assert (found.value if found else None) == step


UPWARD = "企业于2025年7月1日前网上申报。各县区于7月10日前将初审意见报市局，市局汇总后于7月20日前报省厅。"


def test_a_question_about_the_bodies_gets_their_windows():
    selection = select_windows(facts(UPWARD).windows, "市里报省厅截止哪天")
    assert selection.step is not None and selection.step.value == "district"
    assert [w.end.day for w in selection.windows] == [10, 20] and selection.primary.end.day == 20


def test_a_bodys_step_the_notice_gives_no_date_is_not_stated():
    found = facts("企业于2025年7月1日前网上申报，由各县区组织审核。")
    answer = answer_from_facts(found, AnswerType.DEADLINE, "县区审核完报市里是几号", APRIL_10)
    assert answer.text == "" and answer.settled and "2025年7月1日" in answer.note
