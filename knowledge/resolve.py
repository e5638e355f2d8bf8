"""Map what a company calls a policy ("徐汇那个大模型奖励", "技改那个", "24年高企第六批") to documents.

Companies name documents by region, issuer, year and an abbreviation, rarely by title. Each document
gets a score from (a) how much of the question's topic its name covers (title, region, issuer and the
names it carries — its keys, computed at ingest by :mod:`knowledge.keys`) or its best retrieved passage
covers, after the question is rewritten (typos fixed, abbreviations expanded — tables in
:mod:`knowledge.lexicon`), (b) how much its name covers alone and (c) its rank in hybrid search.
Documents of another region or year than the question names are set aside, not silently offered:
answering "2025年高企" from the 2024 notice would be a confident wrong deadline. No document text is
read here: the cost per question does not grow with the documents' length.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from knowledge.facts.numbers import batch_numbers
from knowledge.facts.places import places_in, related
from knowledge.keys import YEAR4, DocKeys, terms
from knowledge.lexicon import GENERIC, ZONES
from knowledge.model import AnswerType, DocMatch
from knowledge.rewrite import rewrite_query, search_query

if TYPE_CHECKING:
    from knowledge.corpus import Corpus
    from knowledge.model import Hit

_YEAR2 = re.compile(r"(?:^|[\s，,。；;、？?！!（(])(\d{2})年")  # "24年高企" at a clause start only
_FISCAL_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度")  # the year a programme is for ("2019年度")
_FISCAL_RANGE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*[-—至到]\s*(?:19|20)\d{2}\s*年度")
# A year that heads a programme's name ("2017年市工业转型升级专项"): the year and the name's first characters.
NAME_HEAD = 4
_YEAR_NAMED = re.compile(rf"(?<!\d)((?:19|20)\d{{2}})\s*年度?\s*([\u4e00-\u9fff]{{{NAME_HEAD}}})")


@dataclass(frozen=True)
class Query:
    """A question after rewriting, with the places, years, batches and development zones it names."""

    text: str  # for search: rewritten (typos fixed, expansions appended) plus the asked fact's vocabulary
    topic: frozenset[str]  # character bigrams / ASCII words of the topic
    regions: tuple[tuple[str, ...], ...] = ()  # place chains, e.g. ("上海市", "奉贤区")
    years: frozenset[int] = field(default_factory=frozenset)
    fiscal_years: frozenset[int] = field(default_factory=frozenset)  # written "2020年度"
    batches: frozenset[int] = field(default_factory=frozenset)  # "第二批" -> 2
    zones: frozenset[str] = field(default_factory=frozenset)  # kinds of ZONES ("高新区")
    named_years: frozenset[tuple[int, str]] = field(default_factory=frozenset)  # (2017, "市工业转")
    strands: frozenset[str] = field(default_factory=frozenset)  # topic terms of "工业企业那块" ({"工业"})
    periods: frozenset[str] = field(default_factory=frozenset)  # parts of a year: "下半年" → {"H2"}
    sectors: frozenset[tuple[str, str]] = field(default_factory=frozenset)  # ("工业", "科研项目")
    period_terms: frozenset[str] = field(default_factory=frozenset)  # topic terms only the periods hold

    @property
    def doc_topic(self) -> frozenset[str]:
        """The topic a document is matched on: without the parts of the year, which name no programme."""
        return self.topic - self.period_terms


def question_regions(text: str) -> tuple[tuple[str, ...], ...]:
    """Administrative chains of the places named in ``text`` (the gazetteer of knowledge.facts.places)."""
    return places_in(text)


def question_years(text: str) -> frozenset[int]:
    years = {int(y) for y in YEAR4.findall(text)}
    years |= {2000 + int(y) for y in _YEAR2.findall(text) if int(y) <= 40}
    return frozenset(years)


def fiscal_years(text: str) -> frozenset[int]:
    """Years written as a programme's year ("2019年度", "2023-2024年度": both)."""
    return frozenset(int(y) for y in _FISCAL_YEAR.findall(text) + _FISCAL_RANGE.findall(text))


_FISCAL_BEFORE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年度\s*([\u4e00-\u9fff]{2,6})")


