"""A share question about something other than the money given ("自筹资金得占多少") is not answered with the
support rate: the notice's sentence requiring that share answers it (knowledge.passages)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from knowledge import AnswerType
from knowledge.answer_facts import answer_from_facts
from knowledge.facts import extract_facts
from knowledge.model import DocumentMeta
from knowledge.passages import asks_share_only, share_subject
from knowledge.sectioning import split_sections

pytestmark = pytest.mark.unit
NOW = datetime(2026, 5, 6, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
TITLE = "关于组织申报示例区2026年设备更新专项资金的通知"
BODY = (
    "一、申报条件\n"
    "1、项目已完成备案，设备购置投入不少于总投入的一半；\n"
    "2、企业自筹资金占项目总投入的比例不低于40%。\n"
    "二、支持标准\n"
    "按项目设备投入的15%给予补助，单个项目最高500万元。\n"
)


@pytest.fixture(scope="module")
def facts():
    text = f"{TITLE}\n{BODY}"
    meta = DocumentMeta(doc_id="shili-shebei", title=TITLE, region="示例区", issuer="示例区经委")
    return extract_facts(meta, text, split_sections(text, TITLE))


@pytest.mark.parametrize(
    ("question", "subject"),
    [
        ("自筹资金得占多少", "自筹资金"),
        ("研发人员占比要多少", "研发人员"),
        ("补助比例多少", ""),
        ("按设备投入多少比例补", ""),
        ("厂房占地多少", ""),
    ],
)
def test_the_subject_of_a_share_question(question, subject):
    assert share_subject(question) == subject


def test_occupying_a_share_is_a_share_question():
    assert asks_share_only("自筹资金占多少") and not asks_share_only("厂房占地多少")


def test_a_share_of_another_subject_is_left_to_the_passages(facts):
    assert answer_from_facts(facts, AnswerType.AMOUNT, "自筹资金得占多少", NOW).text == ""


def test_the_support_rate_still_answers_a_share_of_the_support(facts):
    assert "15%" in answer_from_facts(facts, AnswerType.AMOUNT, "补助比例多少", NOW).text
