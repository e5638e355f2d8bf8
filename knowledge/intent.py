"""What a question asks for (deadline, amount, …), how it splits into parts, and the words documents use.

The type is the learned model's (:mod:`knowledge.intent_model`, trained on example questions the project
wrote), which reads the type its cue table names as one feature among the question's n-grams and words:
the table alone was fitted to the development questions (type accuracy 0.89 on the tuning half, 0.73 on the
test half). Clause splitting asks the cue table whether a clause asks anything (it holds a cue word) and
the same model what it asks ("要不要电子版" asks for materials, not eligibility). The same type adds the
vocabulary notices use for that fact (申报时间/截止, 联系人/联系电话 …) to the search query: colloquial
questions ("几号前交", "打哪个电话") rarely share words with the passage that answers them. On the
development set this raised fused MRR from 0.820 to 0.871 (knowledge/evaluate.py). The same vocabulary
ranks the sentences of a passage answer. Every table here is data.

When the caller already knows the type (Rasa's confident intent), nothing here re-classifies the
question: :func:`split_parts` gives that type to the first part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.intent_model import cued_type, type_model
from knowledge.model import AnswerType

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


# The least probability that reads a question without any cue word as a fact question rather than ``other``.
# 5-fold cross-validation on the examples (3 repeats) and the tuning half, at the model's C=30: 0.4 → 0.909 /
# 0.925, 0.5 → 0.902 / 0.930. Kept at 0.5: the examples hold no unanswerable question, and a lower floor
# gives more of those a fact type where ``other`` would say the notice does not tell. Rechecked at 1ab7a81
# (C=30; examples / tuning half / 77 further tuning-half questions): 0.4 → 0.925 / 253 / 76, 0.5 → 0.919 / 254 / 76.
MIN_CONFIDENCE = 0.5


def cue_kind(text: str) -> AnswerType:
    """The type the cue table names (``other`` when no row matches)."""
    return cued_type(text) or AnswerType.OTHER


def classify(question: str) -> AnswerType:
    """What the question asks for: the learned model's most probable type (the cue table's type is one of
    its features); ``other`` for why-questions and publicity periods, and for an unsure question no cue
    word marks."""
    cued = cued_type(question)
    if cued is AnswerType.OTHER:  # why-questions and publicity periods: no fact type, whatever else they say
        return cued
    scores = type_model().probabilities(question)
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
# A clause that reports a failure ("系统提交不了", "网页打不开") states the company's trouble and asks nothing of
# its own: "…，打哪个电话" asks for the contact.
_FAILURE = re.compile(r"(?:不了|不上去?|不进去?|不开|出错了?|失败了?|报错了?)$")
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
        piece = piece.strip()
        asks = piece and cue_kind(piece) is not AnswerType.OTHER and not _FAILURE.search(piece)
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
