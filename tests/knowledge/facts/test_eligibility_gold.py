"""Verdicts on real notices against a gold set judged by reading them, per half of the documents.

The notices stay in ../shared (read at test time); the gold file holds only profiles and verdicts.
Rules are fitted on the tuning half; the test half's floor is what the unseen notices should expect.
"""

from __future__ import annotations

import pytest

from bench.bench_eligibility import verdicts
from tests.conftest import ROOT

pytestmark = pytest.mark.unit
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="module")
def cases():
    if not (SHARED / "corpus" / "sources.tsv").is_file():
        pytest.skip(f"{SHARED} is absent: the real notices are read from ../shared at test time")
    return verdicts(SHARED)


@pytest.mark.parametrize("half", ["tuning", "test"])
def test_gold_verdicts(cases, half):
    mine = [c for c in cases if c["half"] == half]
    wrong = [
        f"{c['doc']}: {c['profile']} → {c['got']} (gold {c['verdict']})"
        for c in mine
        if c["got"] != c["verdict"]
    ]
    assert len(mine) >= 10
    assert len(wrong) / len(mine) <= 0.2, wrong


def test_no_company_outside_the_region_is_told_it_qualifies(cases):
    assert not [c for c in cases if c["verdict"] == "no" and c["got"] == "yes"]
