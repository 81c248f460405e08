"""Offline evaluation of For you against recency and follow-only baselines (nDCG@10, @30).

Simulated Global Voices readers (see gv_corpus): history = their articles of 1-10 May (opened),
candidates = every article of 11-22 May, relevance = 2 for a followed category, 1 for a
category they only read about. Run ``python -m tests.rank.offline_eval`` to print the figures.

The candidates span 12 days and relevance ignores age, so this evaluation runs without the news
horizon (``freshness.horizon_hours`` = 30 days): it measures what For you learns, while the reader
simulator (bench/reader_sim.py) measures the whole feed on news replayed day by day. Readers here
only open (no reading time), so "Because you read about" never applies and broad topic follows
count as the weak signal they are, and only cards with a reason about the reader head the page;
the floors were lowered for that deliberately (issue 8: the simulator on unseen news, tuned on
January 2025, is the measure of record).
"""

from __future__ import annotations

from dataclasses import replace
from statistics import mean

from mynews.rank.for_you import rank_for_you
from mynews.rank.profile import build_profile
from mynews.rank.quality import ndcg_at_k
from mynews.rank.weights import Weights, load_weights
from tests.rank import gv_corpus as gv

READERS = 60


def _for_you(reader: gv.SimulatedReader, weights: Weights, *, follows: bool = True) -> list[int]:
    articles = gv.load_articles()
    profile = build_profile(
        follows={("topic", gv.slug(c)): c for c in reader.followed} if follows else {},
        mutes={},
        signals=reader.signals(),
        vectors_by_article=gv.vectors(),
        article_keys_by_id={a.id: gv.keys_of(a) for a in articles},
        now=gv.NOW,
        weights=weights,
    )
    cards = rank_for_you(
        profile, [gv.candidate(a) for a in gv.held_out()], now=gv.NOW, weights=weights, limit=30
    )
    return [c.article_id for c in cards]


def _recency() -> list[int]:
    return [a.id for a in sorted(gv.held_out(), key=lambda a: (a.published, a.id), reverse=True)]


def _follow_only(reader: gv.SimulatedReader) -> list[int]:
    followed = set(reader.followed)
    newest = sorted(gv.held_out(), key=lambda a: (a.published, a.id), reverse=True)
    return [a.id for a in newest if followed & set(a.categories)] + [
        a.id for a in newest if not followed & set(a.categories)
    ]


def evaluate(weights: Weights | None = None, readers: int = READERS) -> dict[str, float]:
    """Mean nDCG@10 and @30 of each ranker over the simulated readers.

    ``history_only_*``: the same readers without any follow, every interest graded 1, so only
    what For you learned from the opened history can find them (vs ``history_recency``)."""
    if weights is None:
        base = load_weights()
        weights = replace(base, freshness=replace(base.freshness, horizon_hours=24 * 30))
    scores: dict[str, list[float]] = {}
    for reader in gv.simulated_readers(readers):
        relevance = reader.relevance()
        rankings = {
            "for_you": _for_you(reader, weights),
            "recency": _recency(),
            "follow_only": _follow_only(reader),
        }
        for name, ranked in rankings.items():
            for k in (10, 30):
                scores.setdefault(f"{name}_ndcg@{k}", []).append(ndcg_at_k(ranked, relevance, k))
        flat = dict.fromkeys(relevance, 1.0)
        learned = {"history_only": _for_you(reader, weights, follows=False), "history_recency": _recency()}
        for name, ranked in learned.items():
            for k in (10, 30):
                scores.setdefault(f"{name}_ndcg@{k}", []).append(ndcg_at_k(ranked, flat, k))
    return {name: round(mean(values), 4) for name, values in scores.items()}


if __name__ == "__main__":
    for name, value in sorted(evaluate().items()):
        print(f"{name:22s} {value:.4f}")
