"""Turning knowledge-layer results into chat messages: answer text, citation line, candidate buttons.

Shared by the answer, open-calls and eligibility actions so that every reply cites the same way:
short answer first, then 《title》 › section and the source link when there is one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions import texts
from knowledge import PROFILE_FIELDS, Answer, Citation


def citation_lines(citations: Iterable[Citation], limit: int = 2) -> list[str]:
    """"出处：《title》 › section；section" and "原文：url", one pair per document, at most ``limit`` documents."""
    sections: dict[str, list[str]] = {}
    sources: dict[str, str] = {}
    for cite in citations:
        title = cite.title
        if not title or (title not in sections and len(sections) >= limit):
            continue
        # Section labels start with the document's own title; the citation already names it.
        section = cite.section.removeprefix(title).lstrip(" ›")
        found = sections.setdefault(title, [])
        if section and section not in found:
            found.append(section)
        sources.setdefault(title, cite.source)
    lines: list[str] = []
    for title, found in sections.items():
        section = texts.CITATION_SECTION.format(section="；".join(found)) if found else ""
        lines.append(texts.CITATION.format(title=title, section=section))
        if sources[title].startswith(("http://", "https://")):
            lines.append(texts.SOURCE.format(source=sources[title]))
    return lines


def answer_text(answer: Answer) -> str:
    """The answer followed by its citations, as one message."""
    return "\n".join([answer.answer.strip(), *citation_lines(answer.citations)])


def choose_doc_payload(doc_id: str) -> str:
    return "/choose_doc" + json.dumps({"doc_id": doc_id}, ensure_ascii=False)


def ask_which_doc(
    dispatcher: CollectingDispatcher, candidates: list[tuple[str, str]], text: str = texts.CHOOSE_DOC
) -> None:
    """Quick-reply buttons, one per candidate document (doc_id, title)."""
    buttons = [{"title": title, "payload": choose_doc_payload(doc_id)} for doc_id, title in candidates]
    dispatcher.utter_message(text=text, buttons=buttons)


def format_moment(moment: datetime) -> str:
    """"2026年2月4日16:00"; the time is left out at midnight and at 23:59 (the notice gave a date only)."""
    clock_time = "" if (moment.hour, moment.minute) in ((0, 0), (23, 59)) else f"{moment.hour}:{moment.minute:02d}"
    return f"{moment.year}年{moment.month}月{moment.day}日{clock_time}"


def _date(iso: str | None) -> str:
    return format_moment(datetime.fromisoformat(iso)) if iso else ""


def call_line(index: int, call: dict[str, Any]) -> str:
    """"1. 《title》申报截止2026年2月4日16:00（还有5天）" from ``CallInfo.to_dict()``."""
    if call["status"] == "upcoming" and call.get("start"):
        when = texts.CALL_UPCOMING.format(start=_date(call["start"]), end=_date(call.get("deadline")) or texts.NOT_STATED)
    elif call.get("deadline"):
        when = texts.CALL_OPEN.format(end=_date(call["deadline"]), days=call.get("days_left"))
    else:
        when = texts.CALL_OPEN_NO_END
    return texts.OPEN_CALLS_ITEM.format(index=index, title=call["title"], when=when)


def match_lines(profile: dict[str, Any], results: list[Any], limit: int = 5) -> list[str]:
    """The eligibility verdicts grouped as eligible / not eligible (why) / to confirm (what)."""
    if not results:
        return [texts.MATCH_NONE]
    stated = "，".join(f"{PROFILE_FIELDS[k].split('（')[0]}：{_value(v)}" for k, v in profile.items())
    lines = [texts.MATCH_HEADER.format(profile=stated or texts.NOT_STATED)]
    groups = {"eligible": [], "not_eligible": [], "needs_confirmation": []}
    for result in results:
        data = result.to_dict()
        groups[data["verdict"]].append(data)
    for verdict, header in (("eligible", texts.MATCH_ELIGIBLE), ("not_eligible", texts.MATCH_NOT),
                            ("needs_confirmation", texts.MATCH_UNSURE)):
        if groups[verdict]:
            lines.append(header)
            lines += [texts.MATCH_ITEM.format(title=d["title"], detail=_detail(d)) for d in groups[verdict][:limit]]
    lines.append(texts.MATCH_FOOTER)
    return lines


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "、".join(value) or texts.NO_QUALIFICATION
    return f"{value:g}" if isinstance(value, float) else str(value)


def _detail(result: dict[str, Any]) -> str:
    if result["verdict"] == "not_eligible":
        failed = next(c for c in result["conditions"] if c["outcome"] == "failed")
        return texts.MATCH_FAILED.format(condition=_short(failed["text"]))
    if result["verdict"] == "needs_confirmation":
        if result["missing_labels"]:
            return texts.MATCH_MISSING.format(fields="、".join(result["missing_labels"]))
        manual = [c for c in result["conditions"] if c["outcome"] == "unknown"]
        return texts.MATCH_MANUAL.format(condition=_short(manual[0]["text"])) if manual else texts.MATCH_NO_CONDITIONS
    return ""


def _short(text: str, limit: int = 40) -> str:
    text = text.strip().rstrip("；;。")
    return text if len(text) <= limit else text[: limit - 1] + "…"
