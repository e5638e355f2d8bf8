"""BM25 index: the idf it weighs terms by is readable, so other stages weigh the same way."""

import pytest

from knowledge.lexical import BM25Index

pytestmark = pytest.mark.unit


def test_rarity_weighs_a_rare_term_above_a_common_one_and_skips_unknown_ones():
    index = BM25Index(["示例区补贴通知", "示例区奖励通知", "示例区创新券"])
    rarity = index.rarity("示例区创新券补？")
    assert rarity["券"] > rarity["区"] >= 0.0  # a term in every text weighs little, never below nothing
    assert "？" not in rarity and "券补" not in rarity  # punctuation and a term no text holds
    assert list(rarity) == list(dict.fromkeys(rarity))  # each term once
    assert BM25Index([]).rarity("示例") == {}
