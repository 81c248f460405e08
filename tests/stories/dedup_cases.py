"""A labelled near-duplicate set made from real articles by the transformations syndication does.

Positives pair a real article with a transformed copy of it: a new headline; the last paragraphs
trimmed; a wire dateline and credit added; light word edits; a heavy copy-edit (one word in ten
dropped, new headline); an aggregator's excerpt (first third); other site boilerplate around it;
and trimming, dateline and new headline at once. Negatives pair different real articles: every
pair inside a hand-labelled story (same event, same entities, different text) and a fixed sample
of unrelated pairs.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from .corpus import DATA, CorpusArticle, by_id, globalvoices, wikinews

SWAPS = {
    "said": "stated",
    "says": "states",
    "government": "administration",
    "people": "citizens",
    "country": "nation",
    "also": "too",
    "many": "numerous",
    "began": "started",
    "big": "large",
    "help": "assist",
    "show": "reveal",
    "however": "but",
    "about": "around",
    "killed": "slain",
}
NAV = "Skip to content | Home | World | Politics | Business | Opinion | Subscribe | Log in\n\n"
FOOTER = (
    "\n\nShare this: Facebook Twitter Email Print\n\nRelated posts:\n{related}\n\n"
    "Comments are closed. © 2012 The Daily Syndicate. All rights reserved."
)


@dataclass(frozen=True)
class Copy:
    original: CorpusArticle
    kind: str
    title: str
    body: str

    @property
    def lead(self) -> str:
        return f"{self.title}\n{self.body[:600]}"


def _paragraphs(body: str) -> list[str]:
    return [p for p in body.split("\n\n") if p.strip()]


def new_headline(a: CorpusArticle, rng: random.Random) -> tuple[str, str]:
    words = a.title.split()
    title = f"UPDATE: {' '.join(words[len(words) // 2 :])} — what we know"
    return title, a.body


def trimmed(a: CorpusArticle, rng: random.Random) -> tuple[str, str]:
    paras = _paragraphs(a.body)
    total, kept, out = len(a.body.split()), 0, []
    for p in paras:
        if out and kept >= 0.65 * total:
            break
        out.append(p)
        kept += len(p.split())
    return a.title, "\n\n".join(out)


def wire(a: CorpusArticle, rng: random.Random) -> tuple[str, str]:
    city = rng.choice(["LONDON", "PARIS", "NAIROBI", "MEXICO CITY", "BANGKOK", "MOSCOW"])
    credit = "\n\n(Reporting by Staff Writers; Editing by the Desk)"
    return a.title, f"{city} (Wire Service) — {a.body}{credit}"


def _edit(body: str, rng: random.Random, drop: float) -> str:
    out = []
    for word in body.split(" "):
        if word.lower() in SWAPS:
            out.append(SWAPS[word.lower()])
        elif rng.random() >= drop:
            out.append(word)
    return " ".join(out)


def light_edits(a: CorpusArticle, rng: random.Random) -> tuple[str, str]:
    return a.title, _edit(a.body, rng, 0.02)


def rewrite(a: CorpusArticle, rng: random.Random) -> tuple[str, str]:
    """A heavy copy-edit: one word in ten dropped, common words swapped, new headline."""
    return new_headline(a, rng)[0], _edit(a.body, rng, 0.10)


def excerpt(a: CorpusArticle, rng: random.Random) -> tuple[str, str]:
    """An aggregator's excerpt: the first third of the paragraphs and a link line."""
    paras = _paragraphs(a.body)
    keep = paras[: max(1, len(paras) // 3)]
    return a.title, "\n\n".join([*keep, "Read the full story at the original site."])


def boilerplate(a: CorpusArticle, rng: random.Random) -> tuple[str, str]:
    others = rng.sample(list(globalvoices()), 3)
    related = "\n".join(o.title for o in others)
    return a.title, NAV + a.body + FOOTER.format(related=related)


def combined(a: CorpusArticle, rng: random.Random) -> tuple[str, str]:
    _, body = trimmed(a, rng)
    title, _ = new_headline(a, rng)
    shorter = CorpusArticle(a.id, title, body, a.published, a.url)
    return wire(shorter, rng)


TRANSFORMS: dict[str, Callable[[CorpusArticle, random.Random], tuple[str, str]]] = {
    "new_headline": new_headline,
    "trimmed": trimmed,
    "wire": wire,
    "light_edits": light_edits,
    "rewrite": rewrite,
    "excerpt": excerpt,
    "boilerplate": boilerplate,
    "combined": combined,
}


def sources(every: int = 5, min_words: int = 150) -> list[CorpusArticle]:
    """Every ``every``-th article of both corpora with a body of at least ``min_words`` words."""
    pool = [a for a in (*globalvoices(), *wikinews()) if len(a.body.split()) >= min_words]
    return pool[::every]


def positives(every: int = 5) -> list[Copy]:
    rng = random.Random(2012)
    return [
        Copy(a, kind, *transform(a, rng)) for a in sources(every) for kind, transform in TRANSFORMS.items()
    ]


def negatives(random_pairs: int = 400) -> list[tuple[CorpusArticle, CorpusArticle, str]]:
    """Same-story pairs (hand labels) and a fixed sample of unrelated pairs."""
    articles = by_id()
    labels = json.loads((DATA / "stories" / "labelled_stories.json").read_text(encoding="utf-8"))
    out = [
        (articles[x], articles[y], "same_story")
        for story in labels["stories"]
        for x, y in combinations(story["articles"], 2)
    ]
    rng = random.Random(5)
    pool = [*globalvoices(), *wikinews()]
    for _ in range(random_pairs):
        a, b = rng.sample(pool, 2)
        out.append((a, b, "unrelated"))
    return out
