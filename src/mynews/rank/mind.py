"""MIND-format evaluation: impressions in ``behaviors.tsv`` → AUC, MRR, nDCG@5, nDCG@10.

A line of behaviors.tsv (the MIND data set's format): ``impression_id \\t user_id \\t time \\t
history \\t impressions``, where history is space-separated news ids the user read before and
impressions are ``<news_id>-<label>`` (1 clicked, 0 not), e.g. ``N4-1 N7-0``. The metrics are
MIND's: per impression, AUC (impressions with both labels only), MRR (mean reciprocal rank of the
clicked items), nDCG@k (binary gains); the figures are means over impressions.

``evaluate(impressions, scorer)`` scores each impression's candidates with ``scorer(impression)``
(higher first). mynews writes its own served log in this format (``mynews rank mind-export``),
and the same evaluator reads an operator's MIND files. ``ips`` weighs each clicked item by the
inverse of the propensity it was shown with (logged exploration), for unbiased comparisons of a
new model on logged data.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Impression:
    impression_id: str
    user_id: str
    time: str
    history: tuple[str, ...]
    items: tuple[tuple[str, int], ...]  # (news id, label)
    propensity: Mapping[str, float] = field(default_factory=dict)  # news id -> logged propensity

    def line(self) -> str:
        shown = " ".join(f"{n}-{label}" for n, label in self.items)
        return "\t".join((self.impression_id, self.user_id, self.time, " ".join(self.history), shown))


def parse_behaviors(lines: Iterable[str]) -> Iterator[Impression]:
    """Read behaviors.tsv lines; raises ValueError naming the line that is not MIND's format."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 5:
            raise ValueError(f"behaviors line {number}: expected 5 tab-separated fields, got {len(parts)}")
        items = []
        for token in parts[4].split():
            news, _, label = token.rpartition("-")
            if not news or label not in ("0", "1"):
                raise ValueError(f"behaviors line {number}: bad impression {token!r}")
            items.append((news, int(label)))
        yield Impression(parts[0], parts[1], parts[2], tuple(parts[3].split()), tuple(items))


def auc(labels: Sequence[int], scores: Sequence[float]) -> float | None:
    positives = [s for s, y in zip(scores, labels, strict=True) if y]
    negatives = [s for s, y in zip(scores, labels, strict=True) if not y]
    if not positives or not negatives:
        return None
    wins = sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in positives for n in negatives)
    return wins / (len(positives) * len(negatives))


def _order(scores: Sequence[float]) -> list[int]:
    return sorted(range(len(scores)), key=lambda i: (-scores[i], i))


def mrr(labels: Sequence[int], scores: Sequence[float], gains: Sequence[float] | None = None) -> float:
    gains = gains or [float(y) for y in labels]
    total = sum(gains)
    if total == 0:
        return 0.0
    return sum(gains[i] / (rank + 1) for rank, i in enumerate(_order(scores))) / total


def ndcg(
    labels: Sequence[int], scores: Sequence[float], k: int, gains: Sequence[float] | None = None
) -> float:
    gains = gains or [float(y) for y in labels]
    dcg = sum(gains[i] / math.log2(rank + 2) for rank, i in enumerate(_order(scores)[:k]))
    ideal = sum(g / math.log2(rank + 2) for rank, g in enumerate(sorted(gains, reverse=True)[:k]))
    return dcg / ideal if ideal else 0.0


def evaluate(
    impressions: Iterable[Impression], scorer: Callable[[Impression], Sequence[float]], *, ips: bool = False
) -> dict[str, float]:
    """Mean AUC, MRR, nDCG@5 and nDCG@10 over impressions with at least one click. With ``ips``,
    each click counts 1/propensity (MRR and nDCG), so exploration's rarer cards weigh more."""
    sums: dict[str, list[float]] = {"auc": [], "mrr": [], "ndcg@5": [], "ndcg@10": []}
    for impression in impressions:
        labels = [label for _, label in impression.items]
        if not any(labels):
            continue
        scores = list(scorer(impression))
        gains = None
        if ips:
            gains = [y / max(0.05, impression.propensity.get(n, 1.0)) for n, y in impression.items]
        area = auc(labels, scores)
        if area is not None:
            sums["auc"].append(area)
        sums["mrr"].append(mrr(labels, scores, gains))
        sums["ndcg@5"].append(ndcg(labels, scores, 5, gains))
        sums["ndcg@10"].append(ndcg(labels, scores, 10, gains))
    out = {name: (sum(v) / len(v) if v else 0.0) for name, v in sums.items()}
    out["impressions"] = float(len(sums["mrr"]))
    return out
