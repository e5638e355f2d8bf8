"""Trimming a long quote: the clause holding the asked value stays."""

from __future__ import annotations

import pytest

from knowledge.asked import asked_shapes
from knowledge.model import AnswerType
from knowledge.passages import MAX_CHARS, trim

pytestmark = pytest.mark.unit

# A long quote whose opening cites rules by their authors and whose asked office comes last.
QUOTE = (
    "依照某部、某某委员会、某某总署联合印发的《示例资质评定管理规定》(示发〔2019〕7号)、"
    "《示例资质评定工作细则》(示发〔2019〕8号)和《示例资质评定档案管理办法》(示发〔2020〕2号)等规定,"
    "经专家评审、现场核查和综合评议,现将本年度拟评定的示例单位名单予以公示。"
    "任何单位和个人对名单中的单位有不同意见的,可在公示期内来函告知示例市资质评定工作办公室。"
)
TOPIC = frozenset({"意见", "不同"})


def test_the_clause_naming_the_asked_office_is_kept():
    quoted = trim(QUOTE, AnswerType.PROCESS, TOPIC, asked_shapes("有不同意见告知哪个部门"))
    assert "示例市资质评定工作办公室" in quoted
    assert "有不同意见的" in quoted
    assert len(quoted.replace("…", "")) <= MAX_CHARS


def test_without_an_asked_value_the_cut_is_unchanged():
    assert trim(QUOTE, AnswerType.PROCESS, TOPIC) == trim(QUOTE, AnswerType.PROCESS, TOPIC, ())
    assert "示例市资质评定工作办公室" not in trim(QUOTE, AnswerType.PROCESS, TOPIC)
