"""What a question asks for (deadline, amount, …), how it splits into parts, and the words documents use.

The type decides which extracted fact answers the question. It is the learned model's
(:mod:`knowledge.intent_model`, trained on example questions the project wrote) with a vote for the
type the cue table below names: the table alone was fitted to the development questions (type accuracy
0.89 on the tuning half, 0.73 on the test half); the model with the vote reads 0.93 / 0.83. Clause
splitting asks the cue table whether a clause asks anything (it holds a cue word) and the same model and
vote what it asks ("要不要电子版" asks for materials, not eligibility). The same type adds the vocabulary notices
use for that fact (申报时间/截止, 联系人/联系电话 …) to the search query: colloquial questions
("几号前交", "打哪个电话") rarely share words with the passage that answers them. On the development
set this raised fused MRR from 0.820 to 0.871 (knowledge/evaluate.py). The same vocabulary ranks the
sentences of a passage answer. Every table here is data.

When the caller already knows the type (Rasa's confident intent), nothing here re-classifies the
question: :func:`split_parts` gives that type to the first part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
        (
            r"要求|条件|资格|门槛|必须|符合|够格|要不要|需不需要|算不算|够吗|够不够|适用(?:对象|范围|于)?"
            r"|还需要申报|(?:能|可以|可不可以|能不能)[^，。？?！!]{0,4}(?:报|申请|申报|享受)"
            # the company states itself, then asks whether it can apply, get or use something
            r"|^(?=.*(?:我们|我司|本公司|公司|企业|营收|销售))"
            r".*(?:能|可以|还能)[^，。？?！!]{0,10}(?:报|申|评|拿|补|享受|推荐|用)"
        ),
    ),
    (
        AnswerType.AMOUNT,
        (
            r"多少钱|(?:补贴|资助|奖励|支持|补助|给|领|发放|发)(?:有|是|能有)?多少|多少万|多少亿|金额|额度|比例|百分之|补贴标准"
            r"|资助标准|最高.{0,6}(?:支持|资助|补|奖)|最多.{0,6}(?:钱|支持|资助|补|奖|领|拿)"
            r"|(?:奖|补|拿|领)(?:励|贴|助)?(?:多少|几个?)|几个点|怎么算|封顶|有.{0,4}奖励吗"
        ),
    ),
    # How applications are handled (who receives, who reviews, paper or online): before contact and
    # materials, whose words ("材料", "哪个部门") these questions also use.
    (
        AnswerType.PROCESS,
        (
            r"谁来?(?:盖|初审|审|收)|怎么审|(?:交|报|发|送)(?:给|到)?(?:谁|哪个(?:单位|窗口|科室))|哪个(?:窗口|科室)"
            r"|归哪个部门|哪个部门(?:在)?(?:组织|管|负责)|哪些部门|核实|拨下来|一次性拨|网上报还是|纸质的"
            r"|几批|实施模式|要交钱|同时.{0,8}报|系统上报|公示几天|盖章吗|点确认|会怎样"
        ),
    ),
    (AnswerType.CONTACT, r"电话|联系|邮箱|e-?mail|地址|找谁|哪个部门|咨询|寄到|寄哪|送到哪|发哪|报送到哪|热线|传真|几楼|几室"),
    (
        AnswerType.MATERIALS,
        r"材料|几份|一式|申报书|申请书|申报表|申请表|利润表|营业执照|附件|准备什么|交什么|要附|附啥|签字|审计报告|承诺书|视频",
    ),
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


# Words of the sentences that state each kind of fact: a passage answer prefers sentences holding them.
# Generic notice vocabulary (not any one notice's wording).
CUES: dict[AnswerType, tuple[str, ...]] = {
    AnswerType.DEADLINE: ("截止", "之前", "前", "期间", "时间", "日", "至", "起", "受理", "逾期", "报送"),
    AnswerType.ELIGIBILITY: (
        "条件", "对象", "应当", "应", "须", "具有", "具备", "注册", "符合", "不得", "范围", "要求", "资格",
    ),
    AnswerType.AMOUNT: ("万元", "元", "资助", "补贴", "补助", "奖励", "支持", "最高", "比例", "不超过", "额度", "%"),
    AnswerType.MATERIALS: ("材料", "附件", "申报书", "申请表", "复印件", "证明", "一式", "份", "盖章", "装订"),
    AnswerType.CONTACT: ("联系", "电话", "邮箱", "地址", "联系人", "咨询", "传真"),
    AnswerType.PROCESS: (
        "方式", "流程", "程序", "登录", "系统", "平台", "网上", "提交", "审核", "评审", "受理", "报送", "推荐",
        "组织", "负责", "审查", "纸质",
    ),
    AnswerType.OTHER: (),
}

# The shape a sentence must have to answer a value question: a date, an amount, a phone or address.
_DIGIT = r"[0-9０-９一二三四五六七八九十〇零]"
EVIDENCE: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.DEADLINE: re.compile(
        rf"{_DIGIT}{{1,2}}\s*月\s*{_DIGIT}{{1,3}}\s*[日号]|\d{{4}}\s*[-./年]\s*\d{{1,2}}|即日起|每年|工作日"
    ),
    AnswerType.AMOUNT: re.compile(rf"{_DIGIT}[0-9.０-９]*\s*(?:万|亿|元|%|％)|百分之|{_DIGIT}成"),
    AnswerType.CONTACT: re.compile(r"\d{3,4}[-—－ ]?\d{7,8}|1[3-9]\d{9}|@|地址|路\d+号|\d+室"),
}

# A date answers "when" only in a sentence about applying (or commenting): not an execution period,
# a subsidised period or a yearly budget. Passage answers of the kind need these words too.
ABOUT: dict[AnswerType, re.Pattern[str]] = {
    AnswerType.DEADLINE: re.compile(r"申报|申请|受理|报送|提交|截止|报名|填报|推荐|逾期|征求意见|反馈"),
}

# Words that make a message a question about policies at all; without any, and without a document
# that fits, the message is out of scope ("今天天气怎么样").
POLICY_WORDS = re.compile(
    r"申报|申请|政策|通知|补贴|补助|资助|奖励|扶持|认定|项目|专项|企业|公司|资金|材料|截止|条件|办法|指南|细则|"
    r"评审|备案|贴息|资质|公示|园区|科技|产业|[区市省县]|我们|我司|营收|销售|奖|补|钱"
)


# The cue table's vote added to the model's probability, and the least probability that reads a question
# without any cue word as a fact question rather than ``other``. Swept on the tuning half (type accuracy
# with the model's C=10 and MIN_CONFIDENCE 0.5: vote 0 → 0.89, 0.15 → 0.91, 0.3 → 0.93, 0.5 → 0.92, 1 → 0.91;
# with vote 0.3: floor 0 → 0.92, 0.4 → 0.925, 0.5 → 0.93, 0.55 → 0.93): the smallest values on the plateau,
# as the table was written while reading that half.
CUE_VOTE = 0.3
MIN_CONFIDENCE = 0.5


def _cue(text: str) -> AnswerType | None:
    """The type the first matching cue-table row names (None when no row matches)."""
    for kind, pattern in _COMPILED:
        if pattern.search(text):
            return kind
    return None


def cue_kind(text: str) -> AnswerType:
    """The type the cue table names (``other`` when no row matches)."""
    return _cue(text) or AnswerType.OTHER


def classify(question: str) -> AnswerType:
    """What the question asks for: the learned model's probabilities plus the cue table's vote."""
    from knowledge.intent_model import type_model

    cued = _cue(question)
    if cued is AnswerType.OTHER:  # why-questions and publicity periods: no fact type, whatever else they say
        return cued
    scores = type_model().probabilities(question)
    if cued is not None:
        scores[cued] = scores.get(cued, 0.0) + CUE_VOTE
    best = max(scores, key=lambda kind: scores[kind])
    if cued is None and scores[best] < MIN_CONFIDENCE:
        return AnswerType.OTHER
    return best


def search_hints(question: str, kind: AnswerType | None = None) -> str:
    """The document vocabulary for what ``question`` asks (``kind`` when known; empty for other)."""
    return SEARCH_HINTS.get(kind if kind is not None else classify(question), "")


def in_scope(question: str) -> bool:
    return POLICY_WORDS.search(question) is not None


@dataclass(frozen=True)
class Part:
    """One thing a question asks: its type and the words that ask it."""

    kind: AnswerType
    text: str


# Clause boundaries, and the conjunctions that join two asks ("截止时间和材料"; "…，另外要交什么").
_CLAUSES = re.compile(r"[，,；;。？?！!\s]+|以及|还有|另外|并且|同时|和|及")
# "…，那第二批呢": an elliptical last clause that asks the previous part's type about something else.
_ELLIPSIS = re.compile(r"^(?:那么?|那个|还有)?(?P<core>.{1,12}?)的?呢$")
_END = "？?。！! "
_COMMAS = re.compile(r"[，,；;]")  # the marks between the clauses of one message


def _ellipsis_core(clause: str) -> str | None:
    """What an elliptical clause is about ("那第二批呢" → 第二批), when it asks nothing of its own."""
    match = _ELLIPSIS.match(clause.strip())
    return match["core"] if match and cue_kind(match["core"]) is AnswerType.OTHER else None


def elliptical(question: str) -> bool:
    """A whole message that asks nothing of its own ("国家级的呢", "那第二批呢", "要是评上灯塔工厂呢"): it asks the
    previous turn's question again about something else."""
    body = question.strip().rstrip(_END)
    return _COMMAS.search(body) is None and _ellipsis_core(body) is not None


