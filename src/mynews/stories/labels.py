"""A story's label and its representative article.

``label_story`` picks the most central headline, the one that shares most words with the
other headlines and names most of the story's main entities, and shortens it at a word
boundary. A real headline reads better than a bag of keywords, and it is never wrong about
what happened. ``representative`` is the member closest to the centroid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy.typing as npt

MAX_LABEL = 80
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "that",
        "the",
        "to",
        "was",
        "were",
        "will",
        "with",
        "after",
        "over",
        "new",
        "says",
        "say",
    ]
)


def _content_words(title: str) -> set[str]:
    return {w for w in _WORD.findall(title.lower()) if w not in _STOP and len(w) > 1}


def shorten(text: str, limit: int = MAX_LABEL) -> str:
    """Cut at the last word boundary before ``limit`` characters, marking the cut with '…'."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-–—")
    return f"{cut}…"


def label_story(titles: Sequence[str], entity_names: Sequence[str] = (), limit: int = MAX_LABEL) -> str:
    """The most central headline of the story, shortened to ``limit`` characters.

    ``entity_names``: the story's main entities, most important first (up to five count).
    """
    titles = [t for t in titles if t.strip()]
    if not titles:
        return ""
    words = [_content_words(t) for t in titles]
    entities = [name.lower() for name in entity_names[:5]]

    def centrality(n: int) -> float:
        shared = sum(len(words[n] & other) for m, other in enumerate(words) if m != n)
        named = sum(1 for name in entities if name in titles[n].lower())
        return shared / max(1, len(titles) - 1) + 0.5 * named

    best = max(range(len(titles)), key=lambda n: (centrality(n), -len(titles[n]), -n))
    return shorten(titles[best], limit)


def representative(member_vectors: npt.ArrayLike) -> int:
    """Index of the member whose vector is closest (cosine) to the story's centroid."""
    import numpy as np

    vectors = np.asarray(member_vectors, dtype=np.float32)
    if not len(vectors):
        raise ValueError("a story has at least one member")
    return int(np.argmax(vectors @ vectors.mean(axis=0)))
