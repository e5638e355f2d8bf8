"""Value types shared by every stage of the knowledge pipeline.

documents → sections → chunks → facts → hits → answers. They are plain frozen
dataclasses so that they serialise to JSON (``to_dict``) for the CLI, the
Rasa actions and the evaluation without any extra layer.
"""

from __future__ import annotations

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
