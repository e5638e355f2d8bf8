"""Application windows and deadlines, normalised to timezone-aware datetimes.

Only dates in an *application* context become windows. A notice is full of other dates —
its issue date, an execution period (执行期限), a publicity period (公示期), a loan period,
a system downtime ("于…17时至…8时关闭") — and quoting one of those as a deadline is the worst
error this product can make, so a date must both sit in a sentence that talks about applying
(申报/截止/受理/报送…) and be shaped like a window: a range ("…至…"), an end marker ("…前",
"截止时间为…", "…24时截止", "即日起至…") or a start ("从…起开展…申报"). Anything else is left out.

Years missing from the text come from the issue date (``DocumentMeta.issued``) and are flagged;
an inferred end that would fall before the issue date belongs to the next year.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from knowledge.clock import service_zone
from knowledge.facts.model import Window
from knowledge.facts.datetext import DateParts, date_parts
from knowledge.facts.spans import clause_bounds, make_span
from knowledge.model import DocumentMeta, Section

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

# Context cues, matched on whitespace-free text. Kept as data so a reviewer can audit them.
_APPLY_CUE = re.compile(r"申报|申请|截止|受理|报送|提交|报至|报我局|报省局|报市|填报|推荐|递交|报名|征集")
_NOT_WINDOW_BEFORE = re.compile(
    r"执行期|实施周期|实施期|公示期|有效期|异议期|建设期|新增贷款|期限为|执行期限"
)
_NOT_WINDOW_AFTER = re.compile(
    r"^[^，,。；;]{0,3}(关闭|暂停|停止|新增|完成|竣工|建成|验收|投产|开工|拨付|执行|有效)"
)
_RANGE_JOIN = re.compile(r"\s*(至|到|—|–|-|~|～|－|——)\s*")
_END_AFTER = re.compile(r"^\s*(之前|以前|前|截止|止|为止)")
_END_BEFORE = re.compile(r"(截止(?:日期|时间)?|截至(?:日期|时间))(?:为|是|到|:|：)?\s*$|(?:至|到)\s*$")
_PERIOD_BEFORE = re.compile(r"(?:申报|申请|受理|报送)(?:时间|日期|期限)\s*(?:为|是|:|：)\s*$")
_CLOSING_AFTER = re.compile(r"^\s*起\s*[，,]?\s*(?:系统|平台|网上申报系统)?\s*(关闭|停止|不再受理)")
_START_AFTER = re.compile(r"^\s*起[^。；;]{0,60}?(申报|受理)")
_HARD = re.compile(r"逾期[^。；;]{0,6}(不予|不再|不)受理|逾期无效|不再受理")
_SINCE_TODAY = re.compile(r"即日起\s*(?:至|到)?\s*$")
_BATCH = re.compile(r"第[一二三四五六七八九十\d]+批")
_CHANNELS = (
    ("预申报", "预申报"),
    ("网上", "网上申报"),
    ("线上", "网上申报"),
    ("在线", "网上申报"),
    ("纸质", "纸质材料报送"),
    ("行文", "行文报送"),
)
_AUTHORITY = re.compile(r"主管部门|管理部门|行文|经信部门|推荐单位|各区县")
_SEGMENT = re.compile(r"[，,]")
_HARD_REACH = 160  # characters after a window's end that may still say 逾期不予受理


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    parts: DateParts
    sent: SpacySpan


@dataclass(frozen=True)
class _Issued:
    year: int | None
    month: int | None
    day: int | None

    @classmethod
    def parse(cls, iso: str) -> _Issued:
        found = re.match(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", iso.strip())
        if not found:
            return cls(None, None, None)
        y, m, d = (int(g) if g else None for g in found.groups())
        return cls(y, m, d)

    def as_date(self) -> date | None:
        return date(self.year, self.month, self.day) if self.year and self.month and self.day else None

    def after(self, year: int, month: int, day: int) -> bool:
        """True when the issue date is known to be later than the given date."""
        if self.year is None:
            return False
        if self.month is None:
            return year < self.year
        if self.day is None:
            return (year, month) < (self.year, self.month)
        return (year, month, day) < (self.year, self.month, self.day)


def _mentions(doc: Doc) -> list[_Mention]:
    found = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        parts = date_parts(ent.text)
        if parts is not None:
            found.append(_Mention(ent.start_char, ent.end_char, parts, ent.sent))
    return found


def _last_segment(text: str) -> str:
    return _SEGMENT.split(text)[-1]


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


def _years(
    start: DateParts | None, end: DateParts | None, issued: _Issued
) -> tuple[int | None, int | None, bool]:
    """Years for the start and end parts, and whether they came from the issue date."""
    s_year = start.year if start else None
    e_year = end.year if end else None
    inferred = False
    if end is not None and e_year is None and s_year is not None:
        e_year = s_year + (1 if (end.month, end.day or 31) < (start.month, start.day or 1) else 0)
    if start is not None and s_year is None and e_year is not None and end is not None:
        s_year = e_year - (1 if (start.month, start.day or 1) > (end.month, end.day or 31) else 0)
    if (end is None or e_year is None) and (start is None or s_year is None):
        if issued.year is None:
            return None, None, False
        inferred = True
        anchor = end or start
        year = issued.year
        if anchor is not None and issued.after(year, anchor.month, anchor.day or 31):
            year += 1  # "9月20日前" in a notice issued in October means next September
        if start is not None and end is not None:
            s_year = year - (1 if (start.month, start.day or 1) > (end.month, end.day or 31) else 0)
            e_year = year
        elif end is not None:
            e_year = year
        else:
            s_year = year
    return s_year, e_year, inferred


def _labels(before: str) -> str:
    segment = _last_segment(before)
    labels = []
    batches = _BATCH.findall(before)
    if batches:
        labels.append(batches[-1])
    for cue, label in _CHANNELS:
        if cue in segment and label not in labels:
            labels.append(label)
            break
    return "·".join(labels)


@dataclass
class _Draft:
    start_m: _Mention | None
    end_m: _Mention | None
    span_start: int
    span_end: int
    since_today: bool = False
    closing: _Mention | None = None


def _drafts(text: str, mentions: list[_Mention]) -> list[_Draft]:
    """Candidate windows from date mentions and the words around them."""
    drafts: list[_Draft] = []
    skip = -1
    for i, m in enumerate(mentions):
        if i <= skip:
            continue
        sent_text = text[m.sent.start_char : m.sent.end_char]
        if not _APPLY_CUE.search(sent_text):
            continue
        before = text[m.sent.start_char : m.start]
        excluded = bool(_NOT_WINDOW_BEFORE.search(_last_segment(before)))
        nxt = mentions[i + 1] if i + 1 < len(mentions) else None
        if nxt is not None and _RANGE_JOIN.fullmatch(text[m.end : nxt.start]):
            skip = i + 1  # both ends belong to this range, kept or not
            if excluded or _NOT_WINDOW_AFTER.search(text[nxt.end : nxt.end + 12]):
                continue
            drafts.append(_Draft(m, nxt, m.start, nxt.end))
            continue
        if excluded:
            continue
        after = text[m.end : m.sent.end_char]
        if _CLOSING_AFTER.search(after):
            close_end = m.end + _CLOSING_AFTER.search(after).end()
            last = drafts[-1] if drafts else None
            if last is not None and last.end_m is not None and _same_day(last.end_m.parts, m.parts):
                last.closing, last.span_end = m, max(last.span_end, close_end)
            continue  # a closing moment on its own (system downtime) is not a window
        if _NOT_WINDOW_AFTER.search(after[:12]):
            continue
        end_after = _END_AFTER.search(after)
        if end_after or _END_BEFORE.search(before):
            since = bool(_SINCE_TODAY.search(before))
            span_start = m.sent.start_char + before.rfind("即日起") if since else m.start
            drafts.append(_Draft(None, m, span_start, m.end + (end_after.end() if end_after else 0), since))
        elif _PERIOD_BEFORE.search(before) and m.parts.hour is None:
            drafts.append(_Draft(m, m, m.start, m.end))  # "申报时间为二〇二五年十月": that whole month / day
        elif _START_AFTER.search(after) and "即日起" not in before:
            drafts.append(_Draft(m, None, m.start, m.end + _START_AFTER.search(after).end()))
    return drafts


def _same_day(a: DateParts, b: DateParts) -> bool:
    return (a.month, a.day) == (b.month, b.day) and (a.year is None or b.year is None or a.year == b.year)


def find_windows(meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]) -> list[Window]:
    """All application windows stated in ``text`` (``doc`` is ``nlp.parse(text)``), in text order."""
    zone = service_zone()
    issued = _Issued.parse(meta.issued)
    windows = []
    for draft in _drafts(text, _mentions(doc)):
        start_parts = draft.start_m.parts if draft.start_m else None
        end_parts = draft.end_m.parts if draft.end_m else None
        s_year, e_year, inferred = _years(start_parts, end_parts, issued)
        if (start_parts and s_year is None) or (end_parts and e_year is None):
            continue  # no year in the text and no issue date: do not guess
        start = _at(start_parts, s_year, end=False, zone=zone) if start_parts and s_year else None
        end = _at(end_parts, e_year, end=True, zone=zone) if end_parts and e_year else None
        end_time_given = bool(end_parts and end_parts.hour is not None)
        if draft.closing is not None and end is not None and draft.closing.parts.hour is not None:
            closing = _at(draft.closing.parts, end.year, end=True, zone=zone)
            if closing is not None and closing < end:
                end, end_time_given = closing, True
        if draft.since_today and start is None and issued.as_date() is not None:
            start = datetime.combine(issued.as_date(), time(0, 0), tzinfo=zone)
        if start is not None and end is not None and end < start:
            continue  # not a coherent window; better none than a wrong one
        anchor = draft.end_m or draft.start_m
        first = draft.start_m or anchor
        # Cite the whole clause: "5月8日前" alone would not show what is due.
        clause_start, clause_end = clause_bounds(text, first.sent, draft.span_start, draft.span_end)
        before = text[clause_start : first.start]
        span_start, span_end = min(draft.span_start, clause_start), max(draft.span_end, clause_end)
        tail = text[draft.span_end : draft.span_end + _HARD_REACH]
        windows.append(
            Window(
                start=start,
                end=end,
                span=make_span(meta.doc_id, text, span_start, span_end, sections),
                label=_labels(before),
                year_inferred=inferred,
                end_time_given=end_time_given,
                hard=bool(_HARD.search(text[draft.span_start : draft.span_end] + tail)),
                audience="authority" if _AUTHORITY.search(before) else "applicant",
            )
        )
    return _dedupe(windows)


def _dedupe(windows: list[Window]) -> list[Window]:
    """Drop a window that repeats an earlier one (same start, end and audience)."""
    seen: set[tuple[object, ...]] = set()
    unique = []
    for w in windows:
        key = (w.start, w.end, w.audience)
        if key not in seen:
            seen.add(key)
            unique.append(w)
    return unique
