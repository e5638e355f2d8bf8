"""Application windows and deadlines, normalised to timezone-aware datetimes.

Only dates in an *application* context become windows. A notice is full of other dates —
its issue date, an execution period (执行期限), a publicity period (公示期), a loan period,
a system downtime ("于…17时至…8时关闭") — and quoting one of those as a deadline is the worst
error this product can make, so a date must both sit in a sentence that talks about applying
(申报/截止/受理/报送…) and be shaped like a window: a range ("…至…"), an end marker ("…前",
"截止时间为…", "…24时截止", "即日起至…") or a start ("从…起开展…申报"). Anything else is left out.

Each window is named by its step (online filing, paper, e-copy, district pre-review, comment period of
a draft; batches) by :mod:`knowledge.facts.steps`. Years missing from the text are placed by
:mod:`knowledge.facts.years` and flagged. A bare year ("2020年度") is never a date, so never a window.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from knowledge.clock import service_zone
from knowledge.facts.datetext import DateParts, date_parts
from knowledge.facts.model import Window
from knowledge.facts.numbers import cn_int
from knowledge.facts.spans import clause_bounds, make_span, section_at
from knowledge.facts.steps import (
    APPLICANT,
    AUTHORITY_EVENT,
    COMMENT_CUE,
    ENUMERATOR,
    OBJECTION_CUE,
    OTHER,
    Step,
    StepInfo,
    classify,
    step_cue,
)
from knowledge.facts.years import Anchor, YearContext
from knowledge.model import DocKind, DocumentMeta, Section

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

# Context cues, matched on the text around a date. Kept as data so a reviewer can audit them.
_APPLY_CUE = re.compile(
    r"申报|申请|截止|受理|报送|提交|报至|报我局|报省局|报市|报区|报县|上报|填报|推荐|递交|报名|征集|上传|寄送|"
    r"寄至|送达|送至|交至|发送|发至|" + COMMENT_CUE.pattern + "|" + OBJECTION_CUE.pattern
)
_APPLY_VERB = re.compile(
    r"申报|申请|提交|报送|上报|上传|填报|受理|报名|递交|寄送|寄至|送达|送至|交至|报至|报我|报省|报市|报区|报县|反馈"
)
# Periods that a notice dates but nobody applies in: execution, publicity, subsidy or activity periods.
_NOT_WINDOW_BEFORE = re.compile(
    r"执行期|实施周期|实施期|公示期|有效期|建设期|新增贷款|期限为|执行期限|支持范围|活动时间|活动期间"
    r"|统计期|补贴期|补助期|考核期|服务期|运营期|贷款期|贴息期|举办|维护|检修|升级"
)
# An authority's step named right before its date: "专家评审时间为", "（二）项目验收：", "评审结果将于".
_AUTHORITY_STEP_BEFORE = re.compile(
    rf"(?:{AUTHORITY_EVENT.pattern})[^，,。；;：:]{{0,6}}(?:时间|日期|期间)?\s*(?:为|是|[：:|｜])?\s*$"
)
# What happens in a dated period, when it is not applying: "…至…期间新增贷款", "…前完成建设".
_EVENT_VERB = re.compile(
    r"关闭|暂停|停止|新增|完成(?!.{0,4}?(?:初审|初核|审核|审查|推荐|申报|填报|提交|报送|上传))|竣工|建成|验收|投产|开工|拨付|执行"
    r"|有效|举办|开展|实施|发生|认定|获得|购买|购置|签订|承担|注册|成立|取得|入选|贴息|投入|营业收入|"
    + AUTHORITY_EVENT.pattern
)
_PERIOD_TAIL = re.compile(
    r"^\s*[)）]?\s*(?:[(（][^()（）]{0,12}[)）])?\s*(?P<period>期间|之间|以内|内)?\s*(?P<comma>[，,])?\s*(?:的)?"
)
# "…起至…", "…(含)至…(含)" too; in a table row the start and end may sit in cells side by side.
_JOIN = r"\s*(?:[(（]含[)）]\s*)?(?:起\s*[，,]?\s*)?(?:至|到|—|–|-|~|～|－|——|―)\s*"
_RANGE_JOIN = re.compile(_JOIN + r"|[ \t\u3000]*[|｜][ \t\u3000]*")
# A range's end that leaves out what it shares with its start: "6月1日至30日", "2025.6.1-6.30".
_SHORT_END = re.compile(
    _JOIN
    + r"(?:(?P<m>\d{1,2})(?P<sep>[./])(?P<md>\d{1,2})(?![\d./])|(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号])"
    r"(?P<clock>\s*(?:上午|下午|中午|晚上)?\s*\d{1,2}\s*(?:[:：]\s*\d{2}|[时点](?:\s*\d{1,2}分)?))?"
)
_END_AFTER = re.compile(
    r"^\s*(?:[(（][^()（）]{1,12}[)）])?\s*(?:下班|24时)?\s*(?:(?:之前|以前|前)(?!的)|截止|止|为止|结束)"
    r"|^\s*(?:将[^，,。；;]{0,30}?)?(?:报送|提交|上报|寄送|寄至|递交|送达|送至|交至|报至|报区|报县)"
)
_END_BEFORE = re.compile(
    r"(截止(?:日期|时间)?|截至(?:日期|时间)?)\s*(?:为|是|到|至|[:：|｜])?\s*$|(?:至|到)\s*$"
    r"|(?:不晚于|不迟于|最迟(?:于|在)?|最晚(?:于|在)?)\s*$|起\s*(?:—|–|-|~|～|－|——|―)\s*$"  # "即日起—6月30日"
    r"|(?:结束|关闭)(?:时间|日期)\s*(?:为|是|[:：|｜])?\s*$"  # "开放时间：…；关闭时间：6月30日"
)
_PERIOD_BEFORE = re.compile(
    r"(?:申报|申请|受理|报送|征求意见|意见反馈)(?:的)?(?:时间|日期|期限|期)\s*(?:为|是|[:：|｜])?\s*$"
)
_CLOSING_AFTER = re.compile(r"^\s*起?\s*[，,]?\s*(?:系统|平台|网上申报系统)?\s*(关闭|停止|不再受理)")
# The application channel as the subject of a closing: "申报通道将于…关闭" (not "系统于…维护关闭").
_CHANNEL_CLOSES = re.compile(r"(?:申报|填报|受理)(?:通道|系统|平台|入口)[^，,。；;]{0,6}$")
_CN_CLOCK = re.compile(
    r"\s*(?P<part>上午|下午|中午|晚上)?\s*(?P<h>[一二三四五六七八九十]{1,3})\s*[时点]"
    r"(?:\s*(?P<min>半|[一二三四五六七八九十]{1,3})\s*分?)?"
)
# A period counted from the issue date: "自本通知发布之日起30日内", "征求意见时间：自公告发布之日起30天".
_RELATIVE = re.compile(
    r"(?:自|从)?[^，,。；;自从]{0,8}?(?:发布|印发|公布|公告|发文|下发)之日起\s*[，,]?\s*(?:至\s*)?"
    r"(?P<n>\d{1,3}|[一二三四五六七八九十]{1,3})\s*(?:个)?(?:日|天|自然日)(?P<tail>\s*(?:内|以内|止|为止))?"
)
_PERIOD_LEAD = re.compile(r"(?:时间|期限|期)\s*(?:为|是|[:：|｜])?\s*$")
_START_AFTER = re.compile(r"^\s*(?:起|以后|之后)[^。；;]{0,60}?(申报|受理|填报|提交)")
# A start stated on its own, its end in the next words: "申报开始时间为6月1日，截止时间为…", "于6月1日开始，…截止".
_START_BEFORE = re.compile(r"(?:开始|开放|起始)(?:时间|日期)\s*(?:为|是|[:：|｜])?\s*$")
_STARTS = re.compile(r"^\s*(?:正式)?(?:开始|开放|启动)(?!实施|执行|施行)")
# A date that bounds what an applicant must have done or have, not when to apply: "2023年1月1日以后开工建设的
# 项目可申报", "截至2024年12月31日，企业须已…", "（2024年1月1日至12月31日）研发费用不低于…".
_LOOK_BACK = re.compile(
    r"开工|建设|建成|竣工|投产|注册|成立|设立|落户|迁入|获得|取得|认定|入选|购买|购置|签订|发生|新增|投入|验收|支付|开具"
)
_MEASURED = re.compile(
    r"^(?:的)?(?:企业|单位)?(?:研发|销售|营业|主营|纳税|缴纳|产值|收入|投资|支出|费用|营收|利润|出口|进口|用电|能耗)"
)
# "截至" states the moment a figure or status is counted at ("截至2024年底的…"), unless the words before it
# in its phrase are about applying ("申报时间截至…", "本次申报截至…"), the date is an end ("截至…止") or
# what follows says what happens to the late ("截至6月30日，逾期不予受理").
_AS_OF = re.compile(r"截至\s*$")
_APPLICANT_NOUN = re.compile(r"申报(?:单位|主体|企业|项目)|申请(?:单位|人|企业)")
_HARD = re.compile(r"(?:逾期|过期|超期)[^。；;]{0,6}(不予|不再|不)受理|(?:逾期|过期)无效|不再受理")
_LATE = re.compile(_HARD.pattern + r"|逾期|视为(?:自动)?放弃")
_SINCE_TODAY = re.compile(
    r"(?:即日起|(?:发布|印发|下发)之日起)\s*[，,]?\s*(?:截止日期)?\s*(?:至|到|—|–|-|~|～|－|——|―)?\s*$"
)
_RECURRING = re.compile(r"每年(?:的)?\s*$")
# A heading over dates that are all about applying ("三、申报时间", "（二）时间安排"): its items need no cue.
_WINDOW_HEADING = re.compile(
    r"(?:申报|申请|受理|报送|提交|征集|报名|填报|征求意见)[^，,。；;]{0,2}(?:时间|日期|期限|截止)|时间安排|截止(?:时间|日期)"
)
_LIST_LINK = re.compile(r"[；;]\s*$")  # a sentence ending in "；" continues a list
# An item of such a list opens with its own short heading: "第二批：", "（二）纸质材料：".
_LIST_ITEM = re.compile(
    ENUMERATOR.pattern + r"?\s*"
    r"(?:第\s*[0-9一二三四五六七八九十]{1,3}\s*批|[^，,。；;：:\d]{1,10}[：:])"
)
# In a publicity notice (公示) its dated period is when objections are taken: "公示期为6月1日至6月7日".
_PUBLICITY_LEAD = re.compile(r"公示(?:期|时间|期限|日期)[^，,。；;]{0,4}?\s*(?:为|是|[:：|｜])?\s*$")
# Dates given "respectively" for a list of steps: "网上申报、纸质材料报送截止时间分别为6月20日、6月25日".
_RESPECTIVELY = re.compile(r"分别(?:为|是|于|在|[:：])?\s*(?P<rest>[^，,。；;]*)$")
_LIST_SEP = re.compile(r"[、和及与]")
_ITEMS_TAIL = re.compile(r"(?:的)?(?:截止|起止)?(?:时间|日期|期限)?\s*$")
_LIST_REACH = 6  # items of one list looked back over for the cue
_HARD_REACH = 160  # characters after a window's end that may still say 逾期不予受理


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    parts: DateParts
    sent: SpacySpan


def _mentions(doc: Doc) -> list[_Mention]:
    """Every readable date, with the short end of a range that a date entity leaves out ("6月1日至30日")."""
    found = []
    ents = [ent for ent in doc.ents if ent.label_ == "DATE"]
    for i, ent in enumerate(ents):
        parts = date_parts(ent.text)
        if parts is None:
            continue
        mention = _with_written_clock(
            doc.text, _Mention(ent.start_char, ent.end_char, parts, ent.sent), ent.text
        )
        found.append(mention)
        limit = ents[i + 1].start_char if i + 1 < len(ents) else len(doc.text)
        short = _short_end(doc.text, mention, ent.text, limit)
        if short is not None:
            found.append(short)
    return found


def _with_written_clock(text: str, mention: _Mention, written: str) -> _Mention:
    """``mention`` extended by a clock time in Chinese numerals after it ("…（周一）下午五点", "十七时半")."""
    found = _CN_CLOCK.match(text, mention.end)
    if found is None or mention.parts.hour is not None:
        return mention
    try:
        hour = cn_int(found["h"])
        minute = 30 if found["min"] == "半" else cn_int(found["min"]) if found["min"] else 0
    except ValueError:
        return mention
    parts = date_parts(f"{written}{found['part'] or ''}{hour}时{minute}分")
    return replace(mention, end=found.end(), parts=parts) if parts is not None else mention


def _short_end(text: str, start: _Mention, written: str, limit: int) -> _Mention | None:
    """The end of a range written without its month ("至30日") or year ("2025.6.1-6.30"), read with
    the parts it shares with ``start`` (whose entity text is ``written``); it must end before ``limit``."""
    found = _SHORT_END.match(text, start.end)
    if found is None or found.end() > limit or start.parts.day is None or start.parts.month_part:
        return None
    if found["m"]:
        if found["sep"] not in written:  # "6.30" continues "2025.6.1", never "2025年6月1日"
            return None
        head, begin = f"{found['m']}月{found['md']}日", found.start("m")
    else:
        head, begin = f"{start.parts.month}月{found['d']}日", found.start("d")
    parts = date_parts(head + (found["clock"] or ""))
    if parts is None:
        return None
    return _Mention(begin, found.end(), replace(parts, year=start.parts.year), start.sent)


def _at(parts: DateParts, year: int, *, end: bool, zone: ZoneInfo) -> datetime | None:
    """The datetime a part stands for: starts at 00:00, ends at 23:59:59 unless a time is given."""
    day = parts.day or (calendar.monthrange(year, parts.month)[1] if end else 1)
    try:
        when = date(year, parts.month, day)
    except ValueError:
        return None
    if parts.end_of_day or (parts.hour is None and end):
        clock = time(23, 59, 59)
    elif parts.hour is not None:
        clock = time(parts.hour, parts.minute or 0)
    else:
        clock = time(0, 0)
    return datetime.combine(when, clock, tzinfo=zone)


@dataclass
class _Draft:
    start_m: _Mention | None
    end_m: _Mention | None
    span_start: int
    span_end: int
    since_today: bool = False
    closing: _Mention | None = None
    recurring: bool = False
    objection: bool = False  # a publicity period: the window for objections
    respective: str = ""  # the item of a "分别为" list that names this date's step


def _not_applying(lead: str, follow: str) -> bool:
    """True when the words right before a date name a period nobody applies in ("公示期为…"), or an
    authority's step ("专家评审时间为…", "（二）专家评审：") that the words after it do not turn into
    applying ("通过验收的企业于…前提交申请")."""
    if _NOT_WINDOW_BEFORE.search(lead):
        return True
    step = _AUTHORITY_STEP_BEFORE.search(lead)  # "资金拨付申请提交时间：" is the applicant's
    return bool(step) and not _APPLY_VERB.search(step[0]) and not _APPLY_VERB.search(follow[:24])


def _event_follows(text: str) -> bool:
    """True when the words after a date say something other than applying happens then. Only the date's
    own clause counts ("…前完成建设", "…期间，开展…"): after a bare comma a new statement begins."""
    tail = _PERIOD_TAIL.match(text)
    if tail["comma"] and not tail["period"]:
        return False
    rest = text[tail.end() :][:14]
    event, verb = _EVENT_VERB.search(rest), _APPLY_VERB.search(rest)
    return bool(event and (verb is None or event.start() < verb.start()))


def _about_applying(text: str, m: _Mention, sections: Sequence[Section]) -> bool:
    """True when the date's sentence talks about applying, or is an item of a list ("第一批：…；第二批：…")
    whose earlier item does, or sits under a heading about application dates."""
    sent = m.sent
    for reach in range(_LIST_REACH):
        sent_text = text[sent.start_char : sent.end_char]
        if _APPLY_CUE.search(sent_text):
            return True
        if sent.start == 0 or (reach == 0 and not _LIST_ITEM.match(sent_text)):
            break  # after "；" a new statement may begin ("…；2025年7月15日前公布结果"): only items continue
        sent = sent.doc[sent.start - 1].sent
        if not _LIST_LINK.search(text[sent.start_char : sent.end_char]):
            break
    section = section_at(sections, m.start)  # its path starts with the title, which is no heading
    return bool(section and any(_WINDOW_HEADING.search(heading) for heading in section.path[1:]))


def _drafts(
    text: str, mentions: list[_Mention], sections: Sequence[Section], *, publicity: bool = False
) -> list[_Draft]:
    """Candidate windows from date mentions and the words around them (``publicity``: a 公示 notice)."""
    drafts: list[_Draft] = []
    skip = -1
    for i, m in enumerate(mentions):
        if i <= skip:
            continue
        clause_start, _ = clause_bounds(text, m.sent, m.start, m.end)
        before = text[clause_start : m.start]
        objection = publicity and bool(_PUBLICITY_LEAD.search(before))
        if not objection and not _about_applying(text, m, sections):
            continue
        lead = re.split(r"[，,]", before)[-1]
        excluded = not objection and _not_applying(lead, text[m.end : m.sent.end_char])
        recurring = bool(_RECURRING.search(before))
        respective, listed_end = _respective(before)
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and _RANGE_JOIN.fullmatch(text[m.end : nxt.start]):
            skip = i + 1  # both ends belong to this range, kept or not
            after = text[nxt.end : nxt.sent.end_char]
            if excluded or _event_follows(after) or _MEASURED.match(_PERIOD_TAIL.sub("", after, count=1)):
                continue
            end_after = _END_AFTER.match(after)
            span_end = nxt.end + (end_after.end() if end_after else 0)
            drafts.append(
                _Draft(
                    m, nxt, m.start, span_end, recurring=recurring, objection=objection, respective=respective
                )
            )
            continue
        if excluded:
            continue
        after = text[m.end : m.sent.end_char]
        closing = _CLOSING_AFTER.search(after)
        if closing:
            last = drafts[-1] if drafts else None
            if last is not None and last.end_m is not None and _same_day(last.end_m.parts, m.parts):
                last.closing, last.span_end = m, max(last.span_end, m.end + closing.end())
            elif _CHANNEL_CLOSES.search(before):  # "申报系统将于6月30日18:00关闭": the end of applying
                drafts.append(_Draft(None, m, clause_start, m.end + closing.end()))
            continue  # any other closing moment (system downtime) is not a window
        end_after = _END_AFTER.search(after)
        if end_after or _END_BEFORE.search(before) or listed_end:
            tail = after[end_after.end() :] if end_after else after
            if _event_follows(tail) or (not end_after and not objection and _as_of(before, after)):
                continue
            since = _SINCE_TODAY.search(before)
            span_start = clause_start + since.start() if since else m.start
            span_end = m.end + (end_after.end() if end_after else 0)
            drafts.append(
                _Draft(
                    None,
                    m,
                    span_start,
                    span_end,
                    bool(since),
                    recurring=recurring,
                    objection=objection,
                    respective=respective,
                )
            )
        elif _PERIOD_BEFORE.search(before) and m.parts.hour is None:
            drafts.append(_Draft(m, m, m.start, m.end))  # "申报时间为二〇二五年十月": that whole month / day
        elif (
            (start := _START_AFTER.search(after))
            and "即日起" not in before
            and not _LOOK_BACK.search(after[: start.start(1)])
        ):
            drafts.append(_Draft(m, None, m.start, m.end + start.end()))
        elif _START_BEFORE.search(before) or _STARTS.match(after):
            drafts.append(_Draft(m, None, m.start, m.end))
    return _paired(drafts)


def _paired(drafts: list[_Draft]) -> list[_Draft]:
    """A start-only draft followed in the same sentence, or the next item of its list, by an end-only one
    ("申报开始时间为6月1日，截止时间为6月30日") makes one window; other starts stay on their own."""
    paired: list[_Draft] = []
    for draft in drafts:
        if paired and _pairs(paired[-1], draft):
            paired[-1] = replace(draft, start_m=paired[-1].start_m, span_start=paired[-1].span_start)
        else:
            paired.append(draft)
    return paired


def _pairs(first: _Draft, then: _Draft) -> bool:
    if first.start_m is None or first.end_m is not None or then.end_m is None or then.start_m is not None:
        return False
    a, b = first.start_m.parts, then.end_m.parts
    if (a.year, a.month, a.day or 1) > (b.year or a.year, b.month, b.day or 31) and a.year is not None:
        return False  # not in order: two separate statements
    sent, next_sent = first.start_m.sent, then.end_m.sent
    linked = sent.end == next_sent.start and bool(_LIST_LINK.search(sent.text))
    return sent.start == next_sent.start or linked


def _respective(before: str) -> tuple[str, bool]:
    """For a date in a "分别为" list: the item of the list before 分别 in the same place (the second date
    gets the second item) and whether the list is of ends ("截止时间分别为"); ("", False) otherwise."""
    found = _RESPECTIVELY.search(before)
    if found is None:
        return "", False
    head = before[: found.start()]
    listed_end = bool(_END_BEFORE.search(head))
    phrase = _ITEMS_TAIL.sub("", re.split(r"[，,。；;：:]", head)[-1], count=1)
    items = [item for item in _LIST_SEP.split(phrase) if item.strip()]
    place = len(_LIST_SEP.findall(found["rest"]))
    return (items[place] if len(items) > 1 and place < len(items) else ""), listed_end


def _as_of(before: str, after: str) -> bool:
    """True when "截至" before a date names the moment something is counted at, not an end (see _AS_OF)."""
    lead = _AS_OF.search(before)
    if lead is None:
        return False
    phrase = _APPLICANT_NOUN.sub("", re.split(r"[，,；;]", before[: lead.start()])[-1])
    if after.lstrip().startswith("的"):
        return True
    return not _APPLY_CUE.search(phrase) and not _LATE.search(after)


def _signature(text: str, mentions: list[_Mention]) -> DateParts | None:
    """The last full date standing alone on its line ("示例区科学技术委员会\n2025年6月2日")."""
    for m in reversed(mentions):
        line_start = text.rfind("\n", 0, m.start) + 1
        line_end = text.find("\n", m.end)
        line = text[line_start : line_end if line_end >= 0 else len(text)]
        if m.parts.year is not None and m.parts.day is not None and line.strip() == text[m.start : m.end]:
            return m.parts
    return None


def _same_day(a: DateParts, b: DateParts) -> bool:
    return (a.month, a.day) == (b.month, b.day) and (a.year is None or b.year is None or a.year == b.year)


def _neighbour(mentions: list[_Mention], first: _Mention) -> DateParts | None:
    """The nearest date with a written year before ``first`` in its sentence."""
    for m in reversed(mentions):
        if m.start < first.start and m.sent.start_char == first.sent.start_char and m.parts.year is not None:
            return m.parts
    return None


def _years(
    draft: _Draft, context: YearContext, mentions: list[_Mention]
) -> tuple[int | None, int | None, str]:
    """Years for the draft's start and end, and where they came from ("" when the text states them)."""
    start = draft.start_m.parts if draft.start_m else None
    end = draft.end_m.parts if draft.end_m else None
    s_year = start.year if start else None
    e_year = end.year if end else None
    if start is not None and end is not None and draft.start_m is not draft.end_m:
        if e_year is None and s_year is not None:
            e_year = Anchor(s_year, start.month, start.day).place(end.month, end.day)
        elif s_year is None and e_year is not None:
            s_year = e_year - (1 if (start.month, start.day or 1) > (end.month, end.day or 31) else 0)
    elif start is not None and end is not None:
        e_year = s_year
    if (end is None or e_year is not None) and (start is None or s_year is not None):
        return s_year, e_year, ""
    anchor_m = draft.end_m or draft.start_m
    first = draft.start_m or draft.end_m
    year, source = context.year_for(anchor_m.parts, _neighbour(mentions, first))
    if year is None:
        return None, None, ""
    if end is not None:
        e_year = year
        if start is not None:
            s_year = year - (1 if (start.month, start.day or 1) > (end.month, end.day or 31) else 0)
    else:
        s_year = year
    return s_year, e_year, source


