"""The grounded answer composer behind ``KnowledgeBase.ask``, ``policybot ask`` and the Rasa actions.

One owner per decision, in this order, once per turn:
1. what is asked — the caller's ``kind`` (Rasa's confident intent) or :mod:`knowledge.intent`; a
   two-part question ("截止时间和材料", "…，那第二批呢") is split into parts;
2. which document — the pinned ``doc_id``, else :mod:`knowledge.resolve` (the previous turn's
   ``context_doc`` when the question names no other document); too close a call is ``ambiguous``;
3. whether the documents fit what the question names: another region or year than the document's
   (its keys), or another programme year, batch, part of the year, strand or development zone than its
   name states (:func:`knowledge.resolve.programme_conflict`), or a kind of programme its text never
   writes (独角兽 for a notice on 瞪羚企业), sets a document aside; a question whose topic no document's
   name or passages cover enough, or whose programme is named far better by a document set aside than by
   the best usable one, gets ``no_document`` — never a neighbouring notice's fact. (A stricter check of every name-like phrase of the question against the document's text
   declined 75 answerable questions of the tuning half for 10 unanswerable ones, at every threshold
   tried; it was dropped.)
4. the answer — from the document's extracted facts with their source spans, else from its best
   sentences (:mod:`knowledge.passages`), else ``not_stated`` citing what was checked. An amount asked
   for an item the document never names ("安居补贴"), or whose item words the document holds but no
   amount found quotes, is never answered with the other items' sums; the date of a phase after applying
   (评审, 公布, 拨付 …) that no sentence dates is not stated, nor is a numbered part the document lacks
   (第八条) or a detail it never writes (传真, 申报费, 名额, 办公时间 …), and a quote lacking the phone
   number or address asked for is no answer.
Callers read :class:`knowledge.model.Answer` ``outcome`` and ``candidates``, never the Chinese text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from knowledge import clock
from knowledge.answer_facts import SUB_ITEM, answer_from_facts, sub_items
from knowledge.asked import DOCUMENT_NUMBER, DURATION, OFFICE
from knowledge.company import CompanyProfile
from knowledge.facts.contacts import PHONE
from knowledge.facts.model import DocFacts
from knowledge.facts.numbers import cn_int
from knowledge.intent import EVIDENCE, Part, cue_kind, elliptical, in_scope, split_parts
from knowledge.keys import programme_kinds
from knowledge.model import Answer, AnswerType, Citation, DocMatch, DocumentMeta, Outcome, Span
from knowledge.passages import (
    best_hit,
    best_passage,
    funded_item,
    issue_day,
    item_words,
    lacks_asked_value,
    sentences,
)
from knowledge.profile import parse_profile
from knowledge.resolve import (
    Query,
    parse_query,
    place_headed_years,
    programme_conflict,
    score_documents,
    year_conflict,
)
from knowledge.rewrite import rewrite_query
from knowledge.templates import FIELD_NAMES, render

if TYPE_CHECKING:
    from knowledge.corpus import Corpus

# Decision thresholds (set on the tuning half of knowledge/eval, see knowledge/evaluate.py).
MIN_DOC_SCORE = 0.33  # below: no document is about the question; above the first search rank alone (W_RANK)
NAMED_SCORE = 0.5  # a follow-up names another document than the previous turn's above this score …
NAMED_LEAD = 2.0  # … and this many times the previous document's score
AMBIGUOUS_MARGIN = 0.15  # a runner-up this close (one search-rank step) whose name fits as well …
AMBIGUOUS_NAME = 0.5  # … and holds this much of the question's topic: ask which document is meant
ALTERNATIVE_MARGIN = 0.2  # a runner-up this close is named after an answer, in case it was meant …
ALTERNATIVE_NAME = 0.5  # … when its name holds this much of the question's topic
SET_ASIDE_LEAD = 0.2  # a document set aside whose name holds this much more of the topic than the best usable
# one's, and which scores above it, is the programme asked about: the usable one is a neighbour
MIN_ELSEWHERE = 2  # this many item words in the document, none in the amounts found: another item's amounts


@dataclass(frozen=True)
class _Choice:
    """The document to answer from, or the answer to give instead (no document / ambiguous)."""

    doc_id: str | None
    early: Answer | None = None
    candidates: tuple[DocMatch, ...] = ()


def _no_document(matches: list[DocMatch], query: Query, kind: AnswerType, question: str) -> Answer:
    """No document fits: say which region/year is missing when that is why; offer a person."""
    blocked = [m for m in matches if m.conflict and m.score >= MIN_DOC_SCORE]
    if blocked and blocked[0].conflict == "region" and query.regions:
        text = render("no_document_region", region="、".join(chain[-1] for chain in query.regions))
    elif blocked and blocked[0].conflict == "zone":
        place = query.regions[0][-1] if query.regions else ""
        text = render("no_document_region", region="、".join(place + zone for zone in sorted(query.zones)))
    elif blocked and blocked[0].conflict == "year":
        titles = "、".join(f"《{m.title}》" for m in blocked[:2])
        text = render("no_document_year", year="、".join(str(y) for y in sorted(query.years)), titles=titles)
    elif not in_scope(question):
        return Answer(Outcome.OUT_OF_SCOPE, kind, render("out_of_scope"))
    else:
        text = render("no_document")
    return Answer(Outcome.NO_DOCUMENT, kind, text, candidates=tuple(m for m in matches if not m.conflict)[:3])


def _names_other(usable: list[DocMatch], context_doc: str) -> bool:
    """True when a follow-up names another document than the one being discussed: that document's name
    shares the question's terms and it scores well ahead of the discussed one. A question that only
    matches another notice's text ("材料发到哪个邮箱") still asks about the discussed one."""
    if not usable or usable[0].doc_id == context_doc or usable[0].name_coverage <= 0:
        return False
    kept = next((m.score for m in usable if m.doc_id == context_doc), 0.0)
    return usable[0].score >= max(NAMED_SCORE, NAMED_LEAD * kept)


