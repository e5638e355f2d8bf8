"""Value types shared by every stage of the knowledge pipeline.

documents → sections → chunks → facts → hits → answers. They are plain frozen
dataclasses so that they serialise to JSON (``to_dict``) for the CLI, the
Rasa actions and the evaluation without any extra layer. This module imports no
other knowledge module: every service and the facade depend on it, never the reverse.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import Enum
from typing import Any

SECTION_SEPARATOR = " › "


class DocKind(str, Enum):
    """What a document is; decides whether it can have an application window."""

    POLICY = "policy"  # 政策文件 / 意见 / 办法 / 细则
    NOTICE = "notice"  # 申报通知
    GUIDE = "guide"  # 申报指南
    PUBLICITY = "publicity"  # 公示
    UNKNOWN = "unknown"


class CallStatus(str, Enum):
    """Where today stands relative to an application window."""

    OPEN = "open"
    CLOSED = "closed"
    UPCOMING = "upcoming"
    UNKNOWN = "unknown"


class AnswerType(str, Enum):
    """What a question asks for; decides which extracted fact (or which passage cues) answers it."""

    DEADLINE = "deadline"
    ELIGIBILITY = "eligibility"
    MATERIALS = "materials"
    AMOUNT = "amount"
    CONTACT = "contact"
    PROCESS = "process"
    OTHER = "other"
    NONE = "none"


@dataclass(frozen=True)
class DocumentMeta:
    """Metadata of one ingested document (from sources.tsv, front matter or the text)."""

    doc_id: str  # stable id: file stem, e.g. "sh_jingxin_jishugaizao_touzibuzhu_2026"
    title: str
    kind: DocKind = DocKind.UNKNOWN
    region: str = ""  # e.g. "上海市徐汇区"
    issuer: str = ""
    issued: str = ""  # ISO date, possibly partial: "2026-01", "2017"
    source: str = ""  # source address (URL) or attribution
    path: str = ""  # file the text came from
    truncated: bool = False  # the stored page is known to be incomplete

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data


@dataclass(frozen=True)
class Section:
    """A heading-delimited part of a document; ``path`` lists headings from the top."""

    path: tuple[str, ...]
    start: int  # character offsets into the document text
    end: int

    @property
    def label(self) -> str:
        return SECTION_SEPARATOR.join(self.path)


@dataclass(frozen=True)
class Span:
    """Provenance of a fact: the exact source text and where it sits."""

    doc_id: str
    text: str
    start: int
    end: int
    section: str = ""  # Section.label
    reviewed: bool = False  # a person confirmed or corrected the fact (knowledge.corrections)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Chunk:
    """A retrievable passage: whole sentences inside one section."""

    chunk_id: str  # f"{doc_id}#{ordinal}"
    doc_id: str
    title: str
    section: str  # Section.label ("" for text before the first heading)
    text: str
    start: int
    end: int
    kind: DocKind = DocKind.UNKNOWN
    region: str = ""
    issuer: str = ""
    issued: str = ""
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data


@dataclass(frozen=True)
class Hit:
    """One search result with the fused score and each method's rank (1-based, None if absent)."""

    chunk: Chunk
    score: float
    ranks: dict[str, int | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        c = self.chunk
        return {
            "text": c.text,
            "doc": c.doc_id,
            "title": c.title,
            "section": c.section,
            "score": round(self.score, 6),
            "chunk_id": c.chunk_id,
            "kind": c.kind.value,
            "region": c.region,
            "issuer": c.issuer,
            "issued": c.issued,
            "source": c.source,
            "start": c.start,
            "end": c.end,
            "ranks": self.ranks,
        }


class Outcome(str, Enum):
    """What happened to a question, so that callers never parse the Chinese answer to find out.

    ``answered``: the answer states the asked fact (from an extracted fact or a quoted passage);
    ``not_stated``: the right document was found but it does not say; ``no_document``: the knowledge
    base holds no document about it (or only one of another programme, year or region);
    ``ambiguous``: several documents fit equally well, see ``candidates``; ``out_of_scope``: not a
    question about a policy at all.
    """

    ANSWERED = "answered"
    NOT_STATED = "not_stated"
    NO_DOCUMENT = "no_document"
    AMBIGUOUS = "ambiguous"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Citation:
    """A quoted source of an answer: the document, the section label and the exact text."""

    doc: str
    title: str
    section: str
    text: str
    source: str = ""

    def to_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass(frozen=True)
class DocMatch:
    """A candidate document for a question or reference, best first; ``reason`` says why in a few words."""

    doc_id: str
    title: str
    score: float
    reason: str = ""
    conflict: str = ""  # "region" / "year": set aside, the question names another one
    name_coverage: float = 0.0  # share of the question's topic the document's name (title, region …) holds

    def to_dict(self) -> dict[str, Any]:
        return {"doc": self.doc_id, "title": self.title, "score": round(self.score, 4), "reason": self.reason}


@dataclass(frozen=True)
class Answer:
    """The knowledge layer's reply to one question (docs/CONTRACTS.md).

    ``answer_type`` is the kind of fact asked for (also when the outcome is not ``answered``);
    ``facts`` holds JSON-able values copied from the cited facts; ``parts`` the answers to each part
    of a two-part question ("截止时间和材料"), whose texts ``answer`` joins.
    """

    outcome: Outcome
    answer_type: AnswerType
    answer: str
    citations: tuple[Citation, ...] = ()
    facts: Mapping[str, Any] = field(default_factory=dict)
    doc: str | None = None
    candidates: tuple[DocMatch, ...] = ()
    parts: tuple[Answer, ...] = ()

    @property
    def answered(self) -> bool:
        return self.outcome is Outcome.ANSWERED

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``policybot ask --json``."""
        data: dict[str, Any] = {
            "outcome": self.outcome.value,
            "answer_type": self.answer_type.value,
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "facts": dict(self.facts),
            "doc": self.doc,
            "candidates": [c.to_dict() for c in self.candidates],
        }
        if self.parts:
            data["parts"] = [part.to_dict() for part in self.parts]
        return data
