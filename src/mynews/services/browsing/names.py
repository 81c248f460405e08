"""Which names a page shows. Each name once: where a page offers things to narrow to or to follow,
two chips reading "Wikinews" (the publisher and the organisation its articles name) say nothing
about how they differ, so one stays. And on a story's or storyline's page, the names it is about:
those several of its articles name, not every name one article mentions in passing."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Protocol, TypeVar

KIND_PREFERENCE = {"source": 0, "topic": 1, "entity": 2, "author": 3}
"""Of two things with one name, the one kept: the publisher narrows and follows exactly, then a
subject, then an entity, then a byline."""


class Named(Protocol):
    @property
    def kind(self) -> str: ...

    @property
    def name(self) -> str: ...


N = TypeVar("N", bound=Named)


def one_per_name(items: Iterable[N]) -> list[N]:
    """``items`` in their order with each name (case and spaces aside) once: the first of the
    most preferred kind (``KIND_PREFERENCE``); a repeat of the same thing is dropped too."""
    items = list(items)
    best: dict[str, N] = {}
    for item in items:
        name = item.name.casefold().strip()
        kept = best.get(name)
        if kept is None or KIND_PREFERENCE.get(item.kind, 9) < KIND_PREFERENCE.get(kept.kind, 9):
            best[name] = item
    return [item for item in items if best[item.name.casefold().strip()] is item]


SHARED_FROM = 3  # articles: from this size on, a name must be in two or more of them
MIN_SHOWN = 3  # ... unless that would leave fewer names than this
MAX_SHOWN = 15


def central_names(counts: Mapping[str, int], articles: int) -> list[tuple[str, int]]:
    """The entity keys a story or storyline page shows, most articles first (ties by key): in a story of three
    or more articles, those at least two of its articles name (the coronavirus storyline showed
    "R0" and "COVI", each from one paragraph of one article), at least the first three; in a
    smaller one, all, up to fifteen."""
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_SHOWN]
    if articles < SHARED_FROM:
        return ranked
    shared = [(key, n) for key, n in ranked if n >= 2]
    return shared if len(shared) >= MIN_SHOWN else ranked[:MIN_SHOWN]