def _window_years(corpus: Corpus, doc_id: str) -> frozenset[int]:
    """The years the document's application windows end in."""
    return frozenset(w.end.year for w in corpus.facts(doc_id).windows if w.end is not None)


def _deadline_year_fits(corpus: Corpus, query: Query, match: DocMatch) -> bool:
    """Whether a document set aside for a deadline question's year ("晋江2020年扶持政策申报最迟哪天" for the
    notice on 2019年度 policies, issued without a date) fits after all: its windows end in that year, its
    text names it and its name contradicts nothing else the question names."""
    if match.conflict != "year" or match.score < MIN_DOC_SCORE:  # one below the bar would not be used
        return False
    entry = corpus.key_index().get(match.doc_id)
    if entry is None:
        return False
    meta, keys = entry
    # The year heading the programme's name may be the year applications close in ("2020年扶持政策" for
    # 2019年度 policies claimed in 2020); a programme year written "2020年度" still contradicts the title.
    unnamed = replace(query, named_years=frozenset())
    return (
        not year_conflict(query, keys)
        and bool(query.years & _window_years(corpus, match.doc_id))
        and not programme_conflict(unnamed, meta.title, keys.label)
    )


def _lacks_kind(corpus: Corpus, kinds: frozenset[str], match: DocMatch) -> bool:
    """Whether the document never writes a kind of programme the question names (knowledge.keys
    PROGRAMME_KINDS: 独角兽 asked of a notice on 瞪羚企业), from the kinds its keys hold."""
    if not kinds:
        return False
    entry = corpus.key_index().get(match.doc_id)
    return entry is not None and not kinds <= entry[1].kinds


