"""Answering from the passage when no fact was extracted: the best one or two sentences of a document.

Extractors miss facts on notices nobody here has read (odd formats, tables flattened with "|",
truncated pages). Rather than say "not stated" while the answer sits in the retrieved passage, the
sentences of the document's best passages are ranked by search rank, by how much of the question's
topic they hold (its bigrams and jieba words, weighted by how rare they are among the document's sentences: the
programme's name, in every sentence, counts less than "公示" or "非政务网"), by the shape of the value
the question's asking words call for ("公示几天" a duration, "哪个部门" an office, "文号" a document
number) and by the asked kind's cue words (:data:`knowledge.intent.CUES`); a sentence sharing nothing
of the topic comes after every one that does. Whether the document answers at all is decided without
the weights and shapes (unweighted share, cue words, rank: MIN_SCORE). Kinds whose
answer is a value (a date, an amount, a phone number) also need that value's shape in the sentence
(:data:`knowledge.intent.EVIDENCE`), and a date must sit in a sentence about applying
(:data:`knowledge.intent.ABOUT`) and be a calendar date no earlier than the notice's issue date (a year
range such as "2023-2024年度" or a period the programme looks back on is no deadline); a contact needs a
phone number, a mailbox, a street or web address, not the word 地址 alone ("报送地址详见附件"); a sentence that says
no money is given ("不再给予资金支持") answers an amount question; a question asking for a list ("这个方向下面
有哪些项目") may be answered by a heading with the numbered items under it. A table flattened to one cell
a line reads as rows ("2026年1月1日-6月30日 标准摊位(甲类) 30000元": label, value, the header's unit, the
period the rows fall under); a yes/no question ("可以同时报两类吗") prefers the sentence saying 可以 / 不得 /
须 / 只能 over the kind's cue words, and a contact question asking who ("有异议找谁") the sentence naming an
office; a question for the document number is answered from the number line
at the document's top, which no passage holds. The chosen sentences are quoted with their section and trimmed
to the clauses that carry the answer. Nothing fits: the caller says the document does not state it.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from knowledge.asked import DOCUMENT_NUMBER, OFFICE, asked_shapes
from knowledge.facts.datetext import date_parts
from knowledge.intent import ABOUT, CUES, EVIDENCE
from knowledge.lexicon import GENERIC
from knowledge.model import AnswerType, DocumentMeta
from knowledge.resolve import Query, coverage
from knowledge.rewrite import without_hints

if TYPE_CHECKING:
    from knowledge.corpus import Corpus
    from knowledge.model import Hit

# Weights of a sentence's score: topic coverage, cue words, search rank of its passage.
W_TOPIC, W_CUE, W_RANK = 0.5, 0.3, 0.2
# The least score that answers, swept on the tuning half of knowledge/eval (sweep: notes/answers.md):
# false refusals / key-fact rate / unanswerable declined were 0.113 / 0.657 / 0.725 at the former
# unfitted 0.35 (with a topic floor of 0.30 for "other" questions), 0.075 / 0.671 / 0.725 at 0.25 and
# 0.028 / 0.695 / 0.706 anywhere from 0.15 to 0.20 without the topic floor (any floor cost answers).
# So the best sentence of the question's best passages in the resolved document answers, unless a
# value kind finds no sentence with the value's shape (EVIDENCE) …
MIN_SCORE = 0.18
# … or the only sentences left are short and hold nothing of the question's topic: a bare date (a
# signature line) or a heading fragment says nothing about what it is. Tuning half: unanswerable
# declined 0.706 without this floor, 0.725 with 12–20 characters, false refusals unchanged (0.028).
MIN_OFF_TOPIC_CHARS = 16
# A second sentence of the best one's passage is quoted when it scores this share of the best (tuning
# half, key-fact rate of the passage answers: one sentence 32 of 55, 0.9 → 36, 0.8 → 37, 0.6 → 39;
# from any passage rather than the same one: 38 at 0.6, with longer quotes).
SECOND_RATIO = 0.6
# What the question's asking words call for ("公示几天" a duration, "哪个部门组织" an office, "送几楼几室" a
# room, "文号是啥" a document number): a sentence holding that shape gains W_SHAPE.
W_SHAPE = 0.2
# A contact question asking who rather than for a number or an address ("有异议找谁") is answered by a
# sentence naming an office (knowledge.asked.OFFICE), whose office words stand in for the kind's cues.
_ASKS_WHO = re.compile(
    r"找谁|问谁|向谁|联系谁|找哪个|哪个(?:部门|单位|机构|处室|科室)|什么(?:部门|单位|机构)"
)
CUE_SATURATION = 2  # this many distinct cue words make a sentence fully on-kind
# A shorter first sentence (a lead-in: "3.消费提质。", "具体事项通知如下:") is quoted with the next one at no cost.
SHORT_CHARS = 20
MAX_CHARS = 160  # longer quotes are trimmed to the clauses that hold the topic or cue words
SEARCH_K = 4
# A street address: a building, room or floor number ("湖滨北路61号", "1517室", "5楼").
STREET_ADDRESS = re.compile(r"\d+\s*[号室楼层]")
# A web address answers a contact question only when the question asks for a site ("用哪个地址登录"), not
# when it asks where to send materials or whom to call.
_WEB_ADDRESS = re.compile(r"https?://|www\.|\d{1,3}(?:\.\d{1,3}){3}", re.IGNORECASE)
_ASKS_WEB = re.compile(r"网址|网站|链接|登录|登|系统|平台|网上|url|http", re.IGNORECASE)
# A sentence saying that no money is given ("不再给予资金支持", "不予奖励") answers an amount question too.
_NO_MONEY = re.compile(
    r"(?:不再|不)(?:给予|安排|提供|享受)[^，,。；;]{0,4}?(?:资金|奖励|补助|补贴|资助|奖补|支持)"
    r"|不予(?:资金|奖励|补助|补贴|资助|奖补|支持)"
)

_SENTENCE_END = re.compile(r"(?<=[。；;！!？?\n|])")
_CLAUSE_END = re.compile(r"(?<=[，,、：:])")
_HEADING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章条]|\d+[.、．])"
    r"[^。，,]{0,20}\s*$"
)


@dataclass(frozen=True)
class Passage:
    """The quoted sentences, the passage (chunk) they come from and their score."""

    hit: Hit
    text: str
    score: float
    topic: float  # share of the question's topic the sentences hold
    plain: float = 0.0  # the score by unweighted topic share and without the asked shape: whether it answers
    lines: range = range(0)  # the passage's sentences quoted
    weighted: float = 0.0  # share of the question's topic and words, weighted by their rarity in the document


# A table flattened to one cell a line (or a "|" row split at its bars): a cell holding only a value
# ("30000", "30000/18000", "5万元") belongs to the label cell before it, and a row-group cell naming a
# period ("2026年1月1日-6月30日") to the rows under it; the unit may sit in a header cell ("标准(元)").
_VALUE_CELL = re.compile(r"\d+(?:\.\d+)?(?:\s*(?:万元|元|%|％))?(?:\s*[/／]\s*\d+(?:\.\d+)?)*")
_PERIOD_CELL = re.compile(
    r"^[^，,。；;]{0,8}\d{1,2}\s*月[^，,。；;]{0,8}[-－—~至到][^，,。；;]{0,12}\d{1,2}\s*月[^，,。；;]{0,6}$"
)
_UNIT_HEADER = re.compile(r"[（(]\s*(万元|元)\s*[）)]|单位\s*[:：]\s*(万元|元)")
MAX_LABEL_CHARS = 40
# Labels whose value is no sum even under a header naming a money unit ("联系电话 12345678").
_NOT_MONEY = re.compile(r"电话|手机|传真|联系|邮编|编号|代码|序号|数量|人数|年份")


# The year a table row's period group names ("2020年1月1日-6月30日 展位费(A类) 27000元"): a row of another
# year than the question names is not its answer.
_PERIOD_YEAR = re.compile(r"^[^，,。；;]{0,8}?((?:19|20)\d{2})\s*年\s*\d{1,2}\s*月")


def _other_period(text: str, years: frozenset[int]) -> bool:
    """Whether ``text`` is a row under a period group of a year other than ``years`` (none named: False)."""
    found = _PERIOD_YEAR.match(text) if years else None
    return (
        found is not None
        and _PERIOD_CELL.match(text.split(" ")[0]) is not None
        and int(found[1]) not in years
    )


def _label_cell(cell: str) -> bool:
    return (
        len(cell) <= MAX_LABEL_CHARS
        and re.search(r"[\u4e00-\u9fff]", cell) is not None
        and not _VALUE_CELL.fullmatch(cell)
        and not _PERIOD_CELL.match(cell)
        and cell[-1] not in "。；;！!？?：:"
    )


def _table_rows(cells: list[str], unit: str) -> list[str]:
    """The cells with each value cell joined to its label ("标准摊位(甲类) 30000元") under its period group."""
    out: list[str] = []
    group = ""
    for cell in cells:
        if _PERIOD_CELL.match(cell):
            group = cell
        elif not _VALUE_CELL.fullmatch(cell) and not _label_cell(cell):
            group = ""  # prose: the table has ended
        if out and _VALUE_CELL.fullmatch(cell) and _label_cell(out[-1]):
            label = out.pop()
            bare = not re.search(r"元|%|％", cell) and not _NOT_MONEY.search(label)
            shown = cell + unit if unit and bare else cell
            out.append(" ".join(c for c in (group if group not in label else "", label, shown) if c))
            continue
        out.append(cell)
    return out


def sentences(text: str) -> list[str]:
    """Sentences of a passage; a table's value cell joins its label cell (see :func:`_table_rows`)."""
    cells = [s.strip(" |\n") for s in _SENTENCE_END.split(text) if s.strip(" |\n")]
    unit = _UNIT_HEADER.search(text)
    return _table_rows(cells, (unit.group(1) or unit.group(2)) if unit else "")


