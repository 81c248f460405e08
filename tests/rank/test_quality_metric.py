import math

import pytest

from mynews.rank.quality import dcg_at_k, ndcg_at_k


def test_perfect_ranking_scores_one_and_reversed_less():
    relevance = {1: 2.0, 2: 1.0, 3: 0.0}
    assert ndcg_at_k([1, 2, 3], relevance, 3) == pytest.approx(1.0)
    assert ndcg_at_k([3, 2, 1], relevance, 3) < 0.7


def test_hand_computed_value():
    # gains (2^g - 1): rank1 -> 0, rank2 -> 3 (grade 2); ideal puts it first
    expected = (3 / math.log2(3)) / 3
    assert ndcg_at_k([9, 5], {5: 2.0}, 2) == pytest.approx(expected)
    assert dcg_at_k([1.0], 1) == pytest.approx(1.0)


def test_cutoff_and_nothing_relevant():
    assert ndcg_at_k([9, 8, 5], {5: 1.0}, 2) == 0.0
    assert ndcg_at_k([1, 2], {}, 10) == 0.0