def _set_aside_named(matches: list[DocMatch], top: DocMatch) -> bool:
    """Whether a document set aside for what the question names (another year, batch, strand …) scores
    above the best usable one and its name holds clearly more of the question's topic: the question is
    about that programme, and the usable document only shares some words with it ("2017年转型升级专项
    （服务业发展）" → the 2017 software notice, once the 重点技术改造 strand is set aside)."""
    return any(
        m.conflict
        and m.score > top.score
        and m.score >= MIN_DOC_SCORE
        and m.name_coverage - top.name_coverage >= SET_ASIDE_LEAD
        for m in matches
    )


def _choose(
    corpus: Corpus, query: Query, kind: AnswerType, question: str, context_doc: str | None
) -> _Choice:
    if kind is AnswerType.ELIGIBILITY:  # "我们2020年第二批评上的…能报吗": they describe the company …
        kept = place_headed_years(question)  # … unless a year heads the programme's name ("2019年度长宁区…")
        query = replace(query, years=kept, fiscal_years=kept, batches=frozenset(), periods=frozenset())
    matches = score_documents(corpus, query, strict_year=kind is AnswerType.DEADLINE)
    if kind is AnswerType.DEADLINE:
        matches = [replace(m, conflict="") if _deadline_year_fits(corpus, query, m) else m for m in matches]
    # A kind of programme the document never writes: another programme's notice. Not for eligibility,
    # where such words mostly describe the company ("我们是高企，能报…吗").
    kinds = programme_kinds(question) if kind is not AnswerType.ELIGIBILITY else frozenset()
    matches = [
        replace(m, conflict="programme")
        if not m.conflict and m.score >= MIN_DOC_SCORE and _lacks_kind(corpus, kinds, m)
        else m
        for m in matches
    ]
    usable = [m for m in matches if not m.conflict]
    blocked = {m.doc_id for m in matches if m.conflict}
    if context_doc is not None and context_doc not in blocked and not _names_other(usable, context_doc):
        return _Choice(context_doc, candidates=tuple(usable[:3]))
    if not usable or usable[0].score < MIN_DOC_SCORE or _set_aside_named(matches, usable[0]):
        return _Choice(None, _no_document(matches, query, kind, question))
    top = usable[0]
    close = [
        m
        for m in usable[1:3]
        if top.score - m.score <= AMBIGUOUS_MARGIN
        and m.name_coverage >= max(top.name_coverage, AMBIGUOUS_NAME)
    ]
    if close:
        options = [usable[0], *close]
        listed = "；".join(render("option", n=n, title=m.title) for n, m in enumerate(options, 1))
        answer = Answer(
            Outcome.AMBIGUOUS, kind, render("ambiguous", options=listed), candidates=tuple(options)
        )
        return _Choice(None, answer)
    return _Choice(usable[0].doc_id, candidates=tuple(usable[:3]))


def _citation(meta: DocumentMeta, section: str, text: str) -> Citation:
    return Citation(meta.doc_id, meta.title, section, text, meta.source)


def _hint(meta: DocumentMeta) -> str:
    if meta.truncated:
        return render("missing_hint_truncated", source=meta.source or "原文")
    return render("missing_hint", issuer=f"（{meta.issuer}）" if meta.issuer else "")


def _not_stated(corpus: Corpus, meta: DocumentMeta, part: Part, query: Query, note: str) -> Answer:
    """The document is the right one but does not state the asked fact: say so and cite what was read."""
    field = FIELD_NAMES.get(part.kind.value)
    if field:
        text = render("missing", title=meta.title, field=field, hint=_hint(meta)) + note
    else:
        text = render("no_passage", title=meta.title, hint=_hint(meta))
    hit = best_hit(corpus, query, meta)
    citations = (_citation(meta, hit.chunk.section, hit.chunk.text),) if hit else ()
    return Answer(Outcome.NOT_STATED, part.kind, text, citations, {"missing": part.kind.value}, meta.doc_id)


