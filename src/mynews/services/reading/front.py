"""Use case: the front page, like a newspaper's — the top stories, then a section per subject
(World, Business, Science, Sport...) with that subject's newest stories, one card per story and
no story twice on the page. A signed-in reader's followed subjects come first and muted ones
are left out."""

from __future__ import annotations

from dataclasses import dataclass

from mynews.services.context import Context
from mynews.services.reading import feed, feed_inputs
from mynews.services.reading.feed import FeedCard
from mynews.store import story_cards
from mynews.store import topics as topic_rows
from mynews.store.feed_cards import card_rows

SECTION_NAMES = {
    "politics": "Politics",
    "conflict-war-peace": "World",
    "economy-business-finance": "Business",
    "science-technology": "Science & technology",
    "health": "Health",
    "environment": "Environment",
    "sport": "Sport",
    "arts-culture-entertainment-media": "Culture",
    "crime-law-justice": "Crime & justice",
    "disaster-accident-emergency": "Disasters",
    "society": "Society",
    "human-interest": "People",
    "lifestyle-leisure": "Lifestyle",
    "education": "Education",
    "labour": "Work",
    "religion": "Religion",
    "weather": "Weather",
}


@dataclass(frozen=True)
class Section:
    key: str
    name: str
    cards: list[FeedCard]


@dataclass(frozen=True)
class FrontPage:
    top: list[FeedCard]
    sections: list[Section]


def section_name(key: str, name: str) -> str:
    return SECTION_NAMES.get(key.split(":", 1)[-1], name)


def front_page(
    ctx: Context, reader_id: int | None, *, top: int = 12, sections: int = 6, per_section: int = 4
) -> FrontPage:
    lead = feed.top_stories(ctx, reader_id, limit=top).cards
    shown = {c.story_id or -c.article_id for c in lead}
    now = ctx.clock.now()
    with ctx.db.reading() as session:
        follows, mutes = feed_inputs.follows_of(session, reader_id) if reader_id else ({}, {})
        subjects = [t for t in topic_rows.listing(session, kind="iptc", limit=40) if t.article_count]
        subjects = [t for t in subjects if ("topic", t.key) not in mutes]
        subjects.sort(key=lambda t: ("topic", t.key) not in follows)
        out: list[Section] = []
        for subject in subjects:
            if len(out) >= sections:
                break
            ids = topic_rows.article_ids(session, subject.id, before=(now, 2**62), limit=per_section * 6)
            story_of = story_cards.stories_of(session, ids)
            picked = []
            for article_id in ids:
                key = story_of.get(article_id) or -article_id
                if key not in shown:
                    shown.add(key)
                    picked.append(article_id)
                if len(picked) == per_section:
                    break
            rows = card_rows(session, picked)
            cards = [_card(rows[a], story_of.get(a)) for a in picked if a in rows]
            if len(cards) >= 2:
                out.append(Section(subject.key, section_name(subject.key, subject.name), cards))
    return FrontPage(lead, out)


def _card(row, story_id: int | None) -> FeedCard:
    text = row.standfirst or row.text_start.split("\n\n", 1)[0]
    excerpt = text[:280] + ("…" if len(text) > 280 else "")
    return FeedCard(
        row.id, row.title, row.url, excerpt, row.site_name, row.published, row.lead_image, story_id, ()
    )
