"""Use cases: what pages need to show pictures — a card's picture or its placeholder (source
monogram and topic colour), an article body whose pictures come from our own origin, and one
stored rendition to serve. Nothing here fetches: the worker does (services.ingestion.pictures)."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Iterable
from dataclasses import dataclass

from mynews.core.errors import NotFound
from mynews.core.images import ImageRef
from mynews.ingest.body_images import for_reader
from mynews.services.context import Context
from mynews.store import images as image_rows
from mynews.store import topics as topic_rows
from mynews.store.db import Session

HUES = 8
BODY_SIZES = "(max-width: 760px) 100vw, 720px"


@dataclass(frozen=True)
class Look:
    """How a card looks without words: its picture (or None) and, for the placeholder, the
    source's monogram and a colour number (0..HUES-1) from the story's main topic."""

    image: ImageRef | None
    monogram: str
    hue: int
    topic: str | None = None


def monogram(name: str | None) -> str:
    words = [w for w in (name or "").replace("-", " ").split() if w[:1].isalnum()]
    if not words:
        return "N"
    if len(words) == 1:
        return words[0][:2].capitalize()
    return (words[0][0] + words[1][0]).upper()


def hue_of(key: str | None) -> int:
    return int(hashlib.sha256((key or "").encode()).hexdigest()[:6], 16) % HUES


def looks(ctx: Context, items: Iterable[tuple[int, str | None, str | None]]) -> dict[int, Look]:
    """For (article id, lead image address, source name) triples, each article's Look."""
    items = list(items)
    with ctx.db.reading() as session:
        refs = image_rows.refs_for(session, [url for _, url, _ in items])
        topics = topic_rows.main_topics(session, [a for a, _, _ in items])
    out: dict[int, Look] = {}
    for article_id, url, source in items:
        key, name = topics.get(article_id, (None, None))
        out[article_id] = Look(refs.get(url) if url else None, monogram(source), hue_of(key or source), name)
    return out


def picture_markup(ref: ImageRef, alt: str, sizes: str = BODY_SIZES) -> str:
    width = max(ref.widths)
    return (
        f'<img src="{ref.url(width)}" srcset="{ref.srcset}" sizes="{sizes}" width="{width}" '
        f'height="{ref.height_at(width)}" alt="{html.escape(alt)}" loading="lazy" decoding="async">'
    )


def body_for_reader(session: Session, body_html: str | None) -> str:
    """The stored body with our own copies of its pictures (pictures we do not hold are left out)."""
    from mynews.ingest.body_images import image_sources

    refs = image_rows.refs_for(session, image_sources(body_html))

    def resolve(src: str, alt: str) -> str | None:
        ref = refs.get(src)
        return picture_markup(ref, alt) if ref else None

    return for_reader(body_html, resolve)


def lead_picture(session: Session, url: str | None) -> ImageRef | None:
    return image_rows.refs_for(session, [url]).get(url or "") if url else None


def rendition(ctx: Context, content_hash: str, width: int) -> tuple[str, bytes]:
    with ctx.db.reading() as session:
        found = image_rows.rendition(session, content_hash, width)
    if found is None:
        raise NotFound("no such picture")
    return found