def _facts(corpus: Corpus, meta: DocumentMeta) -> DocFacts:
    """The document's facts less windows that end before it was issued: a notice asks for applications
    after it is issued, so such a window is a period it looks back on ("2024年1月1日至12月31日期间新增的
    企业"), not a deadline. Recurring windows and windows whose year was inferred are kept."""
    facts = corpus.facts(meta.doc_id)
    issued = issue_day(meta.issued)
    if issued is None:
        return facts
    kept = [
        w for w in facts.windows if w.end is None or w.recurring or w.year_inferred or w.end.date() >= issued
    ]
    return facts if len(kept) == len(facts.windows) else replace(facts, windows=kept)


def _unfunded(corpus: Corpus, meta: DocumentMeta, question: str) -> bool:
    """True when the item an amount is asked for ("人才安居补贴标准": 安居) occurs nowhere in the document,
    neither as written nor as an abbreviation's expansion: the notice does not fund it, and another
    item's amount must not stand in."""
    item = funded_item(question)
    if not item:
        return False
    text = f"{meta.title} {corpus.text(meta.doc_id)}"
    return not any(form in text for form in rewrite_query(item).split())


def _unquoted_items(corpus: Corpus, meta: DocumentMeta, part: Part, spans: tuple[Span, ...]) -> list[str]:
    """The item words of an amount question ("5G+工业互联网先导区那条奖励": 工业, 互联网, 先导) that the
    document holds but none of the amounts found quotes, when there are enough of them to say the amounts
    are another item's; then only a passage stating an amount beside them all may answer. [] otherwise. Levels and
    classes (国家级, A类) are the facts' own sub-items: amounts quoting the asked one are its amounts."""
    if part.kind is not AnswerType.AMOUNT or not spans:
        return []
    text = corpus.text(meta.doc_id)
    quoted = " ".join(span.text for span in spans)
    if any(item in quoted for item in sub_items(part.text)):
        return []
    words = sorted(
        w for w in item_words(part.text, meta) if not SUB_ITEM.search(w) and w in text and w not in quoted
    )
    return words if len(words) >= MIN_ELSEWHERE else []


def _states_amount_of(text: str, words: list[str]) -> bool:
    """Whether one sentence of ``text`` holds all ``words`` and an amount: the item's own sum, not the
    sum of the sentence next to it ("…奖励5万元；(二)连续两次通过认定的…按研发费用总量（" cut short)."""
    amount = EVIDENCE[AnswerType.AMOUNT]
    quoted = [s for part in text.split("…") for s in sentences(part)]  # "…" joins two quotes
    return any(all(w in s for w in words) and amount.search(s) for s in quoted)


# Phases after applying that a deadline question may ask the date of ("专家评审安排在哪天", "名单什么时候
# 公布", "几号打款"), each with the words notices and companies use. The applicant's window does not date
# them: unless a sentence of the notice names the phase beside a date, the date is not stated.
_PHASES: dict[str, tuple[str, ...]] = {
    "评审": ("评审", "评选", "答辩", "出结果"),
    "公布": ("公布", "公示", "公告", "名单"),
    "拨付": ("拨付", "拨款", "打款", "发放", "到账", "兑付", "下拨", "拨下"),
    "发证": ("发证", "证书", "授牌"),
    "验收": ("验收",),
}
# "多久到账" asks how long after applying: a sentence naming the phase with a duration ("审核通过后30个工作日
# 内拨付") answers it as well as a date does.
_HOW_LONG = r"多久|多长时间|几天"
_WHEN = rf"(?:什么时候|啥时候|哪天|几号|何时|几月|{_HOW_LONG})"
_BREAK = r"[^，,。；;？?]"


def _asked_phase(question: str) -> tuple[str, ...]:
    """The words of the phase whose date ``question`` asks (see _PHASES); () when it asks none."""
    for forms in _PHASES.values():
        named = "|".join(forms)
        if re.search(rf"(?:{named}){_BREAK}{{0,6}}{_WHEN}|{_WHEN}{_BREAK}{{0,3}}(?:{named})", question):
            return forms
    return ()


