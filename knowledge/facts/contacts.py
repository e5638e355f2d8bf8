"""Contacts: department, person, phone numbers, e-mail and address, each with its source span.

Notices put contacts in a 联系方式 / 咨询电话 block (one field per line, or "市科技局高新科 3328151
市科技局计划科 3328338" on one line) or inline in parentheses ("(联系人:丁颖,联系电话:22381538,
电子邮箱:…)"). Clauses that carry contact data are read field by field; adjacent clauses that
complete each other (联系人 line, 电话 line, 邮箱 line) merge into one contact, and a clause that
lists several labelled numbers splits into one contact per label. A table flattened with "|" is read
by its header row (部门 | 联系人 | 电话 …), one contact per row. Phones are kept exactly as written with
their extension ("-1587", "转1587", "分机1587"), only split ("020-39348210、83163913" gives two numbers;
no area code is invented).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from knowledge.facts.model import Contact
from knowledge.facts.spans import EMAIL, make_span, squash
from knowledge.model import DocumentMeta, Section

if TYPE_CHECKING:  # spaCy is imported lazily (about a second); only its types are needed here
    from spacy.tokens import Doc

PHONE = re.compile(
    r"(?<![\d\-—－.])(?:"
    r"(?:0\d{2,3}\s*[-—－]\s*|[(（]0\d{2,3}[)）]\s*)?[2-9]\d{6,8}"  # landline, area code or none (one 9-digit typo)
    r"|0\d{2,3}\s*[-—－]\s*\d{5}"  # short service numbers: 021-12345
    r"|1[3-9]\d{9}"  # mobile
    r"|[48]00\s*[-—－]?\s*(?:\d{7}|\d{3}\s*[-—－]\s*\d{4})"  # 400 / 800 hotlines: 4008863200, 400-886-3200
    r")(?![\d%])"
    # extension: "转1587", "转236,229", "转1587、1588", "-1587", "分机1587", "（分机：306）"
    r"(?:\s*转\s*\d{2,5}(?:\s*[,，、]\s*\d{2,5})*(?!\d)"
    r"|[-—－]\d{1,5}(?![\d\-—－])"
    r"|\s*(?:分机号?|ext\.?)\s*[:：]?\s*\d{2,5}(?!\d)"
    r"|\s*[(（]\s*(?:分机号?|转)\s*[:：]?\s*\d{2,5}\s*[)）])?"
)
_CUE = re.compile(r"联系|咨询|电\s*话|邮\s*箱|信\s*箱|致电|技术支持|受理")
# A number labelled as a QQ account ("QQ:12345678", "QQ群：…", "QQ邮箱：…") is no phone number; a QQ
# mailbox written as its bare number is the address <number>@qq.com.
_QQ_NUMBER = re.compile(
    r"(?i)QQ\s*(?P<kind>号码?|群号?|邮箱|信箱)?\s*(?:[:：]|为|是)?\s*(?P<number>\d{5,12})(?![\d@])"
)
# A password, account or login number ("密码:66501234", "账号：123456789") is no phone number.
_SECRET = re.compile(r"(?:密码|口令|账号|帐号|用户名)\s*(?:为|是)?\s*[:：]?\s*(?P<number>\d{4,20})")
# A label longer than this is a sentence (an instruction to the reader), not the words naming a contact:
# only its last clause is read for a department or names.
MAX_LABEL_CHARS = 40
_ADDRESS = re.compile(
    r"(?:联系地址|通讯地址|通信地址|邮寄地址|地址|地点|材料报送)\s*[:：]\s*(?P<addr>[^\n，,;；]{4,60})"
)
_ADDRESS_THEN_NAME = re.compile(r"^(?P<addr>.*\d+[室号楼])(?P<who>[\u4e00-\u9fff]{2,3})$")
_FAX = re.compile(r"传\s*真\s*[:：]?\s*$")
# A heading line that announces contacts ("(二)联系人及联系电话", "四、政策咨询"): the next line's bare names
# and numbers are a contact.
_CONTACT_HEADING = re.compile(
    r"联系方式|咨询电话|联系电话|联系人|咨询方式"
    r"|^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d{1,2}[.、．])?"
    r"[\u4e00-\u9fff]{0,8}(?:咨询|联系)[\u4e00-\u9fff]{0,4}[:：]?\s*$"
)
_CLAUSE = re.compile(r"[^\n；;。]+")
_DEPT = re.compile(r"^(?P<dept>[\u4e00-\u9fff]{2,24}(?:局|委员会|委|办公室|中心|处|科|部门|联))")
_ROLE_WORDS = re.compile(
    r"电话|联系|咨询|业务|方式|支持|受理|邮箱|信箱|地址|传真|邮编|手机|座机|致电|材料|报送|专题|综合|办公|收件|热线|客服"
    r"|通信|通讯|邮寄"
)
_NAME = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_SEPARATORS = re.compile(r"[:：,，、()（）|｜\s]+")
# A table row flattened with "|" (Markdown or a pasted Word table); the header row names the columns.
_ROW = re.compile(r"^\s*[|｜].*[|｜]\s*$|^[^|｜\n]+(?:[|｜][^|｜\n]*){2,}$")
_RULE_ROW = re.compile(r"^[\s|｜:：\-—－]+$")
_COLUMNS = (
    ("department", re.compile(r"部门|单位|处室|科室|机构|名称")),
    ("person", re.compile(r"联系人|姓名|经办人")),
    ("phones", re.compile(r"电话|手机|座机|联系方式|号码")),
    ("email", re.compile(r"邮箱|邮件|e-?mail", re.IGNORECASE)),
    ("address", re.compile(r"地址|地点")),
)


@dataclass
class _Draft:
    start: int
    end: int
    department: str = ""
    person: str = ""
    phones: list[str] = field(default_factory=list)
    email: str = ""
    address: str = ""
    fax: list[str] = field(default_factory=list)

    def compatible(self, other: _Draft) -> bool:
        """True when ``other`` only adds fields this contact lacks (the next line of one block)."""
        clash = [
            (a, b)
            for a, b in (
                (self.person, other.person),
                (self.department, other.department),
                (self.email, other.email),
                (self.address, other.address),
            )
            if a and b
        ]
        return not clash and not (self.phones and other.phones)

    def absorb(self, other: _Draft) -> None:
        self.end = other.end
        self.department = self.department or other.department
        self.person = self.person or other.person
        self.phones += other.phones
        self.email = self.email or other.email
        self.address = self.address or other.address
        self.fax += other.fax


def _label(text: str) -> tuple[str, str]:
    """(department, person) named in the words before a number: "市科工信局:林糖:" → (市科工信局, 林糖)."""
    dept, names = "", []
    if len(squash(text)) > MAX_LABEL_CHARS:
        text = re.split(r"[,，;；。()（）]", text.rstrip(" ,，:：(（"))[-1]
    text = re.sub(r"^\s*[(（]?\d{1,2}[.、．]", "", re.sub(r"联系人|联系电话|电\s*话", " ", text))
    for word in _SEPARATORS.split(text):
        word = squash(word)
        if not word or _ROLE_WORDS.search(word):
            continue
        found = _DEPT.match(word)
        if found:
            dept = dept or found["dept"]
            word = word[found.end() :]
        if word and _NAME.match(word):
            names.append(word)
    return dept, "、".join(names)


def _persons(text: str) -> tuple[str, str]:
    """(department, names) after 联系人: "联系人:科技管理处 索 立" → ("科技管理处", "索立")."""
    found = re.search(r"联系人\s*[:：为]\s*(?P<who>[^\n，,;；:：(（)）\d]{2,30})", text)
    if not found:
        return "", ""
    who = squash(found["who"])
    dept = _DEPT.match(who)
    if dept and len(who) > dept.end():
        return dept["dept"], who[dept.end() :]
    return "", who


def _clause_drafts(body: str, offset: int, context: bool) -> list[_Draft]:
    """Contact drafts in one clause: one per labelled phone, or one for the whole clause."""
    qq = list(_QQ_NUMBER.finditer(body))
    qq_mail = [f"{m['number']}@qq.com" for m in qq if m["kind"] in ("邮箱", "信箱")]
    # the digits of an address (12345678@qq.com) or of a QQ account are no phone number
    taken = [m.span() for m in EMAIL.finditer(body)] + [m.span("number") for m in qq]
    taken += [m.span("number") for m in _SECRET.finditer(body)]
    numbers = [m for m in PHONE.finditer(body) if not any(a <= m.start() < b for a, b in taken)]
    faxes = [m for m in numbers if _FAX.search(body[: m.start()][-6:])]
    phones = [m for m in numbers if m not in faxes]
    emails = EMAIL.findall(body) + qq_mail
    address = _ADDRESS.search(body)
    named_dept, named = _persons(body)
    if not (phones or faxes or emails or address or named) or not (context or _CUE.search(body) or address):
        return []
    drafts: list[_Draft] = []
    cursor = 0
    for number in phones:
        dept, person = _label(body[cursor : number.start()])
        tail = re.match(r"\s*[(（](?P<d>[^)）]{2,20})[)）]", body[number.end() :])
        if tail and _DEPT.match(tail["d"]):
            dept = dept or tail["d"]
        phone = re.sub(r"\s+", "", number.group())
        if drafts and not (dept or person):
            drafts[-1].phones.append(phone)  # "020-39348210、83163913": more numbers for the same label
            drafts[-1].end = offset + number.end()
        else:
            drafts.append(_Draft(offset + cursor, offset + number.end(), dept, person, [phone]))
        cursor = number.end()
    if not drafts:
        datum = min(
            [m.start() for m in (address, EMAIL.search(body), qq[0] if qq else None) if m], default=len(body)
        )
        dept, person = _label(body[:datum])  # the words before the address or mailbox
        drafts.append(_Draft(offset, offset + len(body), dept, person))
    first, last = drafts[0], drafts[-1]
    first.start = offset
    last.end = offset + len(body)
    first.person = named or first.person
    first.department = named_dept or first.department
    first.email = emails[0] if emails else ""
    first.fax = [re.sub(r"\s+", "", m.group()) for m in faxes]
    first.address = squash(address["addr"]) if address else ""
    tail_name = _ADDRESS_THEN_NAME.match(first.address)
    if tail_name:  # "材料报送:威海路511号1517室倪晓杰": the person receiving the papers
        first.address, first.person = tail_name["addr"], first.person or tail_name["who"]
    return drafts


def _cells(row: str) -> list[str]:
    return [squash(cell) for cell in re.split(r"[|｜]", row.strip().strip("|｜"))]


def _header(row: str) -> list[str] | None:
    """Column roles of a table's header row ("| 部门 | 联系人 | 联系电话 |"), None for another row."""
    if PHONE.search(row) or EMAIL.search(row):
        return None
    roles = [next((role for role, cue in _COLUMNS if cue.search(cell)), "") for cell in _cells(row)]
    return roles if sum(bool(r) for r in roles) >= 2 and "phones" in roles else None


