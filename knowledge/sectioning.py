"""Chinese structure-aware sectioning and sentence splitting.

Policy documents number their parts with a handful of conventions (第X章 / 第X条 / 一、 / （一） /
1. 1、 / （1）, plus Markdown ``#`` in .md files). The same markers also number list items inside a
section ("1.申报单位应当为…;"), so a marker alone does not make a heading: a heading is short, does not
end like a clause (；，), and is followed by body text or deeper headings rather than by its next sibling.

Nesting is decided by the order in which styles appear (a style first met below another one is deeper),
because documents disagree on it: one nests 第一条 under 一、总则, another 一、 under 第一章. Within one
family (一、 › （一） › 1. › （1）) the canonical order still wins when a document skips a level.

Headings without any numbering ("延后原因", "申报条件" on a line of their own, common on reposted web
pages) are recognised only in the clearest case: a short line with no punctuation or digits, between a
line that ends a sentence and a longer line that ends one too. Signatures and dates fail that test.

Written by hand: no maintained library knows these conventions; regular expressions suffice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.model import Section

_CN_NUM = "一二三四五六七八九十百零〇两"
_OPEN = "(（"
_CLOSE = ")）"

# (style, family, canonical rank within the family, pattern). The pattern matches the marker only.
_STYLES: tuple[tuple[str, str, int, re.Pattern[str]], ...] = (
    ("chapter", "article", 0, re.compile(rf"第[{_CN_NUM}\d]+[章编]")),
    ("part", "article", 1, re.compile(rf"第[{_CN_NUM}\d]+节")),
    ("article", "article", 2, re.compile(rf"第[{_CN_NUM}\d]+条")),
    ("cn", "list", 0, re.compile(rf"[{_CN_NUM}]+[、．.]")),
    ("cn_paren", "list", 1, re.compile(rf"[{_OPEN}][{_CN_NUM}]+[{_CLOSE}]")),
    # "1.5亿元" is a number, "2.2020年…" an item: a dot followed by 1-3 digits is a decimal point.
    ("arabic", "list", 2, re.compile(r"[0-9０-９]{1,2}(?:[、．]|\.(?![0-9]{1,3}(?:[^0-9]|$)))")),
    ("arabic_paren", "list", 3, re.compile(rf"[{_OPEN}][0-9０-９]{{1,2}}[{_CLOSE}]")),
)
_MD_HEADING = re.compile(r"(#{1,6})\s+\S")

_CLAUSE_END = "；;，,、"
_SENTENCE_PUNCT = "。！？；;!?"
_INLINE_TITLE = re.compile(r"^([^，,。；;：:！？!?]{1,12})[。：:]")
_ARTICLE_TITLE = re.compile(rf"^\s*([{_OPEN}][^{_CLOSE}]{{1,12}}[{_CLOSE}])")
_MAX_HEADING_CHARS = 30
_MAX_BARE_CHARS = 12
# A bare heading contains none of these: punctuation, brackets, separators, digits.
_NOT_IN_BARE = re.compile(r"[，,。；;：:！？!?、（）()《》“”\"'|｜【】〔〕\[\]<>—\-~～/·.0-9０-９]")
_SENTENCE_END = "。；;！？!?：:）)"


@dataclass(frozen=True)
class _Heading:
    style: str
    family: str
    rank: int
    label: str


def _marker(line: str) -> tuple[str, str, int, str] | None:
    """The numbering style of ``line`` and the text after the marker, if it starts with one."""
    md = _MD_HEADING.match(line)
    if md:
        level = len(md.group(1))
        return f"md{level}", "markdown", level, line[level:].strip()
    for style, family, rank, pattern in _STYLES:
        found = pattern.match(line)
        if found:
            return style, family, rank, line[found.end() :].strip()
    return None


def _bare_heading(line: str, prev_line: str | None, next_line: str | None) -> _Heading | None:
    """A heading without numbering: see the module docstring for why the test is this strict."""
    if not 2 <= len(line) <= _MAX_BARE_CHARS or _NOT_IN_BARE.search(line):
        return None
    if prev_line is None or next_line is None or prev_line[-1] not in _SENTENCE_END:
        return None
    if len(next_line) <= len(line) or next_line[-1] not in _SENTENCE_END:
        return None
    return _Heading("bare", "bare", 0, line)


def _heading(line: str, prev_line: str | None, next_line: str | None) -> _Heading | None:
    """Decide whether a stripped line is a heading, and its label, from the line and its neighbours."""
    found = _marker(line)
    if found is None:
        return _bare_heading(line, prev_line, next_line)
    style, family, rank, rest = found
    marker = line[: len(line) - len(rest)].strip() if rest else line
    if family == "markdown":
        return _Heading(style, family, rank, rest)
    if family == "article":
        # Articles are always structure; their optional short title is "(适用对象)" or "资金来源。…".
        if style != "article":
            return _Heading(
                style, family, rank, f"{marker} {rest}" if len(rest) <= _MAX_HEADING_CHARS else marker
            )
        paren, inline = _ARTICLE_TITLE.match(rest), _INLINE_TITLE.match(rest)
        label = f"{marker}{paren.group(1)}" if paren else f"{marker} {inline.group(1)}" if inline else marker
        return _Heading(style, family, rank, label)
    if not rest or rest[-1] in _CLAUSE_END:
        return None
    body = rest.rstrip("。：:")
    inline = _INLINE_TITLE.match(rest)
    if inline and rest[inline.end() - 1] == "。" and len(rest) > inline.end():
        return _Heading(style, family, rank, f"{marker}{inline.group(1)}")  # "1、申报时间。申报时间为…"
    neighbours = [_marker(n) for n in (prev_line, next_line) if n is not None]
    if any(n is not None and n[0] == style for n in neighbours):
        return None  # next to its sibling: an item of a list, not a heading
    if any(ch in body for ch in _SENTENCE_PUNCT + "：:"):
        return (
            _Heading(style, family, rank, f"{marker}{inline.group(1)}") if inline else None
        )  # "四、联系人:…"
    if len(rest) > _MAX_HEADING_CHARS:
        return None
    if rest.endswith("。") and (next_line is None or _marker(next_line) is not None):
        return None  # a closing list item before the next part (or the end)
    return _Heading(style, family, rank, f"{marker}{body}")


def _lines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, stripped text) of each non-empty line."""
    result = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.strip(" \t\r\n\u3000\xa0")
        if stripped:
            result.append((offset, offset + len(raw), stripped))
        offset += len(raw)
    return result