def _undated_phase(corpus: Corpus, meta: DocumentMeta, question: str) -> bool:
    """Whether the question asks the date of a phase after applying that no sentence of the document dates
    (with a date, or, asked how long, with a duration)."""
    forms = _asked_phase(question)
    if not forms:
        return False
    dated = EVIDENCE[AnswerType.DEADLINE]
    lasting = DURATION if re.search(_HOW_LONG, question) else dated
    return not any(
        (dated.search(s) or lasting.search(s)) and any(f in s for f in forms)
        for s in sentences(corpus.text(meta.doc_id))
    )


# Details a notice states in words of its own when it states them at all: a fax number, a fee, scoring
# weights, quotas, office hours, a period of validity or of execution, a mailbox. A question asking one
# (left) of a document that writes none of its forms (right) is not stated, whatever sentence shares the
# question's other words ("申报要交申报费吗" is not answered by the nearest condition).
_DETAILS: tuple[tuple[re.Pattern[str], re.Pattern[str]], ...] = tuple(
    (re.compile(asked), re.compile(stated))
    for asked, stated in (
        (r"传真", r"传真"),
        (
            r"申报费|报名费|评审费|手续费|服务费|收费|交费|缴费|交钱",
            r"收费|收取|免费|不收|费用由|(?:申报|报名|评审|手续|服务)费",
        ),
        (r"权重|打分|评分|分值|几分|多少分", r"权重|打分|评分|分值|得分|计分|[0-9]\s*分(?![之钟])"),
        (
            r"名额|(?:推荐|推|限报)(?:几|多少)(?![号日天月点时])",  # "推荐几号截止" asks a date
            (
                r"名额|推荐数量|上限|不限|限(?:申)?报|限推|只能(?:申)?报"
                r"|(?:不超过|不多于|最多|推荐|推)\s*[0-9一二三四五六七八九十两]+"
                r"(?:\s*[-~～至到]\s*[0-9一二三四五六七八九十两]+)?\s*[项家户个名]"
            ),
        ),
        (
            r"办公时间|工作时间|上班时间|几点上班|几点下班|几点到几点",
            r"办公时间|工作时间|上班|[上下]午|[0-9]{1,2}\s*[:：]\s*[0-9]{2}|[0-9]{1,2}\s*[时点]",
        ),
        (r"有效期|有效几年|管几年", r"有效期|[0-9一二三四五]\s*年内?有效"),
        (
            r"实施期|执行期|建设期|实施周期|项目周期",
            r"实施期|执行期|建设期|周期|期限|[0-9一二三四五]+\s*年内",
        ),
        (r"(?i)邮箱|电子邮件|e-?mail", r"(?i)@|邮箱|信箱|电子邮件|e-?mail"),
    )
)


def _unwritten_detail(corpus: Corpus, meta: DocumentMeta, question: str) -> bool:
    """Whether the question asks a detail of :data:`_DETAILS` that the document never writes (spaces set
    aside: a table cell may read "传 真")."""
    asked = [stated for asking, stated in _DETAILS if asking.search(question)]
    if not asked:  # most questions ask none: the document's text is not read
        return False
    text = re.sub(r"\s+", "", f"{meta.title}{corpus.text(meta.doc_id)}")
    return any(not stated.search(text) for stated in asked)


# A numbered part of a notice asked about ("第八部分讲什么", "第六条说的啥"), and the numbered parts a text
# has: its headings ("八、", "(六)", "6.") and the parts it names ("第六条"). A part the document does not
# have is not stated, whatever sentence shares the question's other words.
_ASKED_PART = re.compile(r"第\s*([0-9一二三四五六七八九十百]{1,4})\s*(?:条|章|部分|节|款|点)")
_PART = re.compile(
    r"第\s*([0-9一二三四五六七八九十百]{1,4})\s*(?:条|章|部分|节|款|点)"
    r"|^\s*[(（]?([0-9一二三四五六七八九十百]{1,4})\s*(?:[、.．)）])",
    re.MULTILINE,
)