def _row_draft(row: str, offset: int, roles: list[str]) -> _Draft | None:
    """One contact from a table row read by its header's column roles."""
    draft = _Draft(offset, offset + len(row))
    for role, cell in zip(roles, _cells(row), strict=False):
        if role == "phones":
            draft.phones = [re.sub(r"\s+", "", m.group()) for m in PHONE.finditer(cell)]
        elif role == "email":
            found = EMAIL.search(cell)
            draft.email = found.group() if found else ""
        elif role in ("department", "person", "address"):
            setattr(draft, role, cell)
    return draft if draft.phones or draft.email else None


def find_contacts(meta: DocumentMeta, text: str, doc: Doc, sections: Sequence[Section]) -> list[Contact]:
    """Contacts in text order; a "|" table with a header row gives one contact per row."""
    merged: list[_Draft] = []
    previous_end, context = -1, False
    roles: list[str] | None = None
    for clause in _CLAUSE.finditer(text):
        body = clause.group()
        if _ROW.match(body):
            if _RULE_ROW.match(body):
                continue
            header = _header(body)
            if header:
                roles = header
                continue
            row = _row_draft(body, clause.start(), roles) if roles else None
            if row:
                merged.append(row)
                previous_end, context = clause.end(), True
                continue
        else:
            roles = None
        adjacent = previous_end >= 0 and not text[previous_end : clause.start()].strip(" \t\u3000\n；;。")
        drafts = _clause_drafts(body, clause.start(), context and adjacent)
        # a heading line ("(二)联系人及联系电话") makes the next line's bare names and numbers a contact
        cue_only = not drafts and bool(_CONTACT_HEADING.search(body))
        names_someone = "联系人" in body or "材料报送" in body
        for draft in drafts:
            # "联系人:…" opens a new contact once the current one has its number.
            fresh = names_someone and merged and (merged[-1].phones or merged[-1].person)
            if merged and adjacent and not fresh and merged[-1].compatible(draft):
                merged[-1].absorb(draft)
            else:
                merged.append(draft)
            adjacent = True
        context = bool(drafts) or cue_only
        previous_end = clause.end()
    contacts = []
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for d in merged:
        key = (d.person, tuple(d.phones))
        if d.phones and key in seen:
            continue  # the same person and numbers repeated (inline and in the footer)
        seen.add(key)
        span = make_span(meta.doc_id, text, d.start, d.end, sections)
        contacts.append(
            Contact(
                span=span,
                department=d.department,
                person=d.person,
                phones=tuple(d.phones),
                email=d.email,
                address=d.address,
                fax=tuple(d.fax),
            )
        )
    return contacts