def split_parts(question: str, kind: AnswerType | None = None) -> list[Part]:
    """The parts of a question, each with its type; one part unless it asks two things.

    A question is split when it ends in an elliptical clause ("…，那第二批呢": the previous type,
    asked again about 第二批) or when its clauses ask different types ("什么时候截止，要交哪些材料").
    ``kind`` is the first part's type when the caller knows it; a one-part question keeps its words.
    """
    body = question.strip().rstrip(_END)
    clauses = _COMMAS.split(body)
    core = _ellipsis_core(clauses[-1]) if len(clauses) > 1 else None
    if core is not None:
        head = body[: body.rfind(clauses[-1])].rstrip("，,；; ")
        first = kind or classify(head)
        return [Part(first, head), Part(first, core)]
    asked: dict[AnswerType, list[str]] = {}
    for piece in _CLAUSES.split(body):
        asks = piece.strip() and cue_kind(piece) is not AnswerType.OTHER
        piece_kind = classify(piece) if asks else AnswerType.OTHER
        if piece_kind is not AnswerType.OTHER:
            asked.setdefault(piece_kind, []).append(piece)
    if len(asked) < 2:
        return [Part(kind or classify(question), question)]
    parts = [Part(k, "，".join(texts)) for k, texts in asked.items()]
    if kind is not None:
        own = [p for p in parts if p.kind is kind] or [Part(kind, question)]
        parts = own + [p for p in parts if p.kind is not kind]
    return parts