def _part_numbers(found: list[str]) -> set[int]:
    numbers = set()
    for numeral in found:
        try:
            numbers.add(cn_int(numeral))
        except ValueError:
            continue
    return numbers


def _missing_part(corpus: Corpus, meta: DocumentMeta, question: str) -> bool:
    """Whether the question asks about a numbered part (第N条 / 第N部分 …) that the document does not have."""
    asked = _part_numbers(_ASKED_PART.findall(question))
    if not asked:
        return False
    held = _part_numbers([a or b for a, b in _PART.findall(corpus.text(meta.doc_id))])
    return not asked & held


# A deadline asked of a provincial body ("省里截止时间", "省工信厅截止时间", "自治区科技厅那边的申报截止")
# when the notice is a city's or district's forward: its windows are the city's; the province's own date
# is stated only where a window's sentence sends the applications on to the province ("报送省厅").
_ASKS_PROVINCE = re.compile(
    r"(?:省里|省厅|省[\u4e00-\u9fff]{1,4}厅|自治区[\u4e00-\u9fff]{0,4}厅|自治区)(?:那边|那里)?的?(?:申报)?"
    r"(?:截止|什么时候|啥时候|哪天|几号|最晚)|报送?[到给至]?(?:省|自治区)[^，,。；;？?]{0,6}(?:截止|什么时候|哪天|几号|最晚)"
)
_TO_PROVINCE = re.compile(r"报送?[到给至]?[^，,。；;]{0,4}(?:省|自治区)")


def _province_date_unstated(corpus: Corpus, meta: DocumentMeta, question: str) -> bool:
    """Whether the question asks a provincial body's deadline of a city's or district's notice whose
    windows send nothing on to the province (see _ASKS_PROVINCE)."""
    if not _ASKS_PROVINCE.search(question):
        return False
    entry = corpus.key_index().get(meta.doc_id)
    if entry is None or len(entry[1].region) < 2:  # a provincial notice states the province's own dates
        return False
    return not any(_TO_PROVINCE.search(w.span.text) for w in corpus.facts(meta.doc_id).windows)


def _answer_part(
    corpus: Corpus,
    meta: DocumentMeta,
    part: Part,
    question: str,
    now: datetime,
    profile: CompanyProfile | None,
) -> Answer:
    """One part of the question answered from the document: a fact, else a passage, else not stated."""
    query = parse_query(part.text, part.kind)
    note, unquoted = "", []
    if part.kind is AnswerType.AMOUNT and _unfunded(corpus, meta, part.text):
        return _not_stated(corpus, meta, part, query, note)
    if _undated_phase(corpus, meta, part.text):  # whatever the type: "名单什么时候公布" asks a date
        return _not_stated(corpus, meta, part, query, note)
    if _missing_part(corpus, meta, part.text) or _unwritten_detail(corpus, meta, part.text):
        return _not_stated(corpus, meta, part, query, note)
    if part.kind is AnswerType.DEADLINE and _province_date_unstated(corpus, meta, part.text):
        return _not_stated(corpus, meta, part, query, note)
    if part.kind is not AnswerType.OTHER:
        found = answer_from_facts(_facts(corpus, meta), part.kind, part.text, now, profile=profile)
        unquoted = _unquoted_items(corpus, meta, part, found.spans) if found.text else []
        if found.text and not unquoted:
            citations = tuple(_citation(meta, span.section, span.text) for span in found.spans)
            text, facts = found.text, found.facts
            if any(span.reviewed for span in found.spans):  # a person checked a fact the answer rests on
                text, facts = text + render("reviewed"), {**facts, "reviewed": True}
            more = _asked_value(corpus, meta, part, query, text)
            if more is not None:
                text, citations = text + more[0], (*citations, more[1])
            return Answer(Outcome.ANSWERED, part.kind, text, citations, facts, meta.doc_id)
        note = found.note
        if found.settled:
            return _not_stated(corpus, meta, part, query, note)
    passage = best_passage(corpus, query, meta, part.kind)
    if passage is None or (unquoted and not _states_amount_of(passage.text, unquoted)):
        return _not_stated(corpus, meta, part, query, note)
    if _lacks_contact(part.text, passage.text, part.kind):
        return _not_stated(corpus, meta, part, query, note)
    section = passage.hit.chunk.section.removeprefix(meta.title).lstrip(" ›")
    text = render("passage", title=meta.title, section=f"（{section}）" if section else "", text=passage.text)
    text += _issuer_named(meta, passage.text)
    facts = {"passage": {"section": passage.hit.chunk.section, "score": round(passage.score, 3)}}
    citation = _citation(meta, passage.hit.chunk.section, passage.hit.chunk.text)
    return Answer(Outcome.ANSWERED, part.kind, text + note, (citation,), facts, meta.doc_id)


