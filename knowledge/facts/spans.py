"""Provenance helpers shared by the extractors: a ``Span`` for a text range, with its section."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from typing import TYPE_CHECKING

from knowledge.model import Section, Span

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Span as SpacySpan


def section_at(sections: Sequence[Section], offset: int) -> Section | None:
    """The section containing ``offset`` (sections are contiguous and sorted by start)."""
    starts = [s.start for s in sections]
    index = bisect_right(starts, offset) - 1
    if index < 0:
        return None
    section = sections[index]
    return section if section.start <= offset < max(section.end, section.start + 1) else None


def make_span(doc_id: str, text: str, start: int, end: int, sections: Sequence[Section]) -> Span:
    """The exact source text ``text[start:end]`` (outer whitespace trimmed) and its section label."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    section = section_at(sections, start)
    return Span(
        doc_id=doc_id, text=text[start:end], start=start, end=end, section=section.label if section else ""
    )


_WS = re.compile(r"\s+")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


def squash(text: str) -> str:
    """``text`` without whitespace: documents break lines and pad numbers with spaces at random."""
    return _WS.sub("", text)


# A clause also ends at a blank line, after "标题：" at a line end, before a line that opens a
# numbered item or heading (一、 / (一) / 1. / 第一条), and after a table row flattened with "|".
_PARAGRAPH_BREAK = re.compile(
    r"\n[ \t\u3000]*\n|[：:][ \t\u3000]*\n|[|｜][^|｜\n]*\n"
    r"|\n(?=[ \t\u3000]*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[、.．](?!\d)|第[一二三四五六七八九十]+条))"
)
# A table flattened to text: cells joined by "|" on one line per row ("2 | 纸质材料报送 | 6月25日前").
_CELL = re.compile(r"[|｜]")


def clause_bounds(text: str, sent: SpacySpan, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start..end``, cut at blank lines (headings and salutations carry no 。) and,
    inside a table, at its row: rows carry no 。 either."""
    lo, hi = sent.start_char, sent.end_char
    row_start = text.rfind("\n", 0, start) + 1
    row_end = text.find("\n", end)
    row_end = len(text) if row_end < 0 else row_end
    if _CELL.search(text, row_start, row_end):
        return max(lo, row_start), min(hi, row_end)
    breaks = [m.end() for m in _PARAGRAPH_BREAK.finditer(text, lo, start)]
    after = _PARAGRAPH_BREAK.search(text, end, hi)
    return (breaks[-1] if breaks else lo), (after.start() if after else hi)