def place_headed_years(text: str) -> frozenset[int]:
    """Programme years written right before a place ("2019年度长宁区总部经济政策…"): such a year names the
    programme, never the company's history ("我们2020年度评上的…" is no programme year)."""
    found = set()
    for year, after in _FISCAL_BEFORE.findall(text):
        if any(after.startswith(_stem(chain[-1])) for chain in places_in(after)):
            found.add(int(year))
    return frozenset(found)


def named_years(text: str) -> frozenset[tuple[int, str]]:
    """Years that head a programme's name, with the name's first characters ("2017年市工业转型…")."""
    return frozenset((int(year), head) for year, head in _YEAR_NAMED.findall(text))


# The strand of a programme a question points at ("工业企业那块", "设备更新方向") and the one a title names in
# brackets ("…奖励资金(信息产业)", "…专项(投资补助方向)"); bracketed trial terms, batches, years, notes are none.
_ASKED_STRAND = re.compile(r"([\u4e00-\u9fff]{2,4})(?=(?:这个|那个)?(?:那块|那部分|方向|领域))")
_NOT_ASKED = re.compile(r"[几哪啥这那]|什么|支持")
_TITLE_STRAND = re.compile(r"[（(]([^（）()]{2,12})[）)]")
_NOT_STRAND = re.compile(r"试行|暂行|批|年|标题|正文|拟")


def strands(text: str) -> frozenset[str]:
    """Topic terms of the programme strands ``text`` points at: "工业企业那块的奖励" → {"工业"}, and a strand
    written in brackets as titles write it ("…专项资金（服务业发展）怎么报" → 服务, 务业, 业发, 发展)."""
    found: set[str] = set()
    for phrase in _ASKED_STRAND.findall(text):
        if not _NOT_ASKED.search(phrase):
            found |= topic_terms(phrase)
    for phrase in title_strands(text):
        found |= topic_terms(phrase)
    return frozenset(found)


def title_strands(title: str) -> list[str]:
    """The strands a title names in brackets ("信息产业", "投资补助方向"), trial terms and notes left out."""
    return [s for s in _TITLE_STRAND.findall(title) if not _NOT_STRAND.search(s)]


# Parts of a year a programme round covers ("2023年度上半年", "前三季度奖励", "第二季度"), normalised so that
# "第二季度" and "二季度" compare equal. A title naming one part does not serve a question naming another.
_PERIOD = re.compile(r"(上半年|下半年|前三季度|第?([一二三四1-4])季度)")
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


def periods(text: str) -> frozenset[str]:
    """The parts of a year named in ``text``: "H1"/"H2" for 上/下半年, "Q1-3" for 前三季度, "Q2" for 第二季度."""
    found: set[str] = set()
    for whole, quarter in _PERIOD.findall(text):
        if whole == "上半年":
            found.add("H1")
        elif whole == "下半年":
            found.add("H2")
        elif whole == "前三季度":
            found.add("Q1-3")
        else:
            found.add(f"Q{_QUARTER[quarter]}")
    return frozenset(found)


# Sectors a programme is named after, right before the programme's noun ("工业科研项目", "农业和社会事业科研
# 项目", "文化专项资金"). A question naming one sector's programme is not asked of a title naming the same kind
# of programme for other sectors only: "嘉定区工业科研项目" is not the 农业和社会事业 one.
SECTORS = (
    "工业", "农业", "服务业", "社会事业", "文化", "旅游", "商贸", "金融", "物流", "建筑业", "信息产业",
    "软件", "医疗", "卫生", "教育", "体育", "外贸", "制造业", "交通", "能源",
)  # fmt: skip
_PROGRAMME_NOUN = r"科研项目|科技项目|专项资金|扶持资金|引导资金|发展资金|专项"
_SECTOR_NAMED = re.compile(rf"({'|'.join(SECTORS)})(?:[和与及、]|发展)?({_PROGRAMME_NOUN})")
_MODIFIER = 10  # how far before the noun a title's sectors are read


def sectors(text: str) -> frozenset[tuple[str, str]]:
    """(sector, programme noun) pairs ``text`` writes: "工业科研项目" → {("工业", "科研项目")}."""
    return frozenset(_SECTOR_NAMED.findall(text))