# A phone number or an address asked for ("咨询电话多少", "材料送到哪个地址"), and their shapes in a quote
# (a system's web address answers "用哪个地址登录").
_ASKS_PHONE = re.compile(r"电话(?:是|多少|号|呢|发)|(?:咨询|联系|办公|服务)电话|电话$|热线|号码|打哪个")
_ASKS_ADDRESS = re.compile(r"地址")
_ADDRESS = re.compile(r"\d+\s*[号室楼层]|[路街道]|https?://|www\.|\d{1,3}(?:\.\d{1,3}){3}")


def _lacks_contact(question: str, quoted: str, kind: AnswerType) -> bool:
    """Whether a quote lacks the contact a question asks: a phone number or an address (or office) when one
    is asked by name (any type), else, for a contact question, any value of the asked shapes (knowledge.asked). A
    document number ("〔2019〕1号") is no street number. Such a quote is the notice's nearest sentence,
    not its contact."""
    bare = DOCUMENT_NUMBER.sub("", quoted)
    if _ASKS_PHONE.search(question):
        return not PHONE.search(bare)
    if _ASKS_ADDRESS.search(question):  # an office to send to ("送至区科委") is an answer too
        return not _ADDRESS.search(bare) and not OFFICE.search(bare)
    return kind is AnswerType.CONTACT and lacks_asked_value(question, bare)


# A notice naming its issuer as "我局", "本委": the reader of a quote does not know who that is.
_SELF_REFERENCE = re.compile(r"[我本](?:局|委|厅|办|中心)")


def _issuer_named(meta: DocumentMeta, quoted: str) -> str:
    """ "（文中“我局”指中山市工业和信息化局）" when the quote names the issuer only so; "" otherwise."""
    found = _SELF_REFERENCE.search(quoted)
    issuer = re.sub(r"[（(].*?[）)]", "", meta.issuer).strip()  # less a note such as "（据正文推断）"
    return render("passage_issuer", ref=found.group(), issuer=issuer) if found and issuer else ""


def _asked_value(
    corpus: Corpus, meta: DocumentMeta, part: Part, query: Query, text: str
) -> tuple[str, Citation] | None:
    """The sentence holding the value a fact answer lacks ("…最多给多少，配套比例多少": the cap is a fact, the
    ratio sits in a sentence; "电话多少，几点能打": the hours), quoted after the facts; None when not needed
    or not found."""
    if not lacks_asked_value(part.text, text):
        return None
    passage = best_passage(corpus, query, meta, AnswerType.OTHER)  # any sentence: the kind's value is given
    if passage is None or lacks_asked_value(part.text, passage.text):
        return None
    section = passage.hit.chunk.section.removeprefix(meta.title).lstrip(" ›")
    quoted = render("passage_more", section=f"（{section}）" if section else "", text=passage.text)
    return quoted, _citation(meta, passage.hit.chunk.section, passage.hit.chunk.text)


