"""Top stories and story cards: one card per story in the "Latest" part, and a card never lists
an article that is itself a card on the page among its story's other headlines."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from mynews.services.context import Context
from mynews.services.reading import coverage, feed
from mynews.store import sources
from mynews.store.models import Article, Story

NOW = datetime(2025, 4, 1, 12, tzinfo=UTC)


def _news(ctx: Context) -> tuple[list[int], int]:
    """Six lone articles and a one-source story of three (its articles days apart), all newest
    first in the window; returns (the story's article ids, newest first; the story id)."""
    with ctx.db.transaction() as session:
        source, _ = sources.get_or_create(session, "push:wn", kind="push", now=NOW, title="Wikinews")
        story = Story(label="Red Hat and CentOS", size=3, source_count=1)
        session.add(story)
        session.flush()
        rows = []
        for i in range(9):
            in_story = i in (1, 4, 7)
            rows.append(
                Article(
                    title=("CentOS " if in_story else "Lone ") + str(i),
                    published_at=NOW - timedelta(days=i),
                    created_at=NOW,
                    status="ready",
                    first_source_id=source.id,
                    story_id=story.id if in_story else None,
                )
            )
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows if r.story_id], story.id


def test_latest_gives_a_story_one_card_and_its_other_articles_fold_under_it(ctx: Context) -> None:
    members, story = _news(ctx)
    page = feed.top_stories(ctx, limit=30)
    ids = [c.article_id for c in page.cards]
    assert len(ids) == 7  # six lone articles and the story once
    assert [a for a in ids if a in members] == [members[0]]  # through its newest article
    extras = coverage.extras(ctx, page.cards)
    assert [o.article_id for o in extras.coverage[story].others] == members[1:]


def test_a_story_with_two_cards_lists_neither_under_the_other(ctx: Context) -> None:
    members, story = _news(ctx)
    cards = [
        SimpleNamespace(article_id=a, story_id=story, title=f"CentOS {n}", lead_image=None, site_name=None)
        for a, n in zip(members[:2], (1, 4))
    ]
    others = coverage.extras(ctx, cards).coverage[story].others
    assert [o.article_id for o in others] == [members[2]]
