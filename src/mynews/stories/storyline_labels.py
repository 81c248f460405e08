"""A storyline's name: its most central specific entities ("Gaza Strip · Israel · Hamas").

A storyline spans many events, so no single headline names it; the entities most of its
articles name, weighed by how specific they are (a hub like "United States" comes last, and
only when nothing more specific is central), do. A storyline of one event, or one whose
articles share no entity, is named by its event's label. A name whose words all belong to a
longer chosen name is the same thing named short ("House" beside "US House of
Representatives") and gives its place to the next.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mynews.stories.labels import shorten
from mynews.stories.specificity import EntityIdf

MAX_NAMES = 3
MIN_SHARE = 0.25  # an entity named by at least this share of the storyline's articles


def label_storyline(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    event_labels: Sequence[str],
    idf: EntityIdf | None,
    article_count: int,
) -> str:
    """``counts``: articles naming each entity key; ``names``: display names of (some) keys."""
    labels = [label for label in event_labels if label.strip()]
    if len(labels) <= 1 or article_count < 2:
        return shorten(labels[0]) if labels else ""
    floor = max(2.0, MIN_SHARE * article_count)
    central = [(key, n) for key, n in counts.items() if n >= floor and key in names]

    def weight(item: tuple[str, int]) -> float:
        key, n = item
        return n * (idf.weight(key) if idf is not None else 1.0)

    ranked = [key for key, _ in sorted(central, key=lambda kv: (-weight(kv), kv[0]))]
    chosen = _distinct(ranked, names)[:MAX_NAMES]
    if not chosen:
        return shorten(labels[0])
    return shorten(" · ".join(names[key] for key in chosen))


def _words(name: str) -> frozenset[str]:
    return frozenset(name.casefold().replace(".", "").split())


def _distinct(ranked: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """``ranked`` without the names whose words all belong to another central name's (the
    longer, fuller name stays, in the place the first of the two had)."""
    words = {key: _words(names[key]) for key in ranked}
    out: list[str] = []
    for key in ranked:
        fuller = next((o for o in ranked if o != key and words[key] < words[o]), None)
        pick = fuller if fuller is not None else key
        if pick not in out:
            out.append(pick)
    return out
