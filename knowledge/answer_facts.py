"""Answers built only from a document's extracted facts (``DocFacts``), one strategy per question type.

Every sentence here fills a template from :mod:`knowledge.templates` with values copied from a fact,
and returns the fact's source spans for citation. An empty ``FactAnswer.text`` means the document
does not state what was asked; ``note`` then carries what it does state nearby (e.g. only the
programme's total budget), so the caller can say so without inventing anything.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from knowledge.company import CompanyProfile
from knowledge.facts.eligibility import (
    ConditionResult,
    EligibilityResult,
    Outcome,
    Verdict,
    evaluate_profile,
    judged_on,
)
from knowledge.facts.model import PROFILE_FIELDS, Amount, Contact, DocFacts, Submission, Window
from knowledge.facts.serialize import contact_fields
from knowledge.facts.steps import AUTHORITY, Step, step_cue
from knowledge.facts.windows import Selection, asked_step, select_windows
from knowledge.model import SECTION_SEPARATOR, AnswerType, CallStatus, Span
from knowledge.passages import STREET_ADDRESS, asks_share_only, asks_yes_no, share_subject
from knowledge.profile import parse_profile
from knowledge.resolve import coverage, topic_terms
from knowledge.templates import clause, format_datetime, join, render


@dataclass(frozen=True)
class FactAnswer:
    text: str = ""  # empty: the document does not state the asked fact
    spans: tuple[Span, ...] = ()
    facts: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    settled: bool = False  # the facts show the asked fact is not stated: no passage may answer instead


_ASKS_TOTAL = re.compile(r"一共|总共|总额|总规模|规模|每年.{0,3}发放|一年.{0,4}发")
_ASKS_COPIES = re.compile(r"几份|份数|一式|纸质|电子版|光盘|胶装|几本|本数|装订")
_STATES_COPIES = re.compile(r"一式|[0-9一二三四五六七八九十两]\s*[份本套]|纸质|电子|光盘|U盘|胶装|装订")
_ASKS_PLACE = re.compile(r"地址|地点|寄|送到|报送到|在哪|送哪|交到哪|交哪")
_ASKS_EMAIL = re.compile(r"邮箱|e-?mail|发哪", re.IGNORECASE)
_ASKS_SEND = re.compile(r"寄|送到|送哪|送至|交到|交哪|交给|报送到|发到|发哪|邮箱")  # where materials go
# Which office receives the materials ("交给谁", "报给哪个单位").
_ASKS_RECIPIENT = re.compile(r"交给谁|报给|[交送](?:给|到)?哪个(?:单位|部门)")
# An amount asked inside another question ("…，能拿多少补助", "补多少", "能补吗").
_ASKS_AMOUNT = re.compile(
    r"(?:拿|补|奖|给|发|获得?)多少|多少(?:钱|补助|补贴|资金|奖励|奖金)|补几|几万|能补吗|(?:补助|补贴|奖励)标准"
)
# A sub-item a question may single out among a notice's amounts: a class, grade, level, half-year, batch or tier.
SUB_ITEM = re.compile(
    r"[A-Za-z甲乙丙丁]类|[一二三特]等奖?|(?:国家|部|省|自治区|市|区|县)级|[上下]半年|第[一二三四五六七八九十\d]+[批档类]|[一二三四五]档"
)
_ASKS_CHANNEL = re.compile(
    r"平台|系统|网址|网站|网上|线上|在哪.{0,4}(?:申报|提交)|申报方式|怎么(?:申报|报|申请)|如何(?:申报|申请)"
)
MAX_ITEMS = 6
# The least share of a share question's subject ("固定资产投资" of "固定资产投资得占多少") an amount's sentence
# must hold to answer it: half its bigrams.
SUBJECT_SHARE = 0.5

T = TypeVar("T")


def _relevant(items: Sequence[T], question: str, span_of: Callable[[T], Span]) -> list[T]:
    """``items`` with those whose source covers more of the question first (stable otherwise)."""
    topic = topic_terms(question)
    return sorted(items, key=lambda item: -coverage(topic, span_of(item).text))


# ------------------------------------------------------------------ deadline
# Which windows a question is about is decided in knowledge.facts.windows (one owner); this renders them.
_YEAR_SOURCES = {
    "sentence": "同一句中的日期",
    "issued": "发文日期",
    "text": "正文中的日期",
    "title": "标题中的年份",
}


def _end_text(w: Window) -> str:
    return format_datetime(w.end, time_given=w.end_time_given) if w.end else ""


def _start_text(w: Window) -> str:
    return format_datetime(w.start, time_given=False) if w.start else ""


def _days_left(w: Window, now: datetime) -> int:
    return (w.end.date() - now.astimezone(w.end.tzinfo).date()).days


def _state(w: Window, now: datetime) -> str:
    """A short status for one listed window (the occurrence ``w`` is already this year's if recurring)."""
    status = w.status(now)
    if status is CallStatus.OPEN:
        days = _days_left(w, now)
        return render("state_open_today") if days == 0 else render("state_open", days=days)
    return render("state_upcoming" if status is CallStatus.UPCOMING else "state_closed")


def _step_name(w: Window) -> str:
    return w.label or Step(w.step).label


def _several(facts: DocFacts, selection: Selection, now: datetime) -> FactAnswer:
    """Every window of the selection with its step name: the question did not say which step it means."""
    shown = [w.occurrence(now) for w in selection.windows]
    items = [
        render(
            "deadline_item_range" if w.start and w.end else "deadline_item_until",
            step=_step_name(w),
            start=_start_text(w),
            end=_end_text(w),
            state=_state(w, now) if w.end else "",
        )
        for w in shown
    ]
    text = render("deadline_several", title=facts.title, count=len(items), items="；".join(items))
    if any(w.hard for w in shown):
        text += render("deadline_hard")
    primary = selection.primary.occurrence(now) if selection.primary else None
    data = {
        "deadline": primary.to_dict(now) if primary else None,
        "status": primary.status(now).value if primary else None,
        "days_left": _days_left(primary, now) if primary and primary.end else None,
        "windows": [w.to_dict(now) for w in selection.windows],
    }
    return FactAnswer(text, tuple(w.span for w in selection.windows), data)


# Steps of another party or phase than applying: a question about one of them ("县区审核完报市里是几号",
# "市州初核完报省厅", "征求意见到哪天") is not answered by the applicant's window when the notice gives the
# step no date — unless it names a channel of applying too ("…网上传材料截止哪天"). 推荐 does not count: it
# names whole programmes ("专精特新中小企业推荐几号截止") as often as a body's forwarding step.
_OTHER_STEPS = frozenset({Step.DISTRICT, Step.COMMENT, Step.OBJECTION, Step.PRE})
_CHANNELS = (Step.ONLINE, Step.PAPER, Step.ECOPY)


def _other_step_only(question: str) -> bool:
    """Whether the question asks only for a step the notice gives no window of (see _OTHER_STEPS)."""
    if any((cue := step_cue(step)) is not None and cue.search(question) for step in _CHANNELS):
        return False
    return asked_step(question.replace("推荐", "")) in _OTHER_STEPS


# What a submission sentence says of its timing when it gives no date ("纸质材料报送时间以受理科室通知为准，
# 但不得晚于申报截止时间"): a question about that channel's deadline gets it after the window.
_TIMING = re.compile(r"时间|截止|不得晚于|不晚于|之前|以前|逾期|为准")
_CLAUSE = re.compile(r"[^，,；;（）()。]+")


def _channel_timing(facts: DocFacts, question: str, window: Window) -> tuple[str, Span] | None:
    """The timing clauses of the asked channel's submission sentence when the window is not that channel's
    own; None when the question names no channel or no such sentence speaks of timing."""
    step = asked_step(question)
    if step not in _CHANNELS or window.step == step.value:
        return None
    for sub in facts.submissions:
        if sub.method != step.value:
            continue
        timed = [m for m in _CLAUSE.finditer(sub.text) if _TIMING.search(m.group())]
        if timed:  # quoted as written from the first to the last timing clause
            return sub.text[timed[0].start() : timed[-1].end()].strip(), sub.span
    return None


def _deadline(facts: DocFacts, question: str, now: datetime) -> FactAnswer:
    selection = select_windows(facts.windows, question)
    if selection.primary is None:
        return FactAnswer()
    if selection.step is None and _other_step_only(question):
        dated = [w for w in selection.windows if w.end is not None]
        items = [render("deadline_other_item", label=_step_name(w), end=_end_text(w)) for w in dated]
        note = render("deadline_other_windows", others="；".join(items)) if items else ""
        return FactAnswer(spans=tuple(w.span for w in dated), note=note, settled=True)
    if selection.several:
        return _several(facts, selection, now)
    window = selection.primary.occurrence(now)
    if window.end is None:
        note = render("deadline_start_only", start=_start_text(window)) if window.start else ""
        return FactAnswer(spans=(window.span,), note=note)
    status = window.status(now)
    days = _days_left(window, now)
    values = {
        "title": facts.title,
        "label": render("deadline_label", label=window.label) if window.label else "",
        "start": _start_text(window),
        "end": _end_text(window),
        "days": days,
    }
    # A draft's comment period is worded as such, not as an application window.
    kind = "comment_" if window.step == Step.COMMENT.value else ""
    head = kind or "deadline_"
    text = render(f"{head}head_range" if window.start else f"{head}head_until", **values)
    if status is CallStatus.OPEN:
        text += render(f"{kind}status_open_today" if days == 0 else f"{kind}status_open", **values)
    elif status is CallStatus.UPCOMING:
        text += render(f"{kind}status_upcoming", **values)
    else:
        text += render("status_closed")
    if window.hard:
        text += render("deadline_hard")
    timing = _channel_timing(facts, question, window)
    if timing is not None:
        text += render("deadline_channel_timing", channel=asked_step(question).label, text=timing[0])
    if window.year_inferred and window.year_source in _YEAR_SOURCES:
        text += render("deadline_year_inferred", source=_YEAR_SOURCES[window.year_source])
    authority = window.audience == AUTHORITY
    others = [w for w in facts.windows if w is not selection.primary and w.end is not None]
    same_role = [w for w in others if (w.audience == AUTHORITY) == authority][:2]
    other_role = [w for w in others if w not in same_role][:1]
    if same_role:
        items = [render("deadline_other_item", label=_step_name(w), end=_end_text(w)) for w in same_role]
        text += render("deadline_other_windows", others="；".join(items))
    if other_role:
        key = "deadline_forwarding_chosen" if authority else "deadline_forwarding"
        text += render(key, end=_end_text(other_role[0]))
    shown = [*same_role, *other_role]
    data = {
        "deadline": window.to_dict(now),
        "status": status.value,
        "days_left": days,
        "windows": [window.to_dict(now)],
        "other_windows": [w.to_dict(now) for w in shown],
    }
    spans = (window.span, *(w.span for w in shown), *((timing[1],) if timing is not None else ()))
    return FactAnswer(text, spans, data)


# ------------------------------------------------------------------ amount
def _amount_item(a: Amount) -> str:
    text = clause(a.span.text)
    return text if len(text) <= 80 else a.text


def sub_items(question: str) -> list[str]:
    """The sub-items the question singles out, as they may be written in a notice (国家级 → 国家; a
    one-character level such as 省级 stays whole: 省 alone is in every province's name)."""
    items = [m.group() for m in SUB_ITEM.finditer(question)]
    return [item.removesuffix("级") if len(item) >= 3 else item for item in items]


def _asked_amounts(facts: DocFacts, question: str) -> list[Amount] | None:
    """The amounts of the sub-item the question names ("A类展位费补多少", "国家级的呢"), most relevant first;
    all of them when it names none. None when the notice's amounts are told apart by sub-items but none
    of them is the asked one: another sentence (a table row) must answer, not the other items' sums.
    A sub-item the title holds names the programme ("第五批", "上半年"), not one of its items."""
    ranked = _relevant(facts.amounts, question, lambda a: a.span)
    asked = [item for item in sub_items(question) if item not in facts.title]
    if not asked:
        return ranked
    holding = [a for a in ranked if any(item in a.span.text for item in asked)]
    if holding:
        return holding
    return None if any(SUB_ITEM.search(a.span.text) for a in ranked) else ranked


def _amount(facts: DocFacts, question: str, now: datetime) -> FactAnswer:
    amounts = _asked_amounts(facts, question)
    if amounts is None:
        return FactAnswer()
    own = [a for a in amounts if a.scope != "total_budget"][:MAX_ITEMS]
    budget = [a for a in amounts if a.scope == "total_budget"][:MAX_ITEMS]
    data = {
        "amounts": [
            {
                "text": a.text,
                "max_wan": a.max_wan,
                "ratio": a.ratio,
                "fixed_wan": a.fixed_wan,
                "scope": a.scope,
            }
            for a in own + budget
        ]
    }
    if budget and (_ASKS_TOTAL.search(question) or not own):
        items = join([_amount_item(a) for a in budget])
        if _ASKS_TOTAL.search(question):
            return FactAnswer(
                render("amount_budget", title=facts.title, items=items), tuple(a.span for a in budget), data
            )
        return FactAnswer(
            spans=tuple(a.span for a in budget), facts=data, note=render("amount_budget_note", items=items)
        )
    if not own or (asks_share_only(question) and not any(a.ratio for a in own)):
        return FactAnswer()
    subject = topic_terms(share_subject(question))
    if subject and not any(coverage(subject, a.span.text) >= SUBJECT_SHARE for a in own):
        return FactAnswer()  # "固定资产投资得占多少": a share the notice requires, not the support rate
    return FactAnswer(
        render("amount_list", title=facts.title, items=join([_amount_item(a) for a in own])),
        tuple(a.span for a in own),
        data,
    )


# ------------------------------------------------------------------ materials
def _submission_items(subs: Sequence[Submission]) -> list[str]:
    return [clause(s.text) for s in subs][:MAX_ITEMS]


def _materials(facts: DocFacts, question: str, now: datetime) -> FactAnswer:
    subs = list(facts.submissions)
    if facts.materials:
        items = [clause(m.text) for m in facts.materials][: MAX_ITEMS * 2]
        text = render("materials_list", title=facts.title, items=join(items))
        spans = tuple(m.span for m in facts.materials)
        # the sentences on copies and form, unless the materials list already quotes them
        extra = [
            s
            for s in subs
            if _STATES_COPIES.search(s.text) and not any(clause(s.text) in item for item in items)
        ]
        if _ASKS_COPIES.search(question) and extra:
            text += render("submission_list", items=join(_submission_items(extra)))
            spans += tuple(s.span for s in extra)
        return FactAnswer(text, spans, {"materials": items})
    if _ASKS_COPIES.search(question) and subs:
        items = _submission_items(_relevant(subs, question, lambda s: s.span))
        return FactAnswer(
            render("materials_copies", title=facts.title, items=join(items)), tuple(s.span for s in subs)
        )
    note = render("submission_note", items=join(_submission_items(subs))) if subs else ""
    return FactAnswer(note=note)


# ------------------------------------------------------------------ contact
def _contact_item(c: Contact) -> str:
    who = "".join(part for part in (c.department, c.person) if part)
    details = []
    if c.phones:
        details.append("电话：" + "、".join(c.phones))
    if c.email:
        details.append("邮箱：" + c.email)
    if c.fax:
        details.append("传真：" + "、".join(c.fax))
    if c.address:
        details.append("地址：" + c.address)
    body = "，".join(details) or clause(c.span.text)
    return render("contact_item", who=f"{who}，" if who and details else who, details=body)


def _submission_places(
    facts: DocFacts, question: str, *, address: bool = True, email: bool = True, street: bool = False
) -> tuple[list[str], list[Span]]:
    """Where materials go, when the question asks where ("寄到哪", "发哪个邮箱"): addresses and mailboxes
    (``street``: only street addresses — a contact's 地址 is no receiving office ("市经信局节能科") and no
    remark ("时间以各处室要求为准"))."""
    items: list[str] = []
    spans: list[Span] = []
    if address and _ASKS_PLACE.search(question):
        placed = [
            sub
            for sub in facts.submissions
            if sub.address and (not street or STREET_ADDRESS.search(sub.address))
        ]
        items += [render("submission_place", address=sub.address) for sub in placed]
        spans += [sub.span for sub in placed]
    if email and _ASKS_EMAIL.search(question):
        mailed = [sub for sub in facts.submissions if sub.url.startswith("mailto:")]
        items += [render("submission_email", email=sub.url.removeprefix("mailto:")) for sub in mailed]
        spans += [sub.span for sub in mailed]
    return items, spans


def _contact(facts: DocFacts, question: str, now: datetime) -> FactAnswer:
    """The contacts, with where materials go when the question asks it: a street address when it asks an
    address ("寄到哪个地址"), the receiving office too when it asks where to send ("纸质材料送到哪": 区科委)."""
    contacts = _relevant(facts.contacts, question, lambda c: c.span)[:MAX_ITEMS]
    items = [_contact_item(c) for c in contacts]
    spans = [c.span for c in contacts]
    has_address, has_email = any(c.address for c in contacts), any(c.email for c in contacts)
    street = "地址" in question or not _ASKS_SEND.search(question)
    places, place_spans = _submission_places(
        facts, question, address=not has_address, email=not has_email, street=street
    )
    items += places
    spans += place_spans
    if not items:
        return FactAnswer()
    data = {"contacts": [contact_fields(c) for c in contacts]}
    return FactAnswer(render("contact_list", title=facts.title, items=join(items)), tuple(spans), data)


# ------------------------------------------------------------------ eligibility
def _eligibility_item(r: ConditionResult) -> str:
    """One condition with its reason and heading; the leading section (under the title only) reads 正文."""
    path = r.condition.span.section.split(SECTION_SEPARATOR) if r.condition.span.section else []
    section = path[-1] if len(path) > 1 else "正文"
    return render("eligibility_item", text=clause(r.condition.text), reason=r.reason, section=section)


def _eligibility_lines(result: EligibilityResult) -> str:
    """Failed conditions first, then those to confirm, then those met — each with its reason and source."""
    lines = []
    for outcome, key, limit in (
        (Outcome.FAILED, "eligibility_failed", MAX_ITEMS),
        (Outcome.UNKNOWN, "eligibility_confirm", MAX_ITEMS),
        (Outcome.MET, "eligibility_met", MAX_ITEMS // 2),
    ):
        items = list(dict.fromkeys(_eligibility_item(r) for r in result.by_outcome(outcome)))
        if not items:
            continue
        shown = items[:limit]
        if len(items) > limit:
            shown.append(render("eligibility_more", count=len(items) - limit))
        lines.append(render(key, items=join(shown)))
    return "".join(lines)


def _with_amounts(found: FactAnswer, facts: DocFacts, question: str, now: datetime) -> FactAnswer:
    """An eligibility answer followed by the amounts that apply when the question asks how much too
    ("…首次认定，能拿多少补助")."""
    if not _ASKS_AMOUNT.search(question):
        return found
    amounts = _amount(facts, question, now)
    if not amounts.text:
        return found
    return FactAnswer(
        found.text + amounts.text,
        found.spans + tuple(span for span in amounts.spans if span not in found.spans),
        {**found.facts, **amounts.facts},
    )


def _eligibility(
    facts: DocFacts, question: str, now: datetime, known: CompanyProfile | None = None
) -> FactAnswer:
    """The conditions applied to what the company said (``known``: earlier in the conversation; the
    question's own statements override it): a verdict, then the conditions failed, to confirm and met;
    then the amounts when it asks how much too."""
    return _with_amounts(_conditions_applied(facts, question, now, known), facts, question, now)


def _conditions_applied(
    facts: DocFacts, question: str, now: datetime, known: CompanyProfile | None
) -> FactAnswer:
    if not facts.conditions:
        return FactAnswer()
    conditions = _relevant(facts.conditions, question, lambda c: c.span)
    texts = list(dict.fromkeys(clause(c.text) for c in conditions))
    data: dict[str, Any] = {"conditions": texts}
    profile = parse_profile(question, previous=known)
    if not profile:
        text = render("conditions_list", title=facts.title, items=join(texts)) + render("eligibility_invite")
        return FactAnswer(text, tuple(c.span for c in conditions), data)
    result = evaluate_profile(
        facts.conditions, profile, doc_id=facts.doc_id, title=facts.title, today=judged_on(facts, now)
    )
    if result.verdict is Verdict.NOT_ELIGIBLE:
        text = render("eligibility_verdict_no", title=facts.title)
    elif result.verdict is Verdict.ELIGIBLE:
        text = render("eligibility_verdict_yes", title=facts.title)
    else:
        count = len(result.by_outcome(Outcome.UNKNOWN))
        text = render("eligibility_verdict_conditional", title=facts.title, count=count)
    text += _eligibility_lines(result)
    if result.verdict is not Verdict.NOT_ELIGIBLE and result.missing_fields:
        text += render("eligibility_ask", fields="、".join(PROFILE_FIELDS[f] for f in result.missing_fields))
    data.update(profile=profile.to_dict(), verdict=result.verdict.value, eligibility=result.to_dict())
    ordered = [
        r.condition.span for o in (Outcome.FAILED, Outcome.UNKNOWN, Outcome.MET) for r in result.by_outcome(o)
    ]
    return FactAnswer(text, tuple(dict.fromkeys(ordered)), data)


# ------------------------------------------------------------------ process
def _paper_asked(facts: DocFacts, question: str) -> list[Submission]:
    """Paper submissions that answer who receives the materials ("交给谁": those naming an office) or
    how many copies ("装订几本": all of them)."""
    recipient, copies = _ASKS_RECIPIENT.search(question), _ASKS_COPIES.search(question)
    return [s for s in facts.submissions if s.method == "paper" and ((recipient and s.address) or copies)]


def _process(facts: DocFacts, question: str, now: datetime) -> FactAnswer:
    """The channel when the question asks how or where to apply (every submission); else where materials
    go when it asks that, or the paper submissions when it asks who receives them or how many copies."""
    paper = [] if _ASKS_CHANNEL.search(question) else _paper_asked(facts, question)
    if paper:
        text = render("process_channel", title=facts.title, items=join(_submission_items(paper)))
        return FactAnswer(text, tuple(s.span for s in paper))
    if not (facts.submissions and _ASKS_CHANNEL.search(question)):
        places, spans = _submission_places(facts, question) if _ASKS_SEND.search(question) else ([], [])
        if not places:
            return FactAnswer()
        return FactAnswer(render("process_channel", title=facts.title, items=join(places)), tuple(spans))
    subs = _relevant(facts.submissions, question, lambda s: s.span)
    data = {
        "submissions": [
            {"method": s.method, "url": s.url, "address": s.address, "text": s.text} for s in subs
        ]
    }
    text = render("process_channel", title=facts.title, items=join(_submission_items(subs)))
    return FactAnswer(text, tuple(s.span for s in subs), data)


# Kinds answered with a list of facts (materials, submission channels), which a yes/no question about one
# detail of them is not answered by.
_LISTED = frozenset({AnswerType.MATERIALS, AnswerType.PROCESS})

Strategy = Callable[[DocFacts, str, datetime], FactAnswer]
STRATEGIES: dict[AnswerType, Strategy] = {
    AnswerType.DEADLINE: _deadline,
    AnswerType.AMOUNT: _amount,
    AnswerType.MATERIALS: _materials,
    AnswerType.CONTACT: _contact,
    AnswerType.ELIGIBILITY: _eligibility,
    AnswerType.PROCESS: _process,
}


def answer_from_facts(
    facts: DocFacts,
    kind: AnswerType,
    question: str,
    now: datetime,
    *,
    profile: CompanyProfile | None = None,
) -> FactAnswer:
    """The answer to a ``kind`` question from ``facts`` alone (empty text: not stated).

    ``profile`` (what the company said earlier) matters only to eligibility questions.
    """
    if kind is AnswerType.ELIGIBILITY:
        return _eligibility(facts, question, now, profile)
    if kind in _LISTED and asks_yes_no(question):
        return FactAnswer()  # "电子版要盖章吗": the sentence saying 须 / 可以 answers, not the list
    strategy = STRATEGIES.get(kind)
    return strategy(facts, question, now) if strategy else FactAnswer()
