"""Required materials (申报材料 / 评价材料 / 附件 lists) and how to submit them (网上 / 纸质 / 邮箱 / 现场).

Materials come from list items under a materials heading ("三、申报材料:", "(二)评价材料要求", or a
section so titled), from rows of a materials table flattened with "|" (under such a heading, or
anywhere when a header cell names 材料), and from form names the text asks to fill or attach
(《…申报书》, 附件 lists). Submissions come from
sentences that say how or where to hand in: a URL (or a bare host such as "zjtx.miit.gov.cn") in an
online-application sentence, an address or office after 报送/寄送/送交/地址, an e-mail address (as a
``mailto:`` URL), or a paper-copy requirement ("一式三份", "各一份", "装订成册(1本)"), also in a sentence with
no submitting verb; requirements that differ in copies are kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from knowledge.facts.model import Material, Submission
from knowledge.facts.spans import EMAIL, clause_bounds, make_span, squash
from knowledge.model import DocumentMeta, Section

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Doc

_MAT_HEADING = re.compile(
    r"(?:(?P<cn>[一二三四五六七八九十]+、)|[(（][一二三四五六七八九十]+[)）])\s*[^\n，,。；;]{0,6}?"
    r"(?:申报材料|申请材料|提交材料|评价材料|报送材料|所需材料|材料要求|材料清单)[^\n，,。；;]{0,4}?[:：]?"
)
_MAT_WORDS = re.compile(
    r"申报材料|申请材料|提交材料|评价材料|报送材料|所需材料|材料要求|材料清单|需要提交的材料"
)
_NEXT_CN = re.compile(r"\n\s*[一二三四五六七八九十]+、")
_NEXT_PAREN = re.compile(r"\n\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])")
_ITEM = re.compile(
    r"(?:^|\n)\s*(?:[(（](?:\d{1,2}|[一二三四五六七八九十]+)[)）]|\d{1,2}[、.．](?!\d))\s*(?P<body>[^\n]+)"
)
_ATTACHMENT_BLOCK = re.compile(r"附\s*件\s*[:：]")
_FORM = re.compile(
    r"《[^《》\n]{2,40}(?:申报书|申请书|申请表|申报表|统计表|汇总表|承诺书|推荐表|预申报表|信息表)》"
)
_ATTACH_LINE = re.compile(
    r"^\s*(?:\d{1,2}[.．、]\s*)?(?P<name>[^\n]{2,60}?(?:表|书|\.docx?|\.xlsx?|\.pdf))\s*$", re.MULTILINE
)

# A web address, with its scheme or a bare host under a common top-level domain ("zjtx.miit.gov.cn").
_URL = re.compile(
    r"https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+"
    r"|(?<![@A-Za-z0-9.])(?:[A-Za-z0-9-]+\.)+(?:cn|com|net|org)(?![A-Za-z0-9])(?::\d+)?(?:/[A-Za-z0-9._~/?#=&%-]*)?"
)
_ONLINE = re.compile(r"网上申报|网上填报|线上|在线|登录|登陆|系统|平台|政务服务网")
# A paper requirement: copies ("一式三份", "各一份", "(1本)", "纸质版1份") or paper named.
_PAPER = re.compile(
    r"纸质[版稿件]?(?:材料)?\s*[一二三四五六七八九十两\d]+\s*[份本套]|纸质|[一各][式]?[一二三四五六七八九十两\d]+[份本套]"
    r"|[(（]\d+本[)）]|书面材料|胶装|装订成册"
)
_ADDRESS = re.compile(
    r"(?:(?:收件|受理|报送|递交|办理)地点|报送地址|寄送地址|送达地址|联系地址|地址|报送至|寄送至|发送至|送至|送到"
    r"|送达|送交|交到|寄到|寄至|提交到|提交至|寄送|报送)"
    r"\s*[:：为]?\s*"
    r"(?P<addr>[^，,。；;\n:：]{0,30}?(?:路|街|大道|号|室|楼|大厦|服务站|办公室|科|局|厅)[^，,。；;\n]{0,40})"
)
_ONSITE = re.compile(r"现场(?:申报|受理|提交|报送)|窗口")
_SUBMIT_CUE = re.compile(r"申报|报送|提交|寄送|填报|登录|登陆|送至|受理|收件")


def find_materials(meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]) -> list[Material]:
    """Required documents, in text order, without duplicates."""
    found: dict[str, Material] = {}

    def add(start: int, end: int) -> None:
        span = make_span(meta.doc_id, text, start, end, sections)
        name = squash(span.text).strip("；;，,。")
        key = name.strip("《》")
        if len(key) >= 4 and key not in found:
            found[key] = Material(text=name, span=span)

    regions = [(s.start, s.end) for s in _material_sections(sections)]
    for heading in _MAT_HEADING.finditer(text):
        nxt = (_NEXT_CN if heading["cn"] else _NEXT_PAREN).search(text, heading.end())
        regions.append((heading.end(), nxt.start() if nxt else len(text)))
    for region_start, region_end in regions:
        for item in _ITEM.finditer(text, region_start, region_end):
            add(item.start("body"), item.end("body"))
    for table in _tables(text):
        if _MAT_WORDS.search(" ".join(table[0].cells)) or any(a <= table[0].start < b for a, b in regions):
            for row in _material_rows(table):
                span = make_span(meta.doc_id, text, row.start, row.end, sections)
                if row.name not in found and len(row.name) >= 4:
                    found[row.name] = Material(text=row.label, span=span)
    for form in _FORM.finditer(text):
        add(form.start(), form.end())
    block = _ATTACHMENT_BLOCK.search(text)
    if block:
        for line in _ATTACH_LINE.finditer(text, block.end(), min(len(text), block.end() + 400)):
            add(line.start("name"), line.end("name"))
    return sorted(found.values(), key=lambda m: m.span.start)


def _material_sections(sections: Sequence[Section]) -> list[Section]:
    """Sections whose own heading names the materials, each widened over its subsections."""
    result = []
    for section in sections:
        if not section.path or not _MAT_WORDS.search(section.path[-1]) or len(section.path) < 2:
            continue
        end = max(s.end for s in sections if s.path[: len(section.path)] == section.path)
        result.append(Section(section.path, section.start, end))
    return result


@dataclass(frozen=True)
class _Row:
    """One line of a "|"-separated table: its offsets and its non-empty cells."""

    start: int
    end: int
    cells: tuple[str, ...]


@dataclass(frozen=True)
class _MaterialRow:
    start: int
    end: int
    name: str
    label: str  # the name, with the row's other written cells (requirements) in brackets


_TABLE_LINE = re.compile(r"^[^\n]*[|｜][^\n]*$", re.MULTILINE)
_RULE_CELL = re.compile(r"^:?-{3,}:?$")  # a Markdown table's "---" row
_SEQ_CELL = re.compile(r"^[\d０-９]{1,3}[.．、]?$")


def _tables(text: str) -> list[list[_Row]]:
    """Runs of consecutive lines with at least two "|"-separated cells, Markdown rule rows dropped.

    Written by hand: a table flattened into text has no markup a parser could use.
    """
    tables: list[list[_Row]] = []
    last_end = -2
    for line in _TABLE_LINE.finditer(text):
        cells = tuple(c.strip() for c in re.split(r"[|｜]", line.group()) if c.strip())
        if len(cells) < 2 or all(_RULE_CELL.match(c) for c in cells):
            continue
        row = _Row(line.start(), line.end(), cells)
        if tables and text[last_end : line.start()].strip(" \t\n|｜-:") == "":
            tables[-1].append(row)
        else:
            tables.append([row])
        last_end = line.end()
    return [t for t in tables if len(t) >= 2]


def _material_rows(table: list[_Row]) -> list[_MaterialRow]:
    """The data rows of a materials table; the header row picks the name column."""
    header, rows = table[0], table[1:]
    name_at = next((i for i, cell in enumerate(header.cells) if "名称" in cell or "材料" in cell), None)
    if name_at is None:  # no header words: the first column that is not a sequence number
        rows = table
        columns = range(len(header.cells))
        name_at = next(
            (i for i in columns if not all(_SEQ_CELL.match(r.cells[i]) for r in rows if i < len(r.cells))), 0
        )
    result = []
    for row in rows:
        if name_at >= len(row.cells):
            continue
        name = squash(row.cells[name_at]).strip("；;，,。")
        extra = [c for i, c in enumerate(row.cells) if i != name_at and not _SEQ_CELL.match(c)]
        label = f"{name}（{'；'.join(extra)}）" if extra else name
        result.append(_MaterialRow(row.start, row.end, name, label))
    return result


def _clauses(text: str, doc: Doc) -> list[tuple[int, int]]:
    """Clauses (sentence parts between blank lines and item starts) that hold a cue, a paper requirement,
    a URL or an e-mail."""
    found: list[tuple[int, int]] = []
    for sent in doc.sents:
        if not (_SUBMIT_CUE.search(sent.text) or _PAPER.search(sent.text) or _URL.search(sent.text)):
            continue
        for pattern in (_SUBMIT_CUE, _PAPER, _URL, EMAIL):
            for match in pattern.finditer(sent.text):
                a, b = sent.start_char + match.start(), sent.start_char + match.end()
                bounds = clause_bounds(text, sent, a, b)
                if bounds not in found:
                    found.append(bounds)
    return sorted(found)


def _balanced(text: str, start: int, end: int) -> str:
    """The address ``text[start:end]`` with its brackets balanced: a bracket opened inside it ("…委员会（…路88号")
    is closed if the text closes it within a line, otherwise the address stops before it."""
    address = text[start:end]
    opened = max(address.rfind("（"), address.rfind("("))
    if opened >= 0 and not re.search(r"[)）]", address[opened:]):
        close = re.compile(r"[^\n。；;]{0,30}?[)）]").match(text, end)
        address = text[start : close.end()] if close else address[:opened]
    return squash(address)


def find_submissions(
    meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]
) -> list[Submission]:
    """How and where to submit: one entry per method and place stated."""
    result: list[Submission] = []
    seen: set[tuple[str, str, str, tuple[str, ...]]] = set()
    for start, end in _clauses(text, doc):
        clause = text[start:end]
        # A URL line ("政务网用户: http://…") counts when its sentence talks about an online system.
        context = text[max(0, start - 80) : end]
        candidates: list[tuple[str, str, str]] = []
        downtime = re.search(r"关闭|暂停|停止访问", clause)  # a system outage notice, not where to apply
        urls = [u for u in _URL.findall(clause) if _ONLINE.search(context) and not downtime]
        candidates += [("online", u.rstrip(".,"), "") for u in urls]
        if not urls and re.search(r"网上申报|网上填报|线上方式|在线填报|网上集中申报", clause):
            candidates.append(("online", "", ""))
        if re.search(r"邮箱|电子版|邮件", clause):
            candidates += [("email", f"mailto:{e}", "") for e in EMAIL.findall(clause)]
        address = _ADDRESS.search(clause)
        if _PAPER.search(clause) or address:
            where = (
                _balanced(text, start + address.start("addr"), start + address.end("addr")) if address else ""
            )
            candidates.append(("paper", "", where))
        if _ONSITE.search(clause):
            candidates.append(("onsite", "", ""))
        # paper requirements that differ in copies ("推荐文件一式两份", "申报册一式三份") are both kept
        copies = tuple(_PAPER.findall(clause)) if not any(where for _, _, where in candidates) else ()
        for method, url, where in candidates:
            key = (method, url, where, copies if method == "paper" else ())
            if key in seen:
                continue
            seen.add(key)
            span = make_span(meta.doc_id, text, start, end, sections)
            result.append(
                Submission(text=squash(span.text), span=span, method=method, url=url, address=where)
            )
    return result