# A yes/no question ("能同时报两类吗", "可以打电话说吗", "要盖章吗"): the sentence saying 可以 / 不得 / 须 /
# 只能 answers it, not a list of the kind's facts; these words stand in for the kind's cue words (an
# eligibility question is yes/no by nature and keeps its own).
YES_NO = re.compile(
    r"(?:能|可以|可|允许|需要|要|须|必须|得|用)(?:(?!多少|哪|什么|几|怎)[^，,。；;？?]){0,20}[吗么](?:[？?]|$|[，,。])"
    r"|能不能|可不可以|能否|可否|是否|要不要|需不需要|用不用|行不行"
)
_MODAL = re.compile(r"可以|均可|即可|不可|不得|不能|只能|仅限|须|应当|不予|允许|禁止|无需|不需|无须|一律")


_WH = re.compile(r"多少|哪|什么|几|怎|啥|谁|何")


def asks_yes_no(question: str) -> bool:
    """Whether the question asks only yes or no ("要盖章吗"; not "装订几份，要盖章吗", which asks a value too)."""
    return YES_NO.search(question) is not None and _WH.search(question) is None


def _modal_share(text: str) -> float:
    return min(1.0, len(set(_MODAL.findall(text))) / CUE_SATURATION)


def _cue_share(kind: AnswerType, text: str) -> float:
    cues = CUES.get(kind, ())
    if not cues:
        return 0.0
    if kind is AnswerType.AMOUNT and _NO_MONEY.search(text):
        return 1.0  # "不再给予资金支持" says as much about the amount as a sum does
    return min(1.0, sum(cue in text for cue in cues) / CUE_SATURATION)


