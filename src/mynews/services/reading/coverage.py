"""Use case: what a story card shows under its lead — two or three other headlines (other
sources first), the number of articles and of distinct sources — and each card's look
(picture or placeholder). Counts are computed from the articles themselves, so "+N sources"
means distinct sources and gives the same number on every load."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from mynews.services.context import Context
from mynews.services.reading.pictures import Look, looks
from mynews.store import story_cards


@dataclass(frozen=True)
class Other:
    article_id: int
    title: str
    source: str | None
    published: datetime


@dataclass(frozen=True)
class Coverage:
    articles: int = 1
    sources: int = 1
    others: tuple[Other, ...] = ()

    @property
    def more_sources(self) -> int:
        return max(0, self.sources - 1)

    @property
    def full(self) -> bool:
        """Full coverage is offered from two articles."""
        return self.articles >= 2


@dataclass(frozen=True)
class CardExtras:
    coverage: dict[int, Coverage] = field(default_factory=dict)  # by story id
    looks: dict[int, Look] = field(default_factory=dict)  # by article id


def extras(ctx: Context, cards: Sequence[object], *, others: int = 3) -> CardExtras:
    """Coverage of the cards' stories and the look of each card (duck-typed: ``article_id``,
    ``story_id``, ``lead_image``, ``site_name``)."""
    leads: dict[int, list[object]] = {}  # a story may have several cards (its developments)
    for c in cards:
        if sid := getattr(c, "story_id", None):
            leads.setdefault(sid, []).append(c)
    with ctx.db.reading() as session:
        members = story_cards.members(session, list(leads))
        counted = story_cards.counts(session, list(leads))
    by_story: dict[int, list[story_cards.Member]] = {}
    for m in members:
        by_story.setdefault(m.story_id, []).append(m)
    coverage = {
        sid: _coverage(shown, by_story.get(sid, []), counted.get(sid, (1, 1)), others)
        for sid, shown in leads.items()
    }
    triples = [(c.article_id, c.lead_image, c.site_name) for c in cards]  # type: ignore[attr-defined]
    return CardExtras(coverage, looks(ctx, triples))


def _coverage(
    shown: list[object], members: list[story_cards.Member], count: tuple[int, int], n: int
) -> Coverage:
    """The story's other headlines under its cards: never an article that is itself a card on
    the page (a story with two developments has two cards, and neither lists the other's lead)."""
    on_page = {card.article_id for card in shown}  # type: ignore[attr-defined]
    rest = [m for m in members if m.article_id not in on_page and m.title]
    seen_titles = {card.title.strip().lower() for card in shown}  # type: ignore[attr-defined]
    picked: list[story_cards.Member] = []
    sources = {m.source_id for m in members if m.article_id in on_page}
    for m in rest:  # one headline per other source first
        if m.source_id not in sources and m.title.strip().lower() not in seen_titles:
            picked.append(m)
            sources.add(m.source_id)
            seen_titles.add(m.title.strip().lower())
    for m in rest:  # then the story's other headlines
        if len(picked) >= n:
            break
        if m not in picked and m.title.strip().lower() not in seen_titles:
            picked.append(m)
            seen_titles.add(m.title.strip().lower())
    others = tuple(Other(m.article_id, m.title, m.source, m.published) for m in picked[:n])
    return Coverage(max(count[0], 1), max(count[1], 1), others)