def _alternatives(candidates: tuple[DocMatch, ...], doc_id: str) -> str:
    """ "如果您问的是《…》" for a runner-up nearly as likely, and only when its name shares the question's terms."""
    if len(candidates) < 2 or candidates[0].doc_id != doc_id:
        return ""
    close = [
        m
        for m in candidates[1:]
        if candidates[0].score - m.score <= ALTERNATIVE_MARGIN and m.name_coverage >= ALTERNATIVE_NAME
    ]
    return render("alternatives", titles="、".join(f"《{m.title}》" for m in close)) if close else ""


def _combine(answers: list[Answer]) -> Answer:
    """A two-part question's answer: the parts' texts in order; answered when any part is."""
    outcomes = {a.outcome for a in answers}
    outcome = Outcome.ANSWERED if Outcome.ANSWERED in outcomes else answers[0].outcome
    facts: dict[str, Any] = {}
    for part in answers:
        for key, value in part.facts.items():
            facts.setdefault(key, value)
    citations = tuple(dict.fromkeys(c for a in answers for c in a.citations))
    text = "\n".join(a.answer for a in answers)
    return Answer(
        outcome, answers[0].answer_type, text, citations, facts, answers[0].doc, parts=tuple(answers)
    )


def _with_subject(question: str, parts: list[Part]) -> list[Part]:
    """A two-part question's parts, each with the words before the first ask that ask nothing themselves (the
    subject both parts share: "提异议，最晚哪天，找谁" → "提异议，最晚哪天" and "提异议，找谁")."""
    if len(parts) < 2:
        return parts
    start = question.find(parts[0].text)
    lead = question[:start].strip() if start > 0 else ""
    if not lead or cue_kind(lead) is not AnswerType.OTHER:
        return parts
    return [p if p.text.startswith(lead) else replace(p, text=lead + p.text) for p in parts]


def compose_answer(
    corpus: Corpus,
    question: str,
    *,
    kind: AnswerType | None = None,
    doc_id: str | None = None,
    context_doc: str | None = None,
    context_kind: AnswerType | None = None,
    profile: CompanyProfile | str | None = None,
    today: date | None = None,
) -> Answer:
    """A grounded answer to ``question`` (see the module docstring for the order of decisions).

    ``context_kind`` is the previous answer's type: an elliptical follow-up ("国家级的呢") asks it again.
    ``profile`` may be the company's own words ("注册在徐汇，员工80人"): they are parsed here.
    """
    if not question or not question.strip():
        raise ValueError("question must not be empty")
    if isinstance(profile, str):
        profile = parse_profile(profile)
    now = clock.moment(today)
    if (
        kind is None
        and context_kind not in (None, AnswerType.OTHER, AnswerType.NONE)
        and elliptical(question)
    ):
        kind = context_kind
    parts = _with_subject(question, split_parts(question, kind))
    query = parse_query(question, parts[0].kind)
    candidates: tuple[DocMatch, ...] = ()
    if doc_id is None:
        choice = _choose(corpus, query, parts[0].kind, question, context_doc)
        if choice.early is not None:
            return choice.early
        doc_id, candidates = choice.doc_id, choice.candidates
    meta = corpus.document(doc_id)
    answers = [_answer_part(corpus, meta, part, question, now, profile) for part in parts]
    answer = answers[0] if len(answers) == 1 else _combine(answers)
    if answer.outcome is Outcome.ANSWERED:
        answer = replace(answer, answer=answer.answer + _alternatives(candidates, doc_id))
    return replace(answer, candidates=candidates)


__all__ = ["Answer", "Citation", "compose_answer"]