def trim(text: str, kind: AnswerType, topic: frozenset[str], shapes: Sequence[re.Pattern[str]] = ()) -> str:
    """A long quote cut to its clauses that carry the topic or the kind's cue words ("…" marks cuts).

    When that cut would drop every clause holding the value the question asks for (``shapes``: "有异议向哪个
    部门提" an office named after the topic's clause), the quote is built around the clause holding it nearest
    the topic instead, with the kept clauses closest to it.
    """
    if len(text) <= MAX_CHARS:
        return text
    clauses = [c for c in _CLAUSE_END.split(text) if c]
    keep = [
        i
        for i, c in enumerate(clauses)
        if coverage(topic, c) > 0
        or _cue_share(kind, c) > 0
        or (kind in EVIDENCE and EVIDENCE[kind].search(c))
    ]
    held = [i for i, c in enumerate(clauses) if any(shape.search(c) for shape in shapes)]
    if not keep and not held:
        return text[:MAX_CHARS] + "…"
    chosen, length = [], 0
    for i in keep:
        if length + len(clauses[i]) > MAX_CHARS and chosen:
            break
        chosen.append(i)
        length += len(clauses[i])
    if held and not set(held) & set(chosen):
        topical = [i for i in keep if coverage(topic, clauses[i]) > 0] or keep or held
        anchor = min(held, key=lambda i: (min(abs(i - j) for j in topical), i))
        chosen, length = [], 0
        for i in sorted({anchor, *keep}, key=lambda i: (abs(i - anchor), i)):
            if length + len(clauses[i]) <= MAX_CHARS or not chosen:
                chosen.append(i)
                length += len(clauses[i])
        chosen.sort()
    out, last = [], -2
    for i in chosen:
        if last >= 0 and i != last + 1:
            out.append("…")
        out.append(clauses[i])
        last = i
    quoted = "".join(out).rstrip("，,、：:")
    return quoted if last == len(clauses) - 1 else quoted + "…"


