"""What a question asks for (deadline, amount, …) and the words documents use for it.

The type decides which extracted fact answers the question. The same type adds the vocabulary notices
use for that fact (申报时间/截止, 联系人/联系电话 …) to the search query: colloquial questions
("几号前交", "打哪个电话") rarely share words with the passage that answers them. On the development
set this raised fused MRR from 0.820 to 0.871 (knowledge/evaluate.py). Both tables are data.
"""

from __future__ import annotations

import re

from knowledge.model import AnswerType

# First matching row wins; order encodes precedence ("材料几号前交" asks a deadline, not materials).
QUESTION_TYPES: list[tuple[AnswerType, str]] = [
    # A publicity period (公示期/异议) is not an application window: answered from the passage.
    (AnswerType.OTHER, r"为啥|为什么|原因|目标|公示期|异议期|异议.{0,6}(?:最晚|截止|什么时候|哪天)"),
    (
        AnswerType.DEADLINE,
        (
            r"截止|截至|deadline|最晚|几号|哪天|哪一天|还有几天|多少天截止|逾期|过期|关闭|延长到|延期"
            r"|申报时间|什么时候(?:申报|开始|截|交|报|提)|(?:现在|目前|今天|还来得及).{0,6}(?:报|申请)"
        ),
    ),
    (
        AnswerType.ELIGIBILITY,
        r"要求|条件|资格|门槛|必须|符合|够格|要不要|需不需要|(?:能|可以|可不可以|能不能)[^，。？?！!]{0,4}(?:报|申请|申报|享受)",
    ),
    (
        AnswerType.AMOUNT,
        (
            r"多少钱|(?:补贴|资助|奖励|支持|补助|给|领|发放|发)(?:有|是|能有)?多少|多少万|多少亿|金额|额度|比例|百分之|补贴标准"
            r"|资助标准|最高.{0,6}(?:支持|资助|补|奖)|最多.{0,6}(?:钱|支持|资助|补|奖|领|拿)"
        ),
    ),
    (AnswerType.CONTACT, r"电话|联系|邮箱|e-?mail|地址|找谁|哪个部门|咨询|寄到|寄哪|送到哪|发哪|报送到哪"),
    (AnswerType.MATERIALS, r"材料|几份|一式|申报书|申请书|申报表|利润表|营业执照|附件|准备什么|交什么"),
    (
        AnswerType.PROCESS,
        (
            r"怎么(?:申报|报|申请|办)|如何(?:申报|申请|办理)|流程|程序|(?:哪个|什么|哪)(?:平台|系统|网站)|网址|在哪.{0,4}申报|提交"
            r"|评审|审核|拨付|受理|申报方式|多少天内|工作日"
        ),
    ),
]
_COMPILED = [(kind, re.compile(pattern, re.IGNORECASE)) for kind, pattern in QUESTION_TYPES]

# Vocabulary of the passages that state each kind of fact, appended to search queries.
SEARCH_HINTS: dict[AnswerType, str] = {
    AnswerType.DEADLINE: "申报时间 截止 前",
    AnswerType.CONTACT: "联系人 联系电话 联系方式 邮箱 地址",
    AnswerType.AMOUNT: "支持标准 支持额度 最高 万元",
    AnswerType.MATERIALS: "申报材料 一式 份",
    AnswerType.ELIGIBILITY: "申报条件 申报对象",
    AnswerType.PROCESS: "申报方式 申报程序",
}


def classify(question: str) -> AnswerType:
    """What the question asks for, from the first matching pattern row (``other`` when none)."""
    for kind, pattern in _COMPILED:
        if pattern.search(question):
            return kind
    return AnswerType.OTHER


def search_hints(question: str) -> str:
    """The document vocabulary for what ``question`` asks (empty for other questions)."""
    return SEARCH_HINTS.get(classify(question), "")
