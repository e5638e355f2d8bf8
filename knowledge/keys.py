"""Per-document keys computed once at ingest, so that choosing a document never reads every text.

A question is matched to documents by what they are called (title, region, issuer, and the names of
the policies a notice carries or forwards), the years they are about and where they apply. Computing
those from the full text on every question grew with the knowledge base (the old resolver read each
document twice per turn); here they are computed when a document is ingested, stored beside it
(``documents.keys`` in SQLite) and held in memory as an inverted index from terms to documents.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from knowledge.facts.places import place_chain
from knowledge.lexical import char_bigrams
from knowledge.model import DocumentMeta

KEYS_VERSION = 3  # bump when compute_keys changes: stored keys of an older version are recomputed

YEAR4 = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_YEAR_IN_TEXT = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")

# A line that names a document ("2.关于进一步推动徐汇区人工智能产业高质量发展的扶持意见"): the forwarded or
# attached policies a collection or a 转发 notice is known by.
_ALIAS = re.compile(
    r"^(?:附件\s*\d*[:：]?\s*)?(?:\d+[.、．]\s*)?"
    r"(.{6,60}?(?:意见|办法|细则|通知|指南|方案|计划|规定|公示|名单))\s*$"
)


# Kinds of programme or title a company asks about, each with the ways notices and companies write it. A
# notice that never writes a kind the question names (独角兽 asked of a notice on 瞪羚企业, 智能制造 of one on
# 两化融合 pilots) is another programme's, however much of the rest of the question it shares. Checked in
# knowledge.answer against the kinds each document's keys hold (title and text, read once at ingest).
PROGRAMME_KINDS: dict[str, tuple[str, ...]] = {
    "瞪羚企业": ("瞪羚",),
    "独角兽企业": ("独角兽",),
    "小巨人": ("小巨人",),
    "专精特新": ("专精特新",),
    "单项冠军": ("单项冠军",),
    "隐形冠军": ("隐形冠军",),
    "高新技术企业": ("高新技术企业", "高企", "国高新"),
    "科技型中小企业": ("科技型中小企业",),
    "智能制造": ("智能制造",),
    "绿色制造": ("绿色制造", "绿色工厂", "绿色园区", "绿色供应链", "绿色设计"),
    "企业技术中心": ("技术中心",),
    "工业设计中心": ("设计中心",),
    "创新中心": ("创新中心",),
    "孵化器": ("孵化器",),
    "众创空间": ("众创空间",),
    "培育库": ("培育库", "培育入库", "入库培育"),
    "首台套": ("首台",),
    "首批次": ("首批次",),
    "领军企业": ("领军企业",),
    "创新券": ("创新券",),
    "算力券": ("算力券",),
    "产业集群": ("产业集群",),
    "数字化转型": ("数字化转型", "数字化改造"),
    "技术改造": ("技术改造", "技改"),
    "贷款贴息": ("贴息",),
    "人工智能": ("人工智能", "大模型"),
    "工业互联网": ("工业互联网",),
    "科学技术普及": ("科普", "科学技术普及"),
}


def programme_kinds(text: str) -> frozenset[str]:
    """Kinds of :data:`PROGRAMME_KINDS` written in ``text``."""
    return frozenset(kind for kind, forms in PROGRAMME_KINDS.items() if any(f in text for f in forms))


def aliases(text: str) -> list[str]:
    """Names of documents stated on their own line in ``text`` (attachments, forwarded notices)."""
    return [found[1] for line in text.splitlines() if (found := _ALIAS.match(line.strip()))]


def terms(text: str) -> frozenset[str]:
    """The matching units of a name: character bigrams and ASCII words (single characters say little)."""
    return frozenset(t for t in char_bigrams(text) if len(t) > 1 and not t.isdigit())


@dataclass(frozen=True)
class DocKeys:
    """What one document is called, which years it is about and where it applies."""

    doc_id: str
    label: str  # title, region, issuer and carried names, space-separated
    years: frozenset[int]  # years in the title, and the issue year
    text_years: frozenset[int]  # every "20XX年" the text mentions
    region: tuple[str, ...]  # administrative chain of full names, top first ("上海市", "徐汇区")
    kinds: frozenset[str] = frozenset()  # kinds of programme (PROGRAMME_KINDS) the title or text writes

    @property
    def label_terms(self) -> frozenset[str]:
        return terms(self.label)

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": KEYS_VERSION,
                "label": self.label,
                "years": sorted(self.years),
                "text_years": sorted(self.text_years),
                "region": list(self.region),
                "kinds": sorted(self.kinds),
            },
            ensure_ascii=False,
        )

    @classmethod
    def from_json(cls, doc_id: str, raw: str | None) -> DocKeys | None:
        """Stored keys, or None when absent or computed by an older version (to recompute)."""
        if not raw:
            return None
        data = json.loads(raw)
        if data.get("version") != KEYS_VERSION:
            return None
        return cls(
            doc_id,
            data["label"],
            frozenset(data["years"]),
            frozenset(data["text_years"]),
            tuple(data["region"]),
            frozenset(data["kinds"]),
        )


def compute_keys(meta: DocumentMeta, text: str) -> DocKeys:
    years = {int(y) for y in YEAR4.findall(meta.title)}
    if meta.issued[:4].isdigit():
        years.add(int(meta.issued[:4]))
    label = " ".join(dict.fromkeys([meta.title, meta.region, meta.issuer, *aliases(text)]))
    return DocKeys(
        meta.doc_id,
        label,
        frozenset(years),
        frozenset(int(y) for y in _YEAR_IN_TEXT.findall(text)),
        place_chain(meta.region, meta.title, meta.issuer),
        programme_kinds(f"{meta.title} {text}"),
    )


class KeyIndex:
    """Every document's metadata and keys, with an inverted index from label terms to documents."""

    def __init__(self, entries: Iterable[tuple[DocumentMeta, DocKeys]]) -> None:
        self.metas: list[DocumentMeta] = []
        self.keys: list[DocKeys] = []
        self._sizes: list[int] = []
        postings: dict[str, list[int]] = defaultdict(list)
        for position, (meta, keys) in enumerate(entries):
            self.metas.append(meta)
            self.keys.append(keys)
            label_terms = keys.label_terms
            self._sizes.append(len(label_terms))
            for term in label_terms:
                postings[term].append(position)
        self._postings = dict(postings)
        self._position = {meta.doc_id: i for i, meta in enumerate(self.metas)}

    def __len__(self) -> int:
        return len(self.metas)

    def get(self, doc_id: str) -> tuple[DocumentMeta, DocKeys] | None:
        position = self._position.get(doc_id)
        return None if position is None else (self.metas[position], self.keys[position])

    def label_coverage(self, topic: Sequence[str] | frozenset[str]) -> dict[int, float]:
        """Share of ``topic``'s terms each document's label holds, for documents holding any."""
        if not topic:
            return {}
        counts: dict[int, int] = defaultdict(int)
        for term in topic:
            for position in self._postings.get(term, ()):
                counts[position] += 1
        return {position: count / len(topic) for position, count in counts.items()}
