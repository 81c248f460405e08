"""The MIND-format evaluator: hand-computed metrics, the file format, inverse propensity."""

from __future__ import annotations

import pytest

from mynews.rank.mind import Impression, auc, evaluate, mrr, ndcg, parse_behaviors

LINES = [
    "1\tU1\t11/11/2019 9:05:58 AM\tN1 N2\tN3-1 N4-0 N5-0",
    "2\tU2\t11/11/2019 9:06:00 AM\t\tN6-0 N7-1 N8-1 N9-0",
    "3\tU1\t11/12/2019 8:00:00 AM\tN1\tN10-0 N11-0",  # no click: left out
]


def test_metrics_by_hand() -> None:
    assert auc([1, 0, 0], [0.9, 0.5, 0.1]) == 1.0
    assert auc([1, 0, 0], [0.1, 0.5, 0.9]) == 0.0
    assert auc([1, 1], [0.3, 0.2]) is None
    assert mrr([0, 1, 1, 0], [0.4, 0.3, 0.2, 0.1]) == pytest.approx((1 / 2 + 1 / 3) / 2)
    ideal = 1 + 1 / 1.584962500721156
    assert ndcg([0, 1, 1, 0], [0.4, 0.3, 0.2, 0.1], 10) == pytest.approx(
        (1 / 1.584962500721156 + 0.5) / ideal
    )
    assert ndcg([0, 1], [0.9, 0.1], 1) == 0.0


def test_behaviors_round_trip_and_bad_lines() -> None:
    impressions = list(parse_behaviors(LINES))
    assert [i.line() for i in impressions] == LINES
    assert impressions[0].history == ("N1", "N2") and impressions[1].history == ()
    with pytest.raises(ValueError, match="line 1"):
        list(parse_behaviors(["1\tU1\tN3-1"]))
    with pytest.raises(ValueError, match="bad impression"):
        list(parse_behaviors(["1\tU1\tt\t\tN3-2"]))


def test_evaluate_and_inverse_propensity() -> None:
    impressions = list(parse_behaviors(LINES))
    perfect = evaluate(impressions, lambda i: [float(label) for _, label in i.items])
    # MIND's MRR: two clicks at ranks 1 and 2 give (1 + 1/2) / 2 even when ranked perfectly
    assert perfect == {"auc": 1.0, "mrr": 0.875, "ndcg@5": 1.0, "ndcg@10": 1.0, "impressions": 2.0}
    logged_order = evaluate(impressions, lambda i: [-float(n) for n in range(len(i.items))])
    assert logged_order["auc"] < 1.0 and logged_order["impressions"] == 2.0
    explored = Impression("9", "U3", "t", (), (("A", 0), ("B", 1), ("C", 1)), {"C": 0.1})
    favour_b = evaluate([explored], lambda i: [0.0, 2.0, 1.0], ips=True)
    favour_c = evaluate([explored], lambda i: [0.0, 1.0, 2.0], ips=True)
    assert favour_c["ndcg@10"] > favour_b["ndcg@10"]  # the rarely shown click counts more