def issue_day(issued: str) -> date | None:
    """The document's issue date; a partial one ("2025-03", "2025") at its start; None when unknown."""
    fields = [int(f) for f in issued.split("-")[:3] if f.isdigit()]
    if not fields:
        return None
    year, month, day = (*fields, 1, 1)[:3]
    try:
        return date(year, month, day)
    except ValueError:
        return None


def dated(text: str, issued: str) -> bool:
    """Whether ``text`` names a date (a month at least) that is not before ``issued``: a notice asks for
    applications after it is issued."""
    from knowledge.facts.nlp import parse

    earliest = issue_day(issued)
    for ent in parse(text).ents:
        parts = date_parts(ent.text) if ent.label_ == "DATE" else None
        if parts is None:
            continue
        if parts.year is None or earliest is None:
            return True
        if (parts.year, parts.month, parts.day or 31) >= (earliest.year, earliest.month, earliest.day):
            return True
    return False


# A share asked ("按投入多少比例", "百分之几", "几个点", "自筹资金占多少") and no cap beside it: only a ratio
# answers it ("占地" is an area).
_ASKS_SHARE = re.compile(
    r"比例|百分之几|百分比|几个点|多少%|几成|占比|比重|占(?!地)[^，,。；;？?]{0,4}?(?:多少|几)"
)
# What a share is of: the words before "占" or "比例" in their clause ("研发投入占多少" → 研发投入).
_SHARE_OF = re.compile(
    r"(?P<subject>[\u4e00-\u9fffA-Za-z]{2,12}?)(?:得|要|需|需要|应|须|必须|的)?(?:占|比例|比重)"
)
_ASKS_CAP = re.compile(r"最多|最高|上限|封顶|多少钱|几万")
_SHARE = re.compile(r"[%％]|百分之|[0-9一二三四五六七八九]成")


def asks_share_only(question: str) -> bool:
    """Whether an amount question asks for a share of a cost and not for a cap."""
    return bool(_ASKS_SHARE.search(question)) and not _ASKS_CAP.search(question)


def share_subject(question: str) -> str:
    """What a share question asks the share of, when that is not the money given ("固定资产投资得占多少" →
    固定资产投资, "自筹资金比例" → 自筹资金; "补助比例多少" → "", the support rate itself); "" when none."""
    if not asks_share_only(question):
        return ""
    found = _SHARE_OF.search(question)
    subject = re.sub(r"^(?:这个|那个|这|那|该|本)", "", found["subject"]) if found else ""
    return "" if not subject or _AMOUNT_WORDS.search(subject) or subject in GENERIC else subject


# An amount given: a sentence (or its section) naming support, not a threshold the applicant must reach
# ("上年度主营业务收入须达到5亿元以上" answers no "能拿多少奖励").
_SUPPORT = re.compile(r"奖|补助|补贴|补偿|资助|支持|贴息|给予|扶持|兑现|拨付|返还|减免|券|经费|资金")


def _holds_value(kind: AnswerType, text: str, meta: DocumentMeta, question: str, section: str = "") -> bool:
    """Whether ``text`` holds the value a ``kind`` question asks for (kinds without a value: always)."""
    evidence = EVIDENCE.get(kind)
    if evidence is None:
        return True
    if kind is AnswerType.DEADLINE:
        return evidence.search(text) is not None and dated(text, meta.issued)
    if kind is AnswerType.CONTACT:
        if any(m.group() != "地址" for m in evidence.finditer(text)) or STREET_ADDRESS.search(text):
            return True
        if _ASKS_WHO.search(question) and OFFICE.search(text):
            return True
        return bool(_ASKS_WEB.search(question) and _WEB_ADDRESS.search(text))
    if kind is AnswerType.AMOUNT and asks_share_only(question):
        return _SHARE.search(text) is not None
    if kind is AnswerType.AMOUNT and _NO_MONEY.search(text):
        return True
    if kind is AnswerType.AMOUNT and not _SUPPORT.search(f"{section} {text}"):
        return False
    return evidence.search(text) is not None


