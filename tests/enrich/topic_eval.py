"""Topic assignment measured against people's labels on data the shipped classifier never saw:
the Global Voices held-out split (categories mapped to IPTC), hand-labelled Wikinews articles and
the January 2025 Wikipedia Current events items (the classifier trains on Feb–Apr)."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

from mynews.core.enrichment import ArticleText
from mynews.enrich.topics import IptcOptions, assign_iptc, iptc_scores, iptc_topics

from .gv_corpus import load_gv

DATA = Path(__file__).resolve().parent.parent / "data"
WIKINEWS = DATA / "enrich" / "wikinews-topics-handlabelled.json"
WIKINEWS_2020 = DATA / "enrich" / "wikinews-topics-2020-calibration.json"
JANUARY = DATA / "stories" / "wikipedia-current-events-2025h1" / "items.jsonl"


def label_map(name: str) -> dict[str, list[str]]:
    raw = resources.files("mynews.enrich").joinpath(f"data/{name}").read_text("utf-8")
    return json.loads(raw)["map"]  # type: ignore[no-any-return]


def gold_topics(categories: tuple[str, ...]) -> set[str]:
    mapping = label_map("gv_category_topics.json")
    return {key for c in categories for key in mapping.get(c, ())}


def _embed(texts: list[str]):  # type: ignore[no-untyped-def]
    from mynews.enrich.embeddings import get_embedder

    return get_embedder().embed(texts)


@lru_cache(maxsize=1)
def held_out() -> tuple[list, list[set[str]], list[str], tuple[str, ...], list[int]]:  # type: ignore[type-arg]
    """MiniLM lead vectors, gold topic sets, leads, no categories and each post's length in words,
    of the held-out posts with a mapped category."""
    posts = [(p, gold_topics(p.categories)) for p in load_gv() if p.split == "test"]
    posts = [(p, g) for p, g in posts if g]
    leads = [p.text.lead for p, _ in posts]
    return _embed(leads), [g for _, g in posts], leads, (), [p.text.words for p, _ in posts]


@lru_cache(maxsize=1)
def wikinews_lengths() -> dict[str, int]:
    """Words of each Wikinews article of the demo corpus copy, by URL."""
    from mynews.services.ingestion.corpus import wikinews_records

    return {r["url"]: len(r["text"].split()) for r in wikinews_records()}


@lru_cache(maxsize=2)
def wikinews(path: Path = WIKINEWS) -> tuple[list, list[set[str]], list[str], tuple[str, ...], list[int]]:  # type: ignore[type-arg]
    """The same of the hand-labelled Wikinews articles (their length from the demo corpus copy)."""
    length = wikinews_lengths()
    items = json.loads(path.read_text("utf-8"))["items"]
    leads = [f"{item['title']}\n{item['lead']}" for item in items]
    words = [length[item["url"]] for item in items]
    return _embed(leads), [set(item["topics"]) for item in items], leads, (), words


@lru_cache(maxsize=1)
def january() -> tuple[list, list[set[str]], list[str], list[str]]:  # type: ignore[type-arg]
    """The January Current events items as pushed (title = first sentence, body = the item):
    vectors, gold topic sets (the editors' category mapped to IPTC), leads and categories."""
    from tests.stories.current_events import load

    mapping = label_map("current_events_topics.json")
    items = load(JANUARY)
    leads = [ArticleText(title=i.title, standfirst=None, body=i.text).lead for i in items]
    return _embed(leads), [set(mapping[i.category]) for i in items], leads, [i.category for i in items]


def scores(
    method: str,
    vectors,
    gold: Sequence[set[str]],
    leads: Sequence[str],
    categories: Sequence[str] = (),
    words: Sequence[int] | None = None,
) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Top-1 accuracy (the most likely topic, shown or not, is a gold one), the precision and
    coverage of the topics shown (``words``: each article's length, which picks the threshold of
    full-length articles), micro P/R/F1 of the shown sets, worst category's top-1."""
    options = IptcOptions(method=method)
    keys = [t.key for t in iptc_topics()]
    best = [keys[int(row.argmax())] for row in iptc_scores(vectors, options, leads)]
    shown = [{t.key for t in a} for a in assign_iptc(vectors, options, leads, words)]
    tp = sum(len(p & g) for p, g in zip(shown, gold, strict=True))
    fp = sum(len(p - g) for p, g in zip(shown, gold, strict=True))
    fn = sum(len(g - p) for p, g in zip(shown, gold, strict=True))
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    right = [b in g for b, g in zip(best, gold, strict=True)]
    hits, totals = Counter(c for c, r in zip(categories, right, strict=False) if r), Counter(categories)
    return {
        "top1": sum(right) / len(gold),
        "shown_precision": precision,
        "coverage": sum(bool(p) for p in shown) / len(gold),
        "recall": recall,
        "f1": 2 * precision * recall / max(1e-9, precision + recall),
        "min_topics": float(min(len(p) for p in shown)),
        "worst_category": min((hits[c] / totals[c] for c in totals if totals[c] >= 10), default=1.0),
        "n": float(len(gold)),
    }


def topic_scores(method: str) -> dict[str, float]:
    return scores(method, *held_out())


def wikinews_scores(method: str) -> dict[str, float]:
    return scores(method, *wikinews())


def january_scores(method: str = "classifier") -> dict[str, float]:
    return scores(method, *january())
