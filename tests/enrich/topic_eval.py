"""Topic assignment measured against Global Voices categories mapped to IPTC (held-out split)."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from mynews.enrich.topics import IptcOptions, assign_iptc

from .gv_corpus import load_gv


def gold_topics(categories: tuple[str, ...]) -> set[str]:
    raw = resources.files("mynews.enrich").joinpath("data/gv_category_topics.json").read_text("utf-8")
    mapping = json.loads(raw)["map"]
    return {key for c in categories for key in mapping.get(c, ())}


@lru_cache(maxsize=1)
def held_out() -> tuple[list, list[set[str]]]:
    """MiniLM lead vectors and gold topic sets of the held-out posts that have a mapped category."""
    from mynews.enrich.embeddings import get_embedder

    posts = [(p, gold_topics(p.categories)) for p in load_gv() if p.split == "test"]
    posts = [(p, g) for p, g in posts if g]
    vectors = get_embedder().embed([p.text.lead for p, _ in posts])
    return vectors, [g for _, g in posts]


def topic_scores(method: str) -> dict[str, float]:
    """Top-1 accuracy (the best topic is one of the gold ones) and micro P/R/F1 of topic sets."""
    vectors, gold = held_out()
    assigned = assign_iptc(vectors, IptcOptions(method=method))
    predicted = [{t.key for t in a} for a in assigned]
    tp = sum(len(p & g) for p, g in zip(predicted, gold, strict=True))
    fp = sum(len(p - g) for p, g in zip(predicted, gold, strict=True))
    fn = sum(len(g - p) for p, g in zip(predicted, gold, strict=True))
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {
        "top1": sum(a[0].key in g for a, g in zip(assigned, gold, strict=True)) / len(gold),
        "precision": precision,
        "recall": recall,
        "f1": 2 * precision * recall / max(1e-9, precision + recall),
        "n": float(len(gold)),
        "min_topics": float(min(len(a) for a in assigned)),
    }


WIKINEWS = Path(__file__).resolve().parent.parent / "data" / "enrich" / "wikinews-topics-handlabelled.json"


def wikinews_top1(method: str) -> float:
    """Share of hand-labelled Wikinews articles whose best topic is a right first answer."""
    from mynews.enrich.embeddings import get_embedder

    items = json.loads(WIKINEWS.read_text("utf-8"))["items"]
    vectors = get_embedder().embed([f"{item['title']}\n{item['lead']}" for item in items])
    assigned = assign_iptc(vectors, IptcOptions(method=method))
    return sum(a[0].key in item["topics"] for a, item in zip(assigned, items, strict=True)) / len(items)
