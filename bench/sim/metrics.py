"""Offline metrics of one simulated period, computed the same way for For you and every baseline.

Per reader and day the judged pool is the items published in the last 3 days that the reader has
not opened yet; an item is relevant when it matches the reader's hidden interests. A ranking's
top 10 (any article: older ones count as not relevant) is scored by nDCG@10 (binary gains) and
precision@10. Coverage: the share of the period's items that reached some reader's top 10.
Reader-days whose pool has nothing relevant are left out of nDCG and precision.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

K = 10
OLD_HOURS = 72.0


def ndcg(ranked: Sequence[int], relevant: set[int], k: int = K) -> float:
    ideal = sum(1.0 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    if ideal == 0:
        return 0.0
    gained = sum(1.0 / math.log2(i + 2) for i, a in enumerate(ranked[:k]) if a in relevant)
    return gained / ideal


def precision(ranked: Sequence[int], relevant: set[int], k: int = K) -> float:
    return sum(1 for a in ranked[:k] if a in relevant) / k


@dataclass
class Ranking:
    """Sums over reader-days for one ranking."""

    ndcg: list[float] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    shown: set[int] = field(default_factory=set)
    cards: int = 0
    old: int = 0
    old_unexcused: int = 0

    def add(
        self, ranked: Sequence[int], relevant: set[int], ages: Sequence[float], excused: Sequence[bool]
    ) -> None:
        top = list(ranked[:K])
        self.shown.update(top)
        self.cards += len(top)
        for age, ok in zip(ages[:K], excused[:K], strict=False):
            if age > OLD_HOURS:
                self.old += 1
                self.old_unexcused += 0 if ok else 1
        if relevant:
            self.ndcg.append(ndcg(top, relevant))
            self.precision.append(precision(top, relevant))


@dataclass
class Period:
    """Everything measured in one simulated period."""

    name: str
    items: set[int] = field(default_factory=set)
    rankings: dict[str, Ranking] = field(default_factory=lambda: defaultdict(Ranking))
    # (ranking, group, day index) -> nDCG values: the learning curves
    curves: dict[tuple[str, str, int], list[float]] = field(default_factory=lambda: defaultdict(list))
    reasons: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    latency_ms: dict[int, list[float]] = field(default_factory=lambda: defaultdict(list))
    days: int = 0

    def add(
        self,
        name: str,
        group: str,
        day: int,
        ranked: Sequence[int],
        relevant: set[int],
        ages: Sequence[float],
        excused: Sequence[bool] | None = None,
    ) -> None:
        self.rankings[name].add(ranked, relevant, ages, excused or [False] * len(ages))
        if relevant:
            self.curves[(name, group, day)].append(ndcg(ranked, relevant))

    def reason(self, kind: str, relevant: bool) -> None:
        counts = self.reasons[kind]
        counts[0] += 1
        counts[1] += int(relevant)

    def summary(self) -> dict[str, dict[str, float]]:
        out = {}
        for name, r in self.rankings.items():
            out[name] = {
                "ndcg@10": float(np.mean(r.ndcg)) if r.ndcg else 0.0,
                "precision@10": float(np.mean(r.precision)) if r.precision else 0.0,
                "coverage": len(r.shown & self.items) / max(1, len(self.items)),
                "older_than_3d": r.old / max(1, r.cards),
                "older_than_3d_unexcused": r.old_unexcused / max(1, r.cards),
                "reader_days": len(r.ndcg),
            }
        return out

    def curve(self, name: str, group: str, weeks: int) -> list[float]:
        """Mean nDCG@10 per week of the period for one ranking and reader group."""
        out = []
        for week in range(weeks):
            values = [v for d in range(week * 7, week * 7 + 7) for v in self.curves.get((name, group, d), [])]
            out.append(float(np.mean(values)) if values else float("nan"))
        return out

    def latency(self) -> dict[str, float]:
        values = [v for vs in self.latency_ms.values() for v in vs]
        if not values:
            return {}
        first = [v for d in sorted(self.latency_ms)[:3] for v in self.latency_ms[d]]
        last = [v for d in sorted(self.latency_ms)[-3:] for v in self.latency_ms[d]]
        return {
            "p50": float(np.percentile(values, 50)),
            "p99": float(np.percentile(values, 99)),
            "first_days_p50": float(np.percentile(first, 50)),
            "last_days_p50": float(np.percentile(last, 50)),
            "calls": float(len(values)),
        }

    def to_json(self) -> dict[str, object]:
        weeks = max(1, math.ceil(self.days / 7))
        groups = sorted({g for _, g, _ in self.curves})
        names = sorted({n for n, _, _ in self.curves})
        return {
            "period": self.name,
            "days": self.days,
            "items": len(self.items),
            "rankings": self.summary(),
            "reasons": {
                k: {"cards": v[0], "precision": v[1] / max(1, v[0])} for k, v in self.reasons.items()
            },
            "curves": {f"{n}/{g}": self.curve(n, g, weeks) for n in names for g in groups},
            "latency_ms": self.latency(),
        }