def _weights(topic: frozenset[str], text: str) -> dict[str, float]:
    """Each topic term's weight in a document: the rarer among its sentences, the more a sentence holding
    it is about what the question asks (a term of every sentence, such as the programme's name, says
    little; a term absent from the document weighs most and lowers every sentence's share alike)."""
    lowered = [s.lower() for s in sentences(text)]
    return {t: math.log(1 + len(lowered) / (1 + sum(t in s for s in lowered))) for t in topic}


# Words of a question that say nothing of its topic.
_FUNCTION_WORDS = frozenset("吗呢吧啊呀的了是在有和与或就都也还要能会可以我们你他这那哪谁啥么什怎几多少个一")


def _words(question: str, meta: DocumentMeta) -> frozenset[str]:
    """The question's jieba words (single-character ones too: "拨" of "拨下来" is the word "拨付" shares)
    less function words, generic question words and what the document's name says."""
    import jieba  # lazy, as in knowledge.facts.places

    named = f"{meta.title} {meta.region} {meta.issuer}"
    return frozenset(
        w
        for w in jieba.lcut(question)
        if re.fullmatch(r"[\u4e00-\u9fff]+", w)
        and not (len(w) == 1 and w in _FUNCTION_WORDS)
        and w not in GENERIC
        and w not in named
    )


# Words that ask for an amount rather than name the item it is for ("安居补贴标准" names 安居).
_AMOUNT_WORDS = re.compile(r"奖|补|资助|支持|标准|上限|封顶|最高|最多|比例|多少|金额|额度|钱|给")
# The word naming what an amount is for stands right before these ("人才安居补贴", "先导区那条奖励").
_MONEY_WORD = frozenset({"奖励", "补贴", "补助", "资助", "奖补", "奖金", "奖", "补"})
# jieba's tags of words that point or join rather than name: 的/的话, 那条/这次, 很, 在, 吗, 和, 多少.
_FUNCTION_TAGS = ("u", "r", "d", "p", "y", "c", "m", "x")
_CLAUSE_BREAK = re.compile(r"[，,。；;？?！!、：:\s]+")


def item_words(question: str, meta: DocumentMeta) -> frozenset[str]:
    """The question's words of two characters or more that name what it asks about, less what the
    document's name says and the words that ask for an amount ("连续两次通过认定的高企奖励上限" →
    连续, 两次, 通过, 高企)."""
    return frozenset(w for w in _words(question, meta) if len(w) >= 2 and not _AMOUNT_WORDS.search(w))


def funded_item(question: str) -> str:
    """The word naming what an asked amount is for: the word right before the first money word in its
    clause, past pointers and particles ("人才安居补贴标准" → 安居, "二级的话补多少" → 二级; "增长12%，奖励
    怎么算" → ""); "" when none stands there."""
    import jieba.posseg  # lazy, as in knowledge.facts.places

    words = jieba.posseg.lcut(question)
    at = next((i for i, w in enumerate(words) if w.word in _MONEY_WORD), None)
    if at is None:
        return ""
    clause = next((i + 1 for i in range(at - 1, -1, -1) if _CLAUSE_BREAK.fullmatch(words[i].word)), 0)
    before = [w.word for w in words[clause:at] if not w.flag.startswith(_FUNCTION_TAGS)]
    last = before[-1] if before else ""
    named = re.fullmatch(r"[\u4e00-\u9fff]{2,}", last) and last not in GENERIC
    return last if named and not _AMOUNT_WORDS.search(last) else ""


def _weighted(weights: dict[str, float], text: str) -> float:
    """Share of the topic's weight found in ``text`` (0 when the topic is empty)."""
    total = sum(weights.values())
    if not total:
        return 0.0
    lowered = text.lower()
    return sum(w for t, w in weights.items() if t in lowered) / total


def lacks_asked_value(question: str, text: str) -> bool:
    """Whether the question asks for a value of a shape ("几点", "比例", "文号") that ``text`` does not hold."""
    shapes = asked_shapes(question)
    return bool(shapes) and not any(shape.search(text) for shape in shapes)