def _other_sectors(asked: frozenset[tuple[str, str]], title: str) -> bool:
    """Whether the title names an asked programme noun for other sectors only (the asked sector nowhere)."""
    for sector, noun in asked:
        if sector in title:
            continue
        for found in re.finditer(noun, title):
            before = title[max(0, found.start() - _MODIFIER) : found.start()]
            if any(other in before for other in SECTORS):
                return True
    return False


def zones(text: str) -> frozenset[str]:
    """Kinds of development zone named in ``text`` (:data:`knowledge.lexicon.ZONES`)."""
    return frozenset(kind for kind, names in ZONES.items() if any(name in text for name in names))


# A part of the year names no programme: "上半年的呢" asks the notice under discussion for another period, and a
# title holding 上半年 is no closer to it (the period is compared on its own: programme_conflict).
_PERIOD_WORD = re.compile(rf"{_PERIOD.pattern}|全年")


def topic_terms(text: str) -> frozenset[str]:
    """Bigrams (and ASCII words) of ``text`` without the generic question words."""
    for word in GENERIC:
        text = text.replace(word, " ")
    return terms(text)


def period_terms(text: str) -> frozenset[str]:
    """The topic terms ``text`` holds only through its parts of the year ("上半年的呢" → 上半, 半年)."""
    return topic_terms(text) - topic_terms(_PERIOD_WORD.sub(" ", text))


def parse_query(text: str, kind: AnswerType | None = None) -> Query:
    """The question rewritten for search and matching; ``kind`` (when known) picks the search hints."""
    rewritten = rewrite_query(text)
    return Query(
        search_query(text, kind),
        topic_terms(rewritten),
        question_regions(rewritten),
        question_years(rewritten),
        fiscal_years(rewritten),
        batch_numbers(rewritten),
        zones(rewritten),
        named_years(rewritten),
        strands(rewritten),
        periods(rewritten),
        sectors(rewritten),
        period_terms(rewritten),
    )


_LEVEL_SUFFIX = re.compile(r"(?:自治区|自治州|新区|省|市|区|县)$")


def _stem(name: str) -> str:
    return _LEVEL_SUFFIX.sub("", name) or name


def region_conflict(query: Query, region: tuple[str, ...]) -> bool:
    """True when the question names places and each lies neither inside nor above the document's ``region``.

    A place whose name the document's chain also carries at another level is no conflict: a bare "朝阳"
    settled as 朝阳市 may well mean the document's 朝阳区.
    """
    if not query.regions or not region:
        return False
    stems = {_stem(name) for name in region}
    return all(
        related(_settled(chain, region), region) is False and _stem(chain[-1]) not in stems
        for chain in query.regions
    )


def _settled(chain: tuple[str, ...], region: tuple[str, ...]) -> tuple[str, ...]:
    """A name several places share, standing alone ("普陀区": 上海 or 舟山), read beside the document's
    region: the one under the same city or province is meant ("普陀区" asked of a notice of 上海市长宁区 is
    上海市普陀区, another district). Left open when the region names none of their parents."""
    if len(chain) > 1:
        return chain
    found = places_in(chain[0], [region])
    return found[0] if found else chain


def year_conflict(query: Query, keys: DocKeys, *, strict: bool = False) -> bool:
    """True when the question names years the document is not about (nor, unless ``strict``, mentions)."""
    if not query.years or query.years & keys.years:
        return False
    return strict or not query.years & keys.text_years


def programme_conflict(query: Query, title: str, label: str) -> str:
    """What the question names that the document's name contradicts: another programme year
    ("2020年度" for a title of 2019年度; "2017年市工业转型升级专项" for a title naming the 2016年 one),
    another batch (第二批 for a title of 第一批, or for a document that carries only 第一批 notices),
    another part of the year (下半年 for a title of 上半年),
    another kind of development zone (高新区 for a notice of an 经开区) or another strand ("工业企业那块"
    or "（服务业发展）" for a title naming "(信息产业)"); "" when nothing does. Only names the document
    states count: a document naming no batch (in its title or the notices it carries) may serve every batch."""
    stated = {int(y) for y in YEAR4.findall(title)}
    if query.fiscal_years and stated and not query.fiscal_years & stated:
        return "year"
    titled = named_years(title)
    for year, head in query.named_years:
        if (year, head) not in titled and any(h == head for _, h in titled):
            return "year"
    if query.batches:  # the title's batches, else those of the notices the document carries (its label)
        stated_batches = batch_numbers(title) or batch_numbers(label)
        if stated_batches and not query.batches & stated_batches:
            return "batch"
    if query.periods:
        stated_periods = periods(title)
        if stated_periods and not query.periods & stated_periods:
            return "period"
    if query.zones:
        stated_zones = zones(label)
        if stated_zones and not query.zones & stated_zones:
            return "zone"
    stated_strands = title_strands(title)
    if query.strands and stated_strands and not any(t in s for t in query.strands for s in stated_strands):
        return "strand"
    if query.sectors and _other_sectors(query.sectors, title):
        return "strand"
    return ""


