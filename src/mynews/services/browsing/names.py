"""Each name shown once: where a page offers things to narrow to or to follow, two chips reading
"Wikinews" (the publisher and the organisation its articles name) say nothing about how they
differ, so one stays."""

from __future__ import annotations

from collections.abc import Iterable
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
