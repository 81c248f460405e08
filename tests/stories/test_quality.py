"""Pairwise and BCubed measures on small clusterings worked out by hand."""

from __future__ import annotations

import pytest

from mynews.stories.quality import bcubed, pairwise

GOLD = [[1, 2, 3], [4, 5], [6]]


def test_perfect_clustering_scores_one() -> None:
    assert pairwise(GOLD, GOLD).f1 == 1.0
    assert bcubed(GOLD, GOLD).f1 == 1.0


def test_worked_example() -> None:
    predicted = [[1, 2], [3, 4, 5, 6]]
    pair = pairwise(predicted, GOLD)
    assert (pair.precision, pair.recall) == (pytest.approx(2 / 7), 0.5)
    b3 = bcubed(predicted, GOLD)
    assert b3.precision == pytest.approx(3.5 / 6)
    # recall: 1: 2/3, 2: 2/3, 3: 1/3, 4: 1, 5: 1, 6: 1
    assert b3.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 3) / 6)


def test_all_singletons_and_missing_items() -> None:
    singles = [[i] for i in range(1, 7)]
    assert pairwise(singles, GOLD).precision == 1.0
    assert pairwise(singles, GOLD).recall == 0.0
    assert bcubed(singles, GOLD).precision == 1.0
    # an item absent from the prediction counts as a singleton there
    assert bcubed([[1, 2, 3], [4, 5]], GOLD).f1 == 1.0