def find_windows(meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]) -> list[Window]:
    """All windows stated in ``text`` (``doc`` is ``nlp.parse(text)``), in text order."""
    zone = service_zone()
    mentions = _mentions(doc)
    context = YearContext.build(
        meta.issued, meta.title, [m.parts for m in mentions], _signature(text, mentions)
    )
    issued = Anchor.parse_iso(meta.issued)
    windows = []
    for draft in _drafts(text, mentions, sections, publicity=meta.kind is DocKind.PUBLICITY):
        start_parts = draft.start_m.parts if draft.start_m else None
        end_parts = draft.end_m.parts if draft.end_m else None
        s_year, e_year, source = _years(draft, context, mentions)
        if (start_parts and s_year is None) or (end_parts and e_year is None):
            continue  # no year in the text and none around it: do not guess
        start = _at(start_parts, s_year, end=False, zone=zone) if start_parts and s_year else None
        end = _at(end_parts, e_year, end=True, zone=zone) if end_parts and e_year else None
        end_time_given = bool(end_parts and end_parts.hour is not None)
        if draft.closing is not None and end is not None and draft.closing.parts.hour is not None:
            closing = _at(draft.closing.parts, end.year, end=True, zone=zone)
            if closing is not None and closing < end:
                end, end_time_given = closing, True
        if draft.since_today and start is None and issued is not None and issued.day is not None:
            start = datetime.combine(
                date(issued.year, issued.month or 1, issued.day), time(0, 0), tzinfo=zone
            )
        if start is not None and end is not None and end < start:
            continue  # not a coherent window; better none than a wrong one
        first = draft.start_m or draft.end_m
        last = draft.end_m or draft.start_m
        # Cite the whole clause: "5月8日前" alone would not show what is due.
        clause_start, clause_end = clause_bounds(text, first.sent, draft.span_start, draft.span_end)
        own_start, own_end = _own_words(text, mentions, first, last, clause_start, clause_end)
        info = (
            StepInfo(Step.OBJECTION, OTHER)
            if draft.objection
            else classify(draft.respective, "")
            if draft.respective
            else classify(
                text[own_start : first.start], text[last.end : own_end], text[clause_start:own_start]
            )
        )
        if info.step is Step.APPLY and info.audience == APPLICANT:
            info = replace(info, step=_heading_channel(sections, first.start) or info.step)
        span_start, span_end = min(draft.span_start, clause_start), max(draft.span_end, clause_end)
        tail = text[draft.span_end : draft.span_end + _HARD_REACH]
        windows.append(
            Window(
                start=start,
                end=end,
                span=make_span(meta.doc_id, text, span_start, span_end, sections),
                label="·".join(
                    x for x in (info.batch, "" if info.step is Step.APPLY else info.step.label) if x
                ),
                year_inferred=bool(source),
                end_time_given=end_time_given,
                hard=bool(_HARD.search(text[draft.span_start : draft.span_end] + tail)),
                audience=info.audience,
                step=info.step.value,
                batch=info.batch,
                recurring=draft.recurring,
                year_source=source,
            )
        )
    windows += _relative_windows(meta, text, doc, sections, issued, zone)
    return _dedupe(sorted(windows, key=lambda w: w.span.start))