def _topic(query: Query, meta: DocumentMeta) -> frozenset[str]:
    """The question's topic less what the title already says ("软件集成电路专项…是无偿资助还是贷款" →
    无偿/资助/贷款): the document is chosen, what matters is the rest."""
    named = f"{meta.title} {meta.region} {meta.issuer}".lower()
    residual = frozenset(t for t in query.topic if t not in named)
    return residual if len(residual) >= 2 else query.topic


# A question asking for a list ("这个方向下面有哪些项目") is answered by a heading with the items under it.
_ASKS_LIST = re.compile(r"哪些|哪几|包括什么|包含什么|都有什么|有什么类|都有啥")
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、．](?!\d)|[(（]\d{1,2}[)）])")


def _items_after(found: list[str], i: int) -> int:
    """How many numbered items follow sentence ``i``."""
    count = 0
    for sentence in found[i + 1 :]:
        if not _ITEM.match(sentence):
            break
        count += 1
    return count


def _with_items(found: list[str], i: int) -> str:
    """Sentence ``i`` and the numbered items that follow it ("(一)…方向" + "1. …；2. …"), or "" when none follow."""
    count = _items_after(found, i)
    return "".join(found[i : i + 1 + count]) if count else ""


def _telling(sentence: str, topic: frozenset[str]) -> bool:
    """Whether a line may be quoted: a heading-shaped one only when it is an item long enough to name
    what the question asks about ("5.关于支持元宇宙发展的若干意见" answers "有元宇宙的政策吗"; "三、申报类别"
    says nothing)."""
    if not _HEADING.match(sentence):
        return True
    return len(sentence) >= MIN_OFF_TOPIC_CHARS and coverage(topic, sentence) > 0


def candidates(corpus: Corpus, query: Query, meta: DocumentMeta, kind: AnswerType) -> list[Passage]:
    """Every sentence (and sentence pair) of the document's best passages that could answer a ``kind``
    question, scored and untrimmed; value kinds keep only sentences with the value's shape.
    """
    from knowledge.search import SearchFilters

    hits = corpus.search(query.text, k=SEARCH_K, filters=SearchFilters(doc_id=meta.doc_id))
    topic = _topic(query, meta)
    weights = _weights(topic | _words(without_hints(query.text), meta), corpus.text(meta.doc_id))
    about, asked = ABOUT.get(kind), without_hints(query.text)
    shapes = asked_shapes(asked)
    found_all: list[Passage] = []
    lists = kind is AnswerType.OTHER and _ASKS_LIST.search(asked) is not None
    yes_no = kind is not AnswerType.ELIGIBILITY and asks_yes_no(asked)
    who = kind is AnswerType.CONTACT and _ASKS_WHO.search(asked) is not None
    for rank, hit in enumerate(hits, 1):
        found = [
            s for s in sentences(hit.chunk.text) if s not in meta.title and (lists or _telling(s, topic))
        ]
        for i, sentence in enumerate(found):
            pair = sentence + found[i + 1] if i + 1 < len(found) and sentence not in found[i + 1] else ""
            listed = _with_items(found, i) if lists else ""
            options = (
                (sentence if _telling(sentence, topic) else "", 1),
                (pair if not listed else "", 2),  # a heading's items come whole or not at all
                (listed, 1 + _items_after(found, i)),
            )
            for candidate, count in ((c, n) for c, n in options if c):
                if about is not None and not about.search(candidate):
                    continue
                if _other_period(candidate, query.years):
                    continue
                section = hit.chunk.section.removeprefix(meta.title)  # the title names the programme
                if not _holds_value(kind, candidate, meta, asked, section):
                    continue
                cov = coverage(topic, candidate)
                if yes_no:
                    cue = _modal_share(candidate)
                elif who:
                    cue = float(OFFICE.search(candidate) is not None)
                else:
                    cue = _cue_share(kind, candidate)
                rest = W_CUE * cue + W_RANK / rank
                weighted = _weighted(weights, candidate)
                plain, score = W_TOPIC * cov + rest, W_TOPIC * weighted + rest
                # Two sentences only when the second adds something, or when the first is a short lead-in.
                if candidate is pair:
                    plain -= 0.05
                    score -= 0.05 if len(sentence) >= SHORT_CHARS else 0.0
                if meta.title in candidate:  # an opening sentence that restates the title says little …
                    score, plain = score * 0.5, plain * 0.5
                if any(shape.search(candidate) for shape in shapes):  # … unless it holds the asked value
                    score += W_SHAPE
                found_all.append(Passage(hit, candidate, score, cov, plain, range(i, i + count), weighted))
    if (
        hits and DOCUMENT_NUMBER in shapes
    ):  # the number line, also when a passage quotes the number in passing
        number = number_passage(corpus.text(meta.doc_id), hits[0])
        found_all.extend([number] if number is not None else [])
    return found_all


