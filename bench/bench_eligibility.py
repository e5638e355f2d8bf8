"""Eligibility on real notices: conditions found / machine-checkable, and verdict accuracy on a gold set.

    .venv/bin/python -m bench.bench_eligibility [--shared ../shared] [--show]

Documents come from ``../shared/corpus*`` (read here, never copied), loaded as ingestion loads them;
the gold verdicts are tests/knowledge/facts/eligibility_gold.yaml (profiles and verdicts judged by
reading the notices). Both measures are reported for the tuning and the test half of the documents
(:func:`knowledge.evaluate.half_of`); rules are fitted on the tuning half only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from functools import cache
from pathlib import Path

import yaml

from knowledge import parse_profile
from knowledge.evaluate import half_of
from knowledge.facts import DocFacts, evaluate_profile, extract_facts
from knowledge.loaders import load, read_sources
from knowledge.sectioning import split_sections

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "knowledge" / "facts" / "eligibility_gold.yaml"
VERDICTS = {"eligible": "yes", "not_eligible": "no", "needs_confirmation": "conditional"}


def document_paths(shared: Path) -> dict[str, tuple[Path, dict[str, dict[str, str]]]]:
    """doc id → (file, its folder's sources.tsv rows) for every notice in ``shared``/corpus*."""
    found = {}
    for folder in sorted(shared.glob("corpus*")):
        if not (folder / "sources.tsv").is_file():
            continue
        sources = read_sources(folder)
        for name in sources:
            found[Path(name).stem] = (folder / name, sources)
    return found


@cache
def _facts(path: Path) -> DocFacts:
    loaded = load(path, read_sources(path.parent))
    return extract_facts(loaded.meta, loaded.text, split_sections(loaded.text, loaded.meta.title))


def facts_of(doc_id: str, shared: Path) -> DocFacts:
    """Facts of one notice, extracted once per process."""
    path, _ = document_paths(shared)[doc_id]
    return _facts(path)


def condition_stats(shared: Path) -> dict[str, Counter]:
    """Per half: documents, documents with conditions, conditions, checkable ones, declarations."""
    stats = {"tuning": Counter(), "test": Counter()}
    for doc_id in document_paths(shared):
        conditions = facts_of(doc_id, shared).conditions
        half = stats[half_of(doc_id)]
        half["documents"] += 1
        half["with conditions"] += bool(conditions)
        half["conditions"] += len(conditions)
        half["checkable"] += sum(bool(c.predicate and c.predicate.field != "declaration") for c in conditions)
        half["declarations"] += sum(
            bool(c.predicate and c.predicate.field == "declaration") for c in conditions
        )
    return stats


def verdicts(shared: Path, gold: Path = GOLD) -> list[dict[str, str]]:
    """Each gold case with the verdict the check gives (``got``) and its half."""
    data = yaml.safe_load(gold.read_text(encoding="utf-8"))
    today = date.fromisoformat(data["today"])
    results = []
    for case in data["cases"]:
        facts = facts_of(case["doc"], shared)
        result = evaluate_profile(facts.conditions, parse_profile(case["profile"]), today=today)
        results.append({**case, "got": VERDICTS[result.verdict.value], "half": half_of(case["doc"])})
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--show", action="store_true", help="list the gold cases judged wrong")
    args = parser.parse_args(argv)
    if not args.shared.is_dir():
        print(f"{args.shared} is absent: the real notices are needed", file=sys.stderr)
        return 1
    stats = condition_stats(args.shared)
    cases = verdicts(args.shared)
    print(f"{'measure':34} {'tuning':>10} {'test':>10}")
    for key in ("documents", "with conditions", "conditions", "checkable", "declarations"):
        print(f"{key:34} {stats['tuning'][key]:>10} {stats['test'][key]:>10}")
    cells = []
    for half in ("tuning", "test"):
        mine = [c for c in cases if c["half"] == half]
        right = sum(c["got"] == c["verdict"] for c in mine)
        cells.append(f"{right}/{len(mine)}")
    print(f"{'gold verdicts right (yes/no/cond.)':34} {cells[0]:>10} {cells[1]:>10}")
    if args.show:
        for c in cases:
            if c["got"] != c["verdict"]:
                print(f"  [{c['half']}] {c['doc']}: {c['profile']} → {c['got']} (gold {c['verdict']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
