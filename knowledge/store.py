"""Persistence of one knowledge base directory.

Layout of ``kb_dir``:
- ``kb.sqlite3`` — documents (metadata, content hash, text, sections, facts JSON with the version of the
  extractor that made them, resolution keys),
  chunks, and every chunk's vector per embedding backend. SQLite is the source of truth and changes in transactions,
  so an interrupted ingest never leaves chunks without vectors.
- ``vectors-<backend>.faiss`` — FAISS ``IndexIDMap(IndexFlatIP)`` over chunk row ids, a derived file
  rebuilt from SQLite whenever its recorded generation is stale.
- ``manifest.json`` — embedding backend, model name and dimension per dense index. Vectors of two
  models never share an index: a mismatch raises IndexMismatch with the rebuild command.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import numpy as np

from knowledge.errors import DocumentNotFound, IndexMismatch, KnowledgeError
from knowledge.model import Chunk, DocKind, DocumentMeta, Section

logger = logging.getLogger(__name__)

DB_FILE = "kb.sqlite3"
MANIFEST_FILE = "manifest.json"
FORMAT = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL,
    meta TEXT NOT NULL,
    text TEXT NOT NULL,
    sections TEXT NOT NULL,
    facts TEXT,
    ingested_at TEXT NOT NULL,
    keys TEXT,
    facts_version TEXT
);
CREATE TABLE IF NOT EXISTS chunks (
    row INTEGER PRIMARY KEY AUTOINCREMENT,
    chunk_id TEXT NOT NULL UNIQUE,
    doc_id TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    data TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS chunks_doc ON chunks(doc_id, ordinal);
CREATE TABLE IF NOT EXISTS vectors (
    row INTEGER NOT NULL REFERENCES chunks(row) ON DELETE CASCADE,
    backend TEXT NOT NULL,
    vector BLOB NOT NULL,
    PRIMARY KEY (row, backend)
);
"""


def _chunk_from_json(data: str) -> Chunk:
    fields = json.loads(data)
    fields["kind"] = DocKind(fields["kind"])
    return Chunk(**fields)


def _meta_from_json(data: str) -> DocumentMeta:
    fields = json.loads(data)
    fields["kind"] = DocKind(fields["kind"])
    return DocumentMeta(**fields)


def index_file_name(backend: str) -> str:
    """``st:/models/bge`` → ``vectors-st_models_bge.faiss`` (a safe file name per backend)."""
    return "vectors-" + re.sub(r"[^A-Za-z0-9._-]+", "_", backend).strip("_") + ".faiss"