def coverage(topic: frozenset[str], text: str) -> float:
    """Share of the topic's terms found in ``text`` (0 when the topic is empty)."""
    if not topic:
        return 0.0
    lowered = text.lower()
    return sum(term in lowered for term in topic) / len(topic)


# Score weights: topic coverage (best of name and best passage), name coverage, search rank.
W_LEXICAL, W_TITLE, W_RANK = 0.5, 0.2, 0.3
SEARCH_DEPTH = 12


def score_documents(
    corpus: Corpus,
    query: Query,
    *,
    strict_year: bool = False,
    hits: list[Hit] | None = None,
) -> list[DocMatch]:
    """Every document that the question touches, scored, best first; conflicting ones flagged.

    Only documents whose name shares a term with the question or that search returned are scored
    (an inverted index over the keys), so the cost follows the question, not the knowledge base.
    """
    if hits is None:
        hits = corpus.search(query.text, k=SEARCH_DEPTH)
    index = corpus.key_index()
    best_rank: dict[str, int] = {}
    passage_cov: dict[str, float] = {}
    for rank, hit in enumerate(hits, 1):
        doc = hit.chunk.doc_id
        best_rank.setdefault(doc, rank)
        passage_cov[doc] = max(passage_cov.get(doc, 0.0), coverage(query.doc_topic, hit.chunk.text))
    name_cov = {index.metas[pos].doc_id: cov for pos, cov in index.label_coverage(query.doc_topic).items()}
    matches: list[DocMatch] = []
    regional: dict[tuple[str, ...], bool] = {}  # one check per region chain: many documents share one
    for doc_id in name_cov.keys() | best_rank.keys():
        entry = index.get(doc_id)
        if entry is None:
            continue
        meta, keys = entry
        title_cov = name_cov.get(doc_id, 0.0)
        rank = best_rank.get(doc_id)
        score = W_LEXICAL * max(title_cov, passage_cov.get(doc_id, 0.0)) + W_TITLE * title_cov
        score += W_RANK * (1.0 / rank if rank else 0.0)
        if score <= 0:
            continue
        conflict = ""
        if keys.region not in regional:
            regional[keys.region] = region_conflict(query, keys.region)
        if regional[keys.region]:
            conflict = "region"
        elif year_conflict(query, keys, strict=strict_year):
            conflict = "year"
        else:
            conflict = programme_conflict(query, meta.title, keys.label)
        reason = f"标题覆盖{title_cov:.0%}，正文覆盖{passage_cov.get(doc_id, 0.0):.0%}，检索排名{rank or '-'}"
        matches.append(DocMatch(doc_id, meta.title, score, reason, conflict, title_cov))
    matches.sort(key=lambda m: (-m.score, m.doc_id))
    return matches


def resolve_documents(corpus: Corpus, text: str, *, limit: int = 3) -> list[DocMatch]:
    """Up to ``limit`` candidate documents for a reference, best first, without region/year conflicts."""
    if limit < 1:
        raise ValueError("limit must be ≥ 1")
    query = parse_query(text)
    return [m for m in score_documents(corpus, query) if not m.conflict][:limit]


__all__ = [
    "DocMatch",
    "Query",
    "coverage",
    "parse_query",
    "question_regions",
    "question_years",
    "region_conflict",
    "resolve_documents",
    "rewrite_query",
    "score_documents",
    "search_query",
    "topic_terms",
    "year_conflict",
]
