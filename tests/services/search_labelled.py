"""A labelled set for search: Wikipedia "Current events" items (CC BY-SA 4.0, the LICENSE.md
beside each copy) stored as articles with their real MiniLM vectors, queries taken from the
editors' headings (years and brackets dropped, as a person would type them: "Los Angeles
wildfires"), the items under a heading being the relevant ones; and nonsense queries that must
find nothing. Used by the search floor test (January) and bench/search_floor.py (all months).
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mynews.core.clock import Clock
from mynews.core.enrichment import ArticleText
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.store.db import Database
from mynews.store.models import Article
from mynews.store.schema import upgrade
from mynews.workers.inline import InlineQueue
from tests.stories.current_events import Item

NONSENSE = (
    "zzzxqqq",
    "qwxz vbnm",
    "asdfghjkl",
    "xyzzy plugh",
    "blorft snarkle",
    "lorem ipsum dolor sit amet",
    "jkjkjk",
    "fnord wibble",
    "zxcvbnm qwerty",
    "qqq www eee",
)
"""Queries that mean nothing, written by hand: every result for them is wrong."""


def made_up(n: int = 90, seed: int = 2025) -> tuple[str, ...]:
    """``n`` made-up queries of one to three pronounceable non-words ("vrokta zumbel"), the same
    on every run: a larger sample of nonsense than the hand-written ten, so that the floor is
    chosen against the tail of how close nonsense can come."""
    import random

    rng = random.Random(seed)
    consonants, vowels = "bcdfghjklmnprstvwxz", "aeiou"

    def word() -> str:
        return "".join(rng.choice(consonants) + rng.choice(vowels) for _ in range(rng.randint(2, 4)))

    return tuple(" ".join(word() for _ in range(rng.randint(1, 3))) for _ in range(n))


@dataclass(frozen=True)
class Query:
    text: str
    relevant: frozenset[int]  # article ids


def as_typed(heading: str) -> str:
    """A heading as a person would search for it: no years, no bracketed notes."""
    text = re.sub(r"\([^)]*\)", " ", heading)
    text = re.sub(r"\b(19|20)\d\d(\s*[–-]\s*(19|20)?\d\d)?\b", " ", text)
    return " ".join(text.split()).strip(" ,–-")


def store(items: Sequence[Item], folder: Path, cache: Path | None = None) -> tuple[Context, dict[str, int]]:
    """A migrated SQLite database with the items as ready articles (title = first sentence,
    text = the item, vector = MiniLM on the lead as processing stores it); their ids by item id.
    ``cache``: an .npz of vectors by item id and text hash, read and written (bench re-runs)."""
    from mynews.enrich.embeddings import get_embedder, to_bytes

    url = f"sqlite:///{folder / 'search.db'}"
    upgrade(url)
    settings = Settings(data_dir=folder, database_url=url, _env_file=None)  # type: ignore[call-arg]
    ctx = Context(db=Database(url), settings=settings, clock=Clock())
    ctx.queue = InlineQueue(ctx)
    texts = [ArticleText(title=i.title, standfirst=None, body=i.text) for i in items]
    embedder = get_embedder(settings.embedding_model)
    vectors = _embed(embedder, [f"{embedder.name}|{t.lead}" for t in texts], [t.lead for t in texts], cache)
    now = datetime.now(UTC)
    ids: dict[str, int] = {}
    with ctx.db.transaction() as session:
        for item, vector in zip(items, vectors, strict=True):
            row = Article(
                url=f"https://en.wikipedia.org/wiki/Portal:Current_events#{item.id}",
                title=item.title,
                text=item.text,
                published_at=item.published,
                language="en",
                status="ready",
                method="push",
                vector=to_bytes(vector),
                vector_model=embedder.name,
                enriched_at=now,
                created_at=now,
            )
            session.add(row)
            session.flush()
            ids[item.id] = row.id
    return ctx, ids


def _embed(embedder: Any, keys: list[str], texts: list[str], cache: Path | None) -> Any:
    import numpy as np

    hashes = [hashlib.sha256(k.encode()).hexdigest()[:24] for k in keys]
    known: dict[str, Any] = {}
    if cache is not None and cache.exists():
        with np.load(cache) as stored:
            known = {h: stored[h] for h in stored.files}
    missing = [i for i, h in enumerate(hashes) if h not in known]
    if missing:
        for i, vector in zip(missing, embedder.embed([texts[i] for i in missing]), strict=True):
            known[hashes[i]] = vector
        if cache is not None:
            cache.parent.mkdir(parents=True, exist_ok=True)
            np.savez(cache, **known)
    return np.stack([known[h] for h in hashes]).astype(np.float32)


def queries(items: Iterable[Item], ids: dict[str, int], min_items: int = 3) -> list[Query]:
    """One query per heading (storyline or event) with at least ``min_items`` items."""
    under: dict[str, set[int]] = defaultdict(set)
    for item in items:
        for heading in {item.top_story, item.leaf_story} - {None}:
            typed = as_typed(heading or "")
            if len(typed) >= 3:
                under[typed].add(ids[item.id])
    return [Query(text, frozenset(found)) for text, found in sorted(under.items()) if len(found) >= min_items]


@dataclass(frozen=True)
class Scores:
    precision: float  # mean precision@10 over the real queries
    recall: float  # mean recall@50 (of at most 50 relevant) over the real queries
    f1: float  # of the two means
    nonsense_results: int  # results for the nonsense queries, all wrong
    nonsense_answered: int  # nonsense queries with any result
    nonsense_queries: int = 0  # nonsense queries asked (those none of whose words is in the text)


def evaluate(
    ctx: Context, labelled: Sequence[Query], floors: Sequence[float], nonsense: Sequence[str] = NONSENSE
) -> dict[float, Scores]:
    """Scores per floor; each query is searched once (search's own candidates and fusion)."""
    from mynews.services.browsing.search import Filters, candidates, fuse

    with ctx.db.reading() as session:
        real = [(q, candidates(ctx, session, q.text, Filters())) for q in labelled]
        found_for_nonsense = [candidates(ctx, session, text, Filters()) for text in nonsense]
    found_for_nonsense = [f for f in found_for_nonsense if not f.text]  # a made-up word in the text is a word
    out = {}
    for floor in floors:
        precisions, recalls = [], []
        for q, found in real:
            ids = [i for i, _ in fuse(found, floor)[0][:50]]
            top = ids[:10]
            precisions.append(sum(1 for i in top if i in q.relevant) / len(top) if top else 0.0)
            recalls.append(sum(1 for i in ids if i in q.relevant) / min(len(q.relevant), 50))
        counts = [len(fuse(found, floor)[0]) for found in found_for_nonsense]
        p = sum(precisions) / len(precisions)
        r = sum(recalls) / len(recalls)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        out[floor] = Scores(p, r, f1, sum(counts), sum(1 for c in counts if c), len(counts))
    return out