class Store:
    """One KB directory. Open lazily; ``close()`` (or ``with``) releases the SQLite connection."""

    def __init__(self, kb_dir: Path) -> None:
        self.kb_dir = Path(kb_dir)
        self._conn: sqlite3.Connection | None = None

    # -- connection -------------------------------------------------------------------------
    @property
    def exists(self) -> bool:
        return (self.kb_dir / DB_FILE).is_file()

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            self.kb_dir.mkdir(parents=True, exist_ok=True)
            # Shared across the action server's worker threads; sqlite3 serialises access itself.
            self._conn = sqlite3.connect(self.kb_dir / DB_FILE, check_same_thread=False)
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.executescript(_SCHEMA)
            self._migrate(self._conn)
        return self._conn

    @staticmethod
    def _migrate(conn: sqlite3.Connection) -> None:
        """Bring a KB written by an older version up to date; new columns start empty and are filled
        by their owner on first use (the facade recomputes missing document keys from the text)."""
        columns = {row[1] for row in conn.execute("PRAGMA table_info(documents)")}
        for column in ("keys", "facts_version"):  # facts of no recorded version are extracted again
            if column not in columns:
                with conn:
                    conn.execute(f"ALTER TABLE documents ADD COLUMN {column} TEXT")

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """Commit all changes together and bump the generation that invalidates derived indexes."""
        with self.conn as conn:
            yield conn
            conn.execute(
                "INSERT INTO state(key, value) VALUES('generation', '1') "
                "ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1"
            )

    def generation(self) -> int:
        if not self.exists:
            return 0
        row = self.conn.execute("SELECT value FROM state WHERE key = 'generation'").fetchone()
        return int(row[0]) if row else 0

    def wipe(self) -> None:
        """Delete the whole knowledge base (``--rebuild``)."""
        self.close()
        if self.kb_dir.exists():
            for path in self.kb_dir.iterdir():  # only our own files: the directory may hold others
                if path.is_file() and path.name.startswith((DB_FILE, MANIFEST_FILE, "vectors-")):
                    path.unlink()

    # -- documents --------------------------------------------------------------------------
    def content_hash(self, doc_id: str) -> str | None:
        row = self.conn.execute("SELECT content_hash FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        return row[0] if row else None

    def facts_version(self, doc_id: str) -> str | None:
        """The extractor version that made the stored facts (None: unknown, from an older KB)."""
        return self._document_field(doc_id, "facts_version")

    def documents(self) -> list[DocumentMeta]:
        if not self.exists:
            return []
        rows = self.conn.execute("SELECT meta FROM documents ORDER BY doc_id").fetchall()
        return [_meta_from_json(row[0]) for row in rows]

    def _document_field(self, doc_id: str, column: str) -> Any:
        row = self.conn.execute(f"SELECT {column} FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
        if row is None:
            raise DocumentNotFound(doc_id)
        return row[0]

    def document(self, doc_id: str) -> DocumentMeta:
        return _meta_from_json(self._document_field(doc_id, "meta"))

    def text(self, doc_id: str) -> str:
        return str(self._document_field(doc_id, "text"))

    def sections(self, doc_id: str) -> list[Section]:
        return [
            Section(tuple(path), start, end)
            for path, start, end in json.loads(self._document_field(doc_id, "sections"))
        ]

    def facts(self, doc_id: str) -> dict[str, Any] | None:
        raw = self._document_field(doc_id, "facts")
        return json.loads(raw) if raw else None

    def put_document(
        self,
        meta: DocumentMeta,
        text: str,
        content_hash: str,
        sections: list[Section],
        chunks: list[Chunk],
        facts: dict[str, Any] | None,
        vectors: dict[str, np.ndarray],
        keys: str | None = None,
        facts_version: str | None = None,
    ) -> None:
        """Insert or replace a document with its chunks, facts (made by extractor ``facts_version``) and
        vectors, atomically."""
        for backend, matrix in vectors.items():
            if len(matrix) != len(chunks):
                raise ValueError(f"{backend}: {len(matrix)} vectors for {len(chunks)} chunks")
        with self.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE doc_id = ?", (meta.doc_id,))
            conn.execute(
                "INSERT INTO documents(doc_id, content_hash, meta, text, sections, facts, ingested_at, keys, "
                "facts_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    meta.doc_id,
                    content_hash,
                    json.dumps(meta.to_dict(), ensure_ascii=False),
                    text,
                    json.dumps([[list(s.path), s.start, s.end] for s in sections], ensure_ascii=False),
                    json.dumps(facts, ensure_ascii=False) if facts is not None else None,
                    datetime.now(UTC).isoformat(timespec="seconds"),
                    keys,
                    facts_version,
                ),
            )
            for ordinal, chunk in enumerate(chunks):
                cursor = conn.execute(
                    "INSERT INTO chunks(chunk_id, doc_id, ordinal, data) VALUES (?, ?, ?, ?)",
                    (chunk.chunk_id, meta.doc_id, ordinal, json.dumps(chunk.to_dict(), ensure_ascii=False)),
                )
                conn.executemany(
                    "INSERT INTO vectors(row, backend, vector) VALUES (?, ?, ?)",
                    [
                        (cursor.lastrowid, backend, matrix[ordinal].astype(np.float32).tobytes())
                        for backend, matrix in vectors.items()
                    ],
                )

    def put_facts(self, doc_id: str, facts: dict[str, Any], facts_version: str) -> None:
        """Replace a document's facts alone (a new extractor over the same text). Facts are read per
        question and indexed nowhere, so chunks, vectors and the generation stay."""
        self._document_field(doc_id, "doc_id")
        with self.conn as conn:
            conn.execute(
                "UPDATE documents SET facts = ?, facts_version = ? WHERE doc_id = ?",
                (json.dumps(facts, ensure_ascii=False), facts_version, doc_id),
            )

    def keyed_documents(self) -> list[tuple[DocumentMeta, str | None]]:
        """Every document's metadata with its stored keys JSON (None: not computed yet)."""
        if not self.exists:
            return []
        rows = self.conn.execute("SELECT meta, keys FROM documents ORDER BY doc_id").fetchall()
        return [(_meta_from_json(meta), keys) for meta, keys in rows]

    def put_keys(self, doc_id: str, keys: str) -> None:
        """Store recomputed keys; derived data only, so the generation (and the search index) stays."""
        with self.conn as conn:
            conn.execute("UPDATE documents SET keys = ? WHERE doc_id = ?", (keys, doc_id))

    def remove(self, doc_id: str) -> None:
        if self.content_hash(doc_id) is None:
            raise DocumentNotFound(doc_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM documents WHERE doc_id = ?", (doc_id,))

    # -- chunks and vectors -----------------------------------------------------------------
    def chunks(self, doc_id: str | None = None) -> list[tuple[int, Chunk]]:
        """(row id, chunk) pairs in document and text order."""
        if not self.exists:
            return []
        if doc_id is None:
            rows = self.conn.execute("SELECT row, data FROM chunks ORDER BY doc_id, ordinal").fetchall()
        else:
            self._document_field(doc_id, "doc_id")
            rows = self.conn.execute(
                "SELECT row, data FROM chunks WHERE doc_id = ? ORDER BY ordinal", (doc_id,)
            ).fetchall()
        return [(row, _chunk_from_json(data)) for row, data in rows]

    def missing_vectors(self, backend: str) -> list[tuple[int, Chunk]]:
        rows = self.conn.execute(
            "SELECT c.row, c.data FROM chunks c WHERE NOT EXISTS "
            "(SELECT 1 FROM vectors v WHERE v.row = c.row AND v.backend = ?) ORDER BY c.row",
            (backend,),
        ).fetchall()
        return [(row, _chunk_from_json(data)) for row, data in rows]

    def put_vectors(self, backend: str, rows: list[int], matrix: np.ndarray) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO vectors(row, backend, vector) VALUES (?, ?, ?)",
                [(row, backend, vector.astype(np.float32).tobytes()) for row, vector in zip(rows, matrix)],
            )

    def vectors(self, backend: str, dim: int) -> tuple[np.ndarray, np.ndarray]:
        rows = self.conn.execute(
            "SELECT row, vector FROM vectors WHERE backend = ? ORDER BY row", (backend,)
        ).fetchall()
        ids = np.fromiter((row for row, _ in rows), dtype=np.int64, count=len(rows))
        matrix = np.frombuffer(b"".join(blob for _, blob in rows), dtype=np.float32).reshape(len(rows), dim)
        return ids, matrix

    # -- manifest and FAISS files -----------------------------------------------------------
    def manifest(self) -> dict[str, Any]:
        path = self.kb_dir / MANIFEST_FILE
        if not path.is_file():
            return {"format": FORMAT, "backends": {}}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise KnowledgeError(
                f"{path} 已损坏；请运行 `policybot ingest --rebuild PATH…` 重建知识库"
            ) from exc
        if data.get("format") != FORMAT:
            raise IndexMismatch(
                f"{path} 的格式版本不受支持；请运行 `policybot ingest --rebuild PATH…` 重建知识库"
            )
        return data

    def backends(self) -> list[str]:
        """Dense backends built in this KB, the primary one first."""
        return list(self.manifest()["backends"])

    def _write_manifest(self, data: dict[str, Any]) -> None:
        self.kb_dir.mkdir(parents=True, exist_ok=True)
        path = self.kb_dir / MANIFEST_FILE
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        tmp.replace(path)

    def check_backend(self, name: str, model: str, dim: int) -> None:
        """Refuse vectors of another model or size under a name the manifest already records."""
        recorded = self.manifest()["backends"].get(name)
        if recorded and (recorded["model"], recorded["dim"]) != (model, dim):
            raise IndexMismatch(
                f"知识库 {self.kb_dir} 中 {name} 的向量由 {recorded['model']}（{recorded['dim']} 维）生成，"
                f"当前模型为 {model}（{dim} 维），不能混用。"
                f"请运行 `policybot ingest --rebuild --embeddings {name} PATH…` 重建索引"
            )

    def register_backend(self, name: str, model: str, dim: int) -> None:
        self.check_backend(name, model, dim)
        data = self.manifest()
        data["backends"].setdefault(
            name, {"model": model, "dim": dim, "index": index_file_name(name), "generation": -1}
        )
        self._write_manifest(data)

    def dense_index(self, name: str) -> Any:
        """The FAISS index of ``name``, read from its file or rebuilt from SQLite when stale."""
        import faiss

        data = self.manifest()
        entry = data["backends"].get(name)
        if entry is None:
            raise IndexMismatch(
                f"知识库中没有 {name} 向量索引；请运行 `policybot ingest --embeddings {name} PATH…` 构建"
            )
        path = self.kb_dir / entry["index"]
        generation = self.generation()
        if entry.get("generation") == generation and path.is_file():
            return faiss.read_index(str(path))
        ids, matrix = self.vectors(name, entry["dim"])
        index = faiss.IndexIDMap(faiss.IndexFlatIP(entry["dim"]))
        if len(ids):
            index.add_with_ids(matrix, ids)
        try:  # write-then-rename: a reader in another process never sees half a file
            partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            faiss.write_index(index, str(partial))
            partial.replace(path)
            entry["generation"] = generation
            self._write_manifest(data)
        except OSError as exc:  # a read-only KB still answers; the index is rebuilt in memory next time
            logger.warning("could not save %s: %s", path, exc)
        return index
