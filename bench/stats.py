"""Timing helpers shared by the benchmark scripts."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """The nearest-rank ``q`` quantile (0 ≤ q ≤ 1) of ``values``."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def p50_p95(values: Sequence[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 0.95)


def timed(calls: Sequence[Callable[[], object]]) -> list[float]:
    """Run each call once, in order; milliseconds per call."""
    timings = []
    for call in calls:
        started = time.perf_counter()
        call()
        timings.append(1000 * (time.perf_counter() - started))
    return timings
