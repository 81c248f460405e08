"""The Global Voices May 2012 corpus as ranking inputs, and simulated readers for the offline eval.

Articles become Candidates: topics = the post's Global Voices categories minus format and
language labels (most specific first: rarest in the corpus), source = Global Voices, author =
the post's author, vector = MiniLM over title + excerpt/first 600 characters of text.
"""

from __future__ import annotations

import html
import random
import re
from collections import Counter
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from functools import lru_cache

import numpy as np

from mynews.rank.candidates import Candidate
from mynews.rank.profile import ArticleKeys, Signal
from mynews.services.ingestion.corpus import global_voices_records

SOURCE = "globalvoices"
HISTORY_END = datetime(2012, 5, 11, tzinfo=UTC)  # history: 1-10 May; held out: 11-22 May
NOW = datetime(2012, 5, 23, tzinfo=UTC)

# Labels that say what form or language a post has, not what it is about.
NOT_TOPICS = {
    "English", "Citizen Media", "Updates", "Weblog", "Feature", "Video", "Photos", "TYPE", "WORLD",
    "LANGUAGES", "TOPICS", "Breaking News", "Announcements", "Podcasts", "Global Voices Podcast",
    "Blogger Profiles", "Photography", "Spanish", "French", "Arabic", "Russian", "Portuguese", "Chinese",
    "Armenian", "Greek", "Bahasa", "Korean", "Bulgarian", "Farsi", "Georgian", "Macedonian", "Hebrew",
    "Turkish", "Bangla", "Malagasy", "Ukrainian", "Tibetan", "Japanese", "Filipino", "Burmese",
    "Azerbaijani", "Serbian", "German", "Hungarian", "Thai", "French Creoles", "Tetum",
}  # fmt: skip

# What simulated readers can be interested in: countries and subjects with articles in both halves.
INTERESTS = [
    "China", "Russia", "Cuba", "Armenia", "India", "Brazil", "Colombia", "Spain", "Kenya", "U.S.A.",
    "Greece", "Mexico", "Egypt", "Zambia", "Environment", "Health", "Sport", "Gay Rights (LGBT)",
    "Women & Gender", "Elections", "Religion", "Music", "Food", "Film", "Labor", "Education",
    "Migration & Immigration", "Literature", "Indigenous", "Disaster",
]  # fmt: skip


@dataclass(frozen=True)
class Article:
    id: int
    title: str
    lead: str
    published: datetime
    author: str
    categories: tuple[str, ...]


def _text(raw: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw))).strip()


@lru_cache(maxsize=1)
def load_articles() -> tuple[Article, ...]:
    rows = list(global_voices_records())
    out = []
    for r in rows:
        body = _text(r["excerpt"]) or _text(r["content_html"])
        published = datetime.strptime(r["post_date_gmt"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        out.append(
            Article(r["id"], r["title"].strip(), body[:600], published, r["author"], tuple(r["categories"]))
        )
    return tuple(sorted(out, key=lambda a: (a.published, a.id)))


@lru_cache(maxsize=1)
def vectors() -> dict[int, np.ndarray]:
    from mynews.enrich.embeddings import get_embedder

    articles = load_articles()
    matrix = get_embedder().embed([f"{a.title}\n{a.lead}" for a in articles])
    return {a.id: matrix[i] for i, a in enumerate(articles)}


def slug(category: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", category.lower()).strip("-")


@lru_cache(maxsize=1)
def _frequency() -> Counter[str]:
    return Counter(c for a in load_articles() for c in a.categories)


def topics_of(article: Article) -> tuple[str, ...]:
    freq = _frequency()
    kept = [c for c in article.categories if c not in NOT_TOPICS]
    return tuple(slug(c) for c in sorted(kept, key=lambda c: (freq[c], c)))


def keys_of(article: Article) -> ArticleKeys:
    return ArticleKeys(topics=topics_of(article), source_id=SOURCE, author=article.author)


def candidate(article: Article, *, with_vector: bool = True, **changes: object) -> Candidate:
    c = Candidate(
        article_id=article.id,
        source_id=SOURCE,
        published=article.published,
        topics=topics_of(article),
        author=article.author,
        text=article.title,
        vector=vectors()[article.id] if with_vector else None,
        source_name="Global Voices",
        via=("recent",),
    )
    return replace(c, **changes) if changes else c  # type: ignore[arg-type]


def history() -> list[Article]:
    return [a for a in load_articles() if a.published < HISTORY_END]


def held_out() -> list[Article]:
    return [a for a in load_articles() if HISTORY_END <= a.published < NOW]


@dataclass(frozen=True)
class SimulatedReader:
    followed: tuple[str, ...]  # categories followed as topics (relevance 2)
    read_about: tuple[str, ...]  # categories only in their history (relevance 1)

    def signals(self) -> list[Signal]:
        wanted = set(self.followed) | set(self.read_about)
        return [
            Signal("open", a.id, a.published.replace(hour=min(23, a.published.hour + 1)))
            for a in history()
            if wanted & set(a.categories)
        ]

    def relevance(self) -> dict[int, float]:
        grades = {}
        for a in held_out():
            cats = set(a.categories)
            if cats & set(self.followed):
                grades[a.id] = 2.0
            elif cats & set(self.read_about):
                grades[a.id] = 1.0
        return grades


def simulated_readers(count: int, seed: int = 2012) -> list[SimulatedReader]:
    """Readers following 1 interest and having read about 1-2 others (all distinct)."""
    rng = random.Random(seed)
    readers = []
    for _ in range(count):
        picked = rng.sample(INTERESTS, 1 + rng.randint(1, 2))
        readers.append(SimulatedReader(tuple(picked[:1]), tuple(picked[1:])))
    return readers
