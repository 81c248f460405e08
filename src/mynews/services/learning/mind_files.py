"""Use cases: write mynews' own served log as MIND files, and evaluate rankings on MIND files
(ours, or an operator's copy of the MIND data set).

``export``: one impression per page For you served (reader, time), its cards in served order with
label 1 when really read within 48 h; history = what the reader really read before. Beside
behaviors.tsv: news.tsv (id, category, subcategory, title, abstract, url, -, -) and
features.jsonl (per impression, each card's logged features and propensity).

``evaluate_files`` scorers: ``served`` (the order mynews showed), ``content`` (cosine of each
candidate's title to the mean of the history's titles, MiniLM), ``model:<file>`` (a model's score
weights over the logged features; our own export only). ``ips`` weighs clicks by 1/propensity.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from mynews.rank.mind import Impression, evaluate, parse_behaviors
from mynews.rank.model import apply_model
from mynews.rank.scoring import COMPONENTS
from mynews.rank.weights import load_weights
from mynews.services.context import Context
from mynews.services.learning.train import _label
from mynews.store import feed_candidates, feed_log


def export(ctx: Context, folder: Path, *, days: float = 28.0, window_hours: float = 48.0) -> int:
    """Write behaviors.tsv, news.tsv and features.jsonl for the pages served in the last ``days``."""
    now, weights = ctx.clock.now(), load_weights()
    start = now - timedelta(days=days)
    with ctx.db.reading() as session:
        served = feed_log.served_between(session, start, now)
        outcomes = feed_log.outcomes(session, {(c.reader_id, c.article_id) for c in served}, start)
        reads = feed_log.reads_since(
            session,
            [c.reader_id for c in served],
            start - timedelta(days=30),
            weights.signals.read_min_seconds,
        )
        facts = {
            f.id: f
            for f in feed_candidates.details(
                session, sorted({c.article_id for c in served}), growth_since=now
            )
        }
    pages: dict[tuple[int, Any], list[Any]] = defaultdict(list)
    for card in served:
        pages[(card.reader_id, card.served_at)].append(card)
    folder.mkdir(parents=True, exist_ok=True)
    window = timedelta(hours=window_hours)
    with (
        open(folder / "behaviors.tsv", "w", encoding="utf-8") as behaviors,
        open(folder / "features.jsonl", "w", encoding="utf-8") as features,
    ):
        for number, ((reader, at), cards) in enumerate(
            sorted(pages.items(), key=lambda p: (p[0][1], p[0][0])), 1
        ):
            cards.sort(key=lambda c: c.position)
            history = tuple(dict.fromkeys(f"N{a}" for r, a, t in reads if r == reader and t < at))
            items = tuple(
                (
                    f"N{c.article_id}",
                    _label(
                        outcomes.get((reader, c.article_id), []),
                        at,
                        at + window,
                        weights.signals.read_min_seconds,
                    ),
                )
                for c in cards
            )
            impression = Impression(str(number), f"U{reader}", at.isoformat(), history, items)
            behaviors.write(impression.line() + "\n")
            features.write(
                json.dumps(
                    {
                        "impression_id": str(number),
                        "features": {f"N{c.article_id}": c.features for c in cards},
                        "propensity": {f"N{c.article_id}": c.propensity for c in cards},
                    }
                )
                + "\n"
            )
    with open(folder / "news.tsv", "w", encoding="utf-8") as news:
        for article_id, fact in sorted(facts.items()):
            topic = fact.topics[0][1] if fact.topics else ""
            title = fact.title.replace("\t", " ").replace("\n", " ")
            news.write(f"N{article_id}\t{topic}\t\t{title}\t\t\t[]\t[]\n")
    return len(pages)


def _titles(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 4:
            out[parts[0]] = parts[3]
    return out


def _content(ctx: Context, news: Path) -> Callable[[Impression], Sequence[float]]:
    import numpy as np

    from mynews.enrich.embeddings import get_embedder

    titles = _titles(news)
    ids = sorted(titles)
    matrix = get_embedder(ctx.settings.embedding_model).embed([titles[i] for i in ids])
    index = {n: matrix[i] for i, n in enumerate(ids)}

    def score(impression: Impression) -> list[float]:
        known = [index[h] for h in impression.history if h in index]
        if not known:
            return [0.0] * len(impression.items)
        centre = np.mean(known, axis=0)
        return [float(index[n] @ centre) if n in index else 0.0 for n, _ in impression.items]

    return score


def _model(path: Path | None, features: dict[str, dict[str, Any]]) -> Callable[[Impression], Sequence[float]]:
    weights = load_weights()
    if path is not None:
        weights = apply_model(weights, json.loads(path.read_text(encoding="utf-8")))
    w = {n: getattr(weights.score, n) for n in COMPONENTS}

    def score(impression: Impression) -> list[float]:
        logged = features.get(impression.impression_id, {}).get("features", {})
        return [
            sum(w[k] * float(v) for k, v in logged.get(n, {}).items() if k in w) for n, _ in impression.items
        ]

    return score


def evaluate_files(ctx: Context, folder: Path, scorer: str, *, ips: bool = False) -> dict[str, float]:
    """Evaluate one scorer (served, content, hand, model:<file>) on MIND files in ``folder``."""
    behaviors = folder / "behaviors.tsv"
    features: dict[str, dict[str, Any]] = {}
    if (folder / "features.jsonl").exists():
        for line in (folder / "features.jsonl").read_text(encoding="utf-8").splitlines():
            row = json.loads(line)
            features[row["impression_id"]] = row
    impressions = [
        replace(i, propensity=features.get(i.impression_id, {}).get("propensity", {}))
        for i in parse_behaviors(behaviors.read_text(encoding="utf-8").splitlines())
    ]
    if scorer == "served":
        rank: Callable[[Impression], Sequence[float]] = lambda i: [-float(n) for n in range(len(i.items))]  # noqa: E731
    elif scorer == "content":
        rank = _content(ctx, folder / "news.tsv")
    elif scorer == "hand" or scorer.startswith("model:"):
        if not features:
            raise ValueError("the hand and model scorers need features.jsonl (mynews' own export)")
        rank = _model(Path(scorer[6:]) if scorer.startswith("model:") else None, features)
    else:
        raise ValueError(f"unknown scorer {scorer!r}: served, content, hand or model:<file>")
    return evaluate(impressions, rank, ips=ips)