def split_sections(text: str, title: str = "") -> list[Section]:
    """Cut ``text`` into contiguous sections whose paths start with the document title.

    ``title`` defaults to the first non-empty line, which then belongs to the leading section.
    Sections cover the whole text in order; each one runs from its heading line to the next heading.
    """
    lines = _lines(text)
    if not title:
        title = lines[0][2] if lines else ""
    root = (title,) if title else ()
    stack: list[_Heading] = []
    sections: list[Section] = []
    current_start, current_path = 0, root
    for index, (start, _end, line) in enumerate(lines):
        prev_line = lines[index - 1][2] if index > 0 else None
        next_line = lines[index + 1][2] if index + 1 < len(lines) else None
        heading = _heading(line, prev_line, next_line)
        if heading is None or (index == 0 and title in (line, heading.label)):
            continue
        if start > current_start or (sections == [] and start > 0):
            sections.append(Section(current_path, current_start, start))
        _push(stack, heading)
        current_start, current_path = start, root + tuple(h.label for h in stack)
    if len(text) > current_start or not sections:
        sections.append(Section(current_path, current_start, len(text)))
    return [s for s in sections if text[s.start : s.end].strip()] or sections[:1]


def _push(stack: list[_Heading], heading: _Heading) -> None:
    """Place ``heading`` in the open-headings stack (see module docstring for the nesting rule)."""
    same = [i for i, h in enumerate(stack) if h.style == heading.style]
    if same:
        del stack[same[-1] :]
    else:
        while stack and stack[-1].family == heading.family and stack[-1].rank >= heading.rank:
            stack.pop()
    stack.append(heading)


# A sentence ends at 。！？；!?; (closing quotes/brackets stay with it) or at a line break.
_SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’\"」』）)]*|\n|$)")


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text[start:end]``, whitespace trimmed.

    A regular expression rather than spaCy's sentencizer: it is exact for this punctuation set
    (which includes ；, the separator of long clause lists), keeps offsets, and needs no model load.
    """
    stop = len(text) if end is None else end
    spans = []
    for found in _SENTENCE.finditer(text, start, stop):
        s, e = found.span()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


def split_sentences(text: str) -> list[str]:
    """The sentences of ``text`` (Chinese and ASCII end punctuation, line breaks)."""
    return [text[s:e] for s, e in sentence_spans(text)]
