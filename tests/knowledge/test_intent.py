"""Question types decide which fact answers; a wrong type means a wrong kind of answer."""

import pytest

from knowledge.intent import classify, search_hints
from knowledge.model import AnswerType

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("技改投资补助申抱截至到哪天", AnswerType.DEADLINE),
        ("松江特色产业集群申报材料几号前交到区经委", AnswerType.DEADLINE),
        ("市经信委今年的技改补助现在还能报吗，还有几天", AnswerType.DEADLINE),
        ("我们两年前被罚过一次款，还能报嘉定智慧城市5G专项吗", AnswerType.ELIGIBILITY),
        ("技改投资补助对固定资产投资比例有啥要求", AnswerType.ELIGIBILITY),
        ("技改投资补助最多给多少钱", AnswerType.AMOUNT),
        ("国家企业技术中心申报材料报送到哪里", AnswerType.CONTACT),
        ("文昌贷款贴息要准备哪些材料", AnswerType.MATERIALS),
        ("奉贤小巨人在哪个系统网上申报", AnswerType.PROCESS),
        ("2024年高企申报截止时间为啥要延长？", AnswerType.OTHER),
        ("国家重要科技计划地方匹配资金公示期到哪天", AnswerType.OTHER),
    ],
)
def test_classify(question, kind):
    assert classify(question) is kind


def test_hints_add_the_vocabulary_of_the_asked_fact():
    assert "联系电话" in search_hints("找谁咨询")
    assert search_hints("光启创客计划是干嘛的") == ""