# A document number on a line of its own near the top ("某委发〔2026〕3号"), which the chunker leaves out
# of every passage (it is neither a heading nor a sentence): it is read from the document's text.
_NUMBER_LINE = re.compile(
    r"^[ \t]*([\u4e00-\u9fff]{1,12}\s*[〔\[【(（]\s*\d{4}\s*[〕\]】)）]\s*第?\s*\d+\s*号)[ \t]*$",
    re.MULTILINE,
)
HEAD_CHARS = 600  # how far from the top a document number is looked for


def number_passage(text: str, hit: Hit) -> Passage | None:
    """The document's number line as a passage of its own (cited on its own), or None when the head of
    ``text`` has none."""
    found = _NUMBER_LINE.search(text[:HEAD_CHARS])
    if found is None:
        return None
    chunk = replace(
        hit.chunk,
        chunk_id=f"{hit.chunk.doc_id}#number",
        section="",
        text=found.group(1),
        start=found.start(1),
        end=found.end(1),
    )
    score = W_TOPIC + W_SHAPE + W_RANK  # it is the asked value itself
    return Passage(replace(hit, chunk=chunk), found.group(1), score, 1.0, W_TOPIC + W_RANK, range(1), 1.0)


def best_passage(corpus: Corpus, query: Query, meta: DocumentMeta, kind: AnswerType) -> Passage | None:
    """The document's sentence(s) that best answer a ``kind`` question, or None when none fits.

    A second sentence of the same passage is added (in the document's order, "…" between) when it
    scores nearly as well and says something else: the answer is often split over two sentences. When
    the question asks for values of two shapes and the best sentence holds one, the best sentence
    holding the other is added instead, from any of the passages.
    """
    ranked = sorted(
        (
            p
            for p in candidates(corpus, query, meta, kind)
            if p.topic > 0 or len(p.text) >= MIN_OFF_TOPIC_CHARS
        ),
        key=lambda p: (
            p.weighted == 0,
            -p.score,
        ),  # a sentence sharing none of the question's words comes last
    )
    if max((p.plain for p in ranked), default=0.0) < MIN_SCORE:
        return None
    best, topic = ranked[0], _topic(query, meta)
    missing = [shape for shape in asked_shapes(without_hints(query.text)) if not shape.search(best.text)]
    second = next(
        (
            p
            for p in ranked[1:]
            if (p.hit is not best.hit or not set(p.lines) & set(best.lines))
            and not any(part in best.text for part in sentences(p.text))  # overlapping passages
            and (
                any(shape.search(p.text) for shape in missing)  # "文号是啥，哪天发的": the other value
                or (not missing and p.hit is best.hit and p.score >= SECOND_RATIO * best.score)
            )
        ),
        None,
    )
    shapes = asked_shapes(without_hints(query.text))
    if kind is AnswerType.OTHER and second is not None and shapes and len(missing) == len(shapes):
        # a sentence quoted for a value a fact answer lacks ("邮编多少" after the contact): the best sentence
        # holds none of the asked values, the one holding it is quoted alone
        best = second
        second = None
    quoted = (
        [best]
        if second is None
        else sorted((best, second), key=lambda p: (p.hit.chunk.start, p.hit.chunk.text.find(p.text)))
    )
    text = ""
    for part in (trim(p.text, kind, topic, shapes) for p in quoted):
        text += part if not text or text.endswith("…") else "…" + part
    return Passage(best.hit, text, best.score, max(p.topic for p in quoted))


def best_hit(corpus: Corpus, query: Query, meta: DocumentMeta) -> Hit | None:
    """The document's best passage for the question (what a "not stated" answer cites as checked)."""
    from knowledge.search import SearchFilters

    hits = corpus.search(query.text, k=1, filters=SearchFilters(doc_id=meta.doc_id))
    return hits[0] if hits else None