_PHRASE_BREAK = re.compile(r"[，,；;]")
_CHANNELS = (Step.ONLINE, Step.PAPER, Step.ECOPY)
_ITEM_HEADING_MAX = 12  # "（二）纸质材料报送" names a channel; a long heading is a sentence, not a name


def _heading_channel(sections: Sequence[Section], offset: int) -> Step | None:
    """The one channel that the short item heading over ``offset`` names ("（二）纸质材料报送：" over "请于…前报送")."""
    section = section_at(sections, offset)
    if section is None or len(section.path) < 2:
        return None
    heading = ENUMERATOR.sub("", section.path[-1])
    if len(heading) > _ITEM_HEADING_MAX:
        return None
    named = [step for step in _CHANNELS if (cue := step_cue(step)) is not None and cue.search(heading)]
    return named[0] if len(named) == 1 else None


def _own_words(
    text: str, mentions: list[_Mention], first: _Mention, last: _Mention, clause_start: int, clause_end: int
) -> tuple[int, int]:
    """The stretch of the clause that speaks of the dates ``first..last``: from the previous date to the
    next one, less the phrase that still ends the previous date ("…6月30日前将汇总表报送我局，") and the
    one that leads into the next ("，各区初审后于7月5日前")."""
    start = max([clause_start, *(m.end for m in mentions if m.end <= first.start)])
    end = min([clause_end, *(m.start for m in mentions if m.start >= last.end)])
    if start > clause_start and (cut := _PHRASE_BREAK.search(text, start, first.start)):
        start = cut.end()
    if end < clause_end and (cuts := list(_PHRASE_BREAK.finditer(text, last.end, end))):
        end = cuts[-1].start()
    return start, end


