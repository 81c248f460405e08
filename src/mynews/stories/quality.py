"""Clustering quality against hand labels: pairwise precision/recall and BCubed F1.

Both take the predicted and the gold clustering as lists of clusters (lists of ids) over the
same items; an id missing from one side counts as a singleton there.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from itertools import combinations

Clusters = Sequence[Sequence[Hashable]]


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _membership(clusters: Clusters) -> dict[Hashable, int]:
    return {item: n for n, cluster in enumerate(clusters) for item in cluster}


def _pairs(clusters: Clusters) -> set[frozenset[Hashable]]:
    return {frozenset(pair) for cluster in clusters for pair in combinations(cluster, 2)}


def pairwise(predicted: Clusters, gold: Clusters) -> Scores:
    """Precision and recall over the pairs of items put in the same cluster.

    With no predicted pair, precision is 1; with no gold pair, recall is 1.
    """
    pred, true = _pairs(predicted), _pairs(gold)
    common = len(pred & true)
    return Scores(common / len(pred) if pred else 1.0, common / len(true) if true else 1.0)


def bcubed(predicted: Clusters, gold: Clusters) -> Scores:
    """BCubed precision and recall, averaged over every item of either side."""
    pred_of, gold_of = _membership(predicted), _membership(gold)
    items = set(pred_of) | set(gold_of)
    if not items:
        return Scores(1.0, 1.0)
    pred_sets = _cluster_sets(items, pred_of)
    gold_sets = _cluster_sets(items, gold_of)
    precision = recall = 0.0
    for item in items:
        same_pred, same_gold = pred_sets[item], gold_sets[item]
        both = len(same_pred & same_gold)
        precision += both / len(same_pred)
        recall += both / len(same_gold)
    return Scores(precision / len(items), recall / len(items))


def _cluster_sets(items: set[Hashable], member: dict[Hashable, int]) -> dict[Hashable, frozenset[Hashable]]:
    groups: dict[object, set[Hashable]] = {}
    for item in items:
        key = member.get(item, ("alone", item))
        groups.setdefault(key, set()).add(item)
    frozen = {key: frozenset(group) for key, group in groups.items()}
    return {item: frozen[member.get(item, ("alone", item))] for item in items}
