"""Required materials (申报材料 / 评价材料 / 附件 lists) and how to submit them (网上 / 纸质 / 邮箱 / 现场).

Materials come from list items under a materials heading ("三、申报材料:", "(二)评价材料要求")
and from form names the text asks to fill or attach (《…申报书》, 附件 lists). Submissions come from
sentences that say how or where to hand in: a URL in an online-application sentence, an address
after 报送/寄送/地址, an e-mail address (as a ``mailto:`` URL), or a paper-copy requirement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
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

_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&'*+,;=%-]+")
_ONLINE = re.compile(r"网上申报|网上填报|线上|在线|登录|登陆|系统|平台|政务服务网")
_PAPER = re.compile(r"纸质|一式[一二三四五六七八九十\d]+份|书面材料")
_ADDRESS = re.compile(
    r"(?:报送地址|寄送地址|送达地址|联系地址|地址|报送至|送至|送到|提交到|提交至|寄送|报送)\s*[:：为]?\s*"
    r"(?P<addr>[^，,。；;\n:：]{0,30}?(?:路|街|大道|号|室|楼|大厦|服务站|办公室|科)[^，,。；;\n]{0,24})"
)
_ONSITE = re.compile(r"现场(?:申报|受理|提交|报送)|窗口")
_SUBMIT_CUE = re.compile(r"申报|报送|提交|寄送|填报|登录|登陆|送至|受理")


def find_materials(meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]) -> list[Material]:
    """Required documents, in text order, without duplicates."""
    found: dict[str, Material] = {}

    def add(start: int, end: int) -> None:
        span = make_span(meta.doc_id, text, start, end, sections)
        name = squash(span.text).strip("；;，,。")
        key = name.strip("《》")
        if len(key) >= 4 and key not in found:
            found[key] = Material(text=name, span=span)

    for heading in _MAT_HEADING.finditer(text):
        nxt = (_NEXT_CN if heading["cn"] else _NEXT_PAREN).search(text, heading.end())
        region_end = nxt.start() if nxt else len(text)
        for item in _ITEM.finditer(text, heading.end(), region_end):
            add(item.start("body"), item.end("body"))
    for form in _FORM.finditer(text):
        add(form.start(), form.end())
    block = _ATTACHMENT_BLOCK.search(text)
    if block:
        for line in _ATTACH_LINE.finditer(text, block.end(), min(len(text), block.end() + 400)):
            add(line.start("name"), line.end("name"))
    return sorted(found.values(), key=lambda m: m.span.start)


def _clauses(text: str, doc: Doc) -> list[tuple[int, int]]:
    """Clauses (sentence parts between blank lines and item starts) that hold a cue, URL or e-mail."""
    found: list[tuple[int, int]] = []
    for sent in doc.sents:
        if not _SUBMIT_CUE.search(sent.text):
            continue
        for pattern in (_SUBMIT_CUE, _URL, EMAIL):
            for match in pattern.finditer(sent.text):
                a, b = sent.start_char + match.start(), sent.start_char + match.end()
                bounds = clause_bounds(text, sent, a, b)
                if bounds not in found:
                    found.append(bounds)
    return sorted(found)


def find_submissions(
    meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]
) -> list[Submission]:
    """How and where to submit: one entry per method and place stated."""
    result: list[Submission] = []
    seen: set[tuple[str, str, str]] = set()
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
            candidates.append(("paper", "", squash(address["addr"]) if address else ""))
        if _ONSITE.search(clause):
            candidates.append(("onsite", "", ""))
        for method, url, where in candidates:
            key = (method, url, where)
            if key in seen:
                continue
            seen.add(key)
            span = make_span(meta.doc_id, text, start, end, sections)
            result.append(
                Submission(text=squash(span.text), span=span, method=method, url=url, address=where)
            )
    return result