def _relative_windows(
    meta: DocumentMeta,
    text: str,
    doc: Doc,
    sections: Sequence[Section],
    issued: Anchor | None,
    zone: ZoneInfo,
) -> list[Window]:
    """Windows counted from the issue date ("自本通知发布之日起30日内提交"): the day of issue is not
    counted, so the window ends N calendar days later. Working days need a holiday calendar: not read."""
    if issued is None or issued.month is None or issued.day is None:
        return []
    day_one = date(issued.year, issued.month, issued.day)
    found = []
    for sent in doc.sents:
        sent_text = sent.text
        if not _APPLY_CUE.search(sent_text):
            continue
        for rel in _RELATIVE.finditer(sent_text):
            lead = sent_text[: rel.start()]
            if not rel["tail"] and not _PERIOD_LEAD.search(lead):
                continue  # "自印发之日起30日后施行" is no window
            try:
                days = cn_int(rel["n"])
            except ValueError:
                continue
            start_at, end_at = sent.start_char + rel.start(), sent.start_char + rel.end()
            clause_start, clause_end = clause_bounds(text, sent, start_at, end_at)
            info = classify(text[clause_start:start_at], text[end_at:clause_end])
            found.append(
                Window(
                    start=datetime.combine(day_one, time(0, 0), tzinfo=zone),
                    end=datetime.combine(day_one + timedelta(days=days), time(23, 59, 59), tzinfo=zone),
                    span=make_span(meta.doc_id, text, clause_start, clause_end, sections),
                    label="·".join(
                        x for x in (info.batch, "" if info.step is Step.APPLY else info.step.label) if x
                    ),
                    hard=bool(_HARD.search(text[clause_start : clause_end + _HARD_REACH])),
                    audience=info.audience,
                    step=info.step.value,
                    batch=info.batch,
                )
            )
    return found


def _dedupe(windows: list[Window]) -> list[Window]:
    """Drop a window that repeats an earlier one (same dates, step and batch)."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for w in windows:
        key = (w.start, w.end, w.step, w.batch, w.audience)
        if key not in seen:
            seen.add(key)
            unique.append(w)
    return unique
