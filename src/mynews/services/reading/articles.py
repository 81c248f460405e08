"""Use cases: the latest articles (cursor-paginated) and one article with its sources."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from mynews.core.errors import NotFound
from mynews.core.images import ImageRef
from mynews.ingest.sanitize import SANITIZER_VERSION, sanitize_html
from mynews.ingest.web_urls import web_url
from mynews.services.context import Context
from mynews.store import articles, cursors


@dataclass(frozen=True)
class SourceRef:
    id: int
    title: str | None
    url: str
    site_url: str | None
    licence: str | None
    icon: ImageRef | None = None

    @property
    def link(self) -> str | None:
        """Where the source's name links to: its site, else its feed (http(s) only)."""
        return web_url(self.site_url) or web_url(self.url)


@dataclass(frozen=True)
class ArticleView:
    id: int
    title: str
    url: str | None
    standfirst: str | None
    section: str | None
    authors: list[str]
    published_at: datetime
    language: str | None
    site_name: str | None
    lead_image: str | None
    body_html: str | None
    text: str
    captions: list[dict[str, str | None]]
    tags: list[str]
    method: str
    status: str
    story_id: int | None
    duplicate_of_id: int | None
    sources: list[SourceRef] = field(default_factory=list)
    picture: ImageRef | None = None

    @property
    def excerpt(self) -> str:
        if self.standfirst:
            return self.standfirst
        first = self.text.split("\n\n", 1)[0]
        return first[:280] + ("…" if len(first) > 280 else "")


@dataclass(frozen=True)
class Page:
    items: list[ArticleView]
    next_cursor: str | None


def latest(ctx: Context, *, cursor: str | None = None, limit: int = 30, source_id: int | None = None) -> Page:
    limit = max(1, min(limit, 100))
    before = cursors.decode_time(cursor) if cursor else None
    with ctx.db.reading() as session:
        rows = articles.latest(session, before=before, limit=limit + 1, source_id=source_id)
        by_article = articles.sources_of(session, [r.id for r in rows[:limit]])
        items = [view(r, by_article.get(r.id, []), full=False) for r in rows[:limit]]
    next_cursor = cursors.encode(items[-1].published_at, items[-1].id) if len(rows) > limit else None
    return Page(items, next_cursor)


def page_of(session, ids: list[int], limit: int) -> Page:
    """Views of the first ``limit`` of ``ids`` (fetched newest first, one more than shown), and
    the cursor of the next page when there is one."""
    rows = articles.many(session, ids[:limit], listing=True)
    sources = articles.sources_of(session, [a.id for a in rows])
    items = [view(a, sources.get(a.id, []), full=False) for a in rows]
    more = len(ids) > limit and items
    return Page(items, cursors.encode(items[-1].published_at, items[-1].id) if more else None)


def article(ctx: Context, article_id: int) -> ArticleView:
    with ctx.db.reading() as session:
        row = articles.get(session, article_id)
        if row is None:
            raise NotFound(f"article {article_id} not found")
        return view(row, articles.sources_of(session, [row.id]).get(row.id, []))


def article_page(ctx: Context, article_id: int) -> ArticleView:
    """The article as a page shows it: the body's and the lead's pictures served by us (those
    we do not hold are left out), and each source with its icon."""
    from mynews.services.reading import pictures

    with ctx.db.reading() as session:
        row = articles.get(session, article_id)
        if row is None:
            raise NotFound(f"article {article_id} not found")
        found = view(row, articles.sources_of(session, [row.id]).get(row.id, []))
        body = pictures.body_for_reader(session, found.body_html)
        lead = pictures.lead_picture(session, found.lead_image)
        icons = _icons(session, articles.sources_of(session, [row.id]).get(row.id, []))
    refs = [replace(s, icon=icons.get(s.id)) for s in found.sources]
    return replace(found, body_html=body, picture=lead, sources=refs)


def progress(ctx: Context) -> dict[str, int]:
    """Articles ready and still pending (understanding goes on in the background)."""
    with ctx.db.reading() as session:
        ready, pending = articles.count(session, "ready"), articles.count(session, "pending")
    return {"ready": ready, "pending": pending, "total": ready + pending}


def story_size(ctx: Context, story_id: int | None) -> int:
    """How many articles the story has now (Full coverage is offered from two)."""
    if story_id is None:
        return 0
    from mynews.store import story_cards

    with ctx.db.reading() as session:
        return story_cards.counts(session, [story_id]).get(story_id, (0, 0))[0]


def _icons(session, source_rows) -> dict[int, ImageRef]:
    from mynews.services.ingestion.pictures import source_icon_url
    from mynews.store import images as image_rows

    urls = {s.id: source_icon_url(s.icon_url, s.site_url or s.url) for s in source_rows}
    refs = image_rows.refs_for(session, urls.values())
    return {sid: refs[u] for sid, u in urls.items() if u in refs}


def view(row, source_rows, *, full: bool = True) -> ArticleView:
    """An article for pages and the API; ``full=False`` (lists) leaves out the body HTML.

    Links and images are shown only when they are http(s) URLs; a body stored before the
    current sanitiser (an instance not yet through ``mynews migrate``) is cleaned again here.
    """
    return ArticleView(
        id=row.id,
        title=row.title,
        url=web_url(row.url),
        standfirst=row.standfirst,
        section=row.section,
        authors=list(row.authors or []),
        published_at=row.published_at,
        language=row.language,
        site_name=row.site_name,
        lead_image=web_url(row.lead_image),
        body_html=_current_html(row) if full else None,
        text=row.text or "",
        captions=list(row.captions or []),
        tags=list(row.tags or []),
        method=row.method,
        status=row.status,
        story_id=row.story_id,
        duplicate_of_id=row.duplicate_of_id,
        sources=[SourceRef(s.id, s.title, s.url, web_url(s.site_url), s.licence) for s in source_rows],
    )


def _current_html(row) -> str | None:
    if not row.body_html or (row.sanitizer_version or 0) >= SANITIZER_VERSION:
        return row.body_html
    return sanitize_html(row.body_html, base_url=web_url(row.url))


@dataclass(frozen=True)
class Tag:
    key: str
    name: str
    kind: str


def article_context(ctx: Context, article_id: int) -> tuple[list[Tag], list[Tag]]:
    """The entities and topics of an article, for its page."""
    from mynews.store import entities as entity_rows
    from mynews.store import topics as topic_rows

    with ctx.db.reading() as session:
        ents = [Tag(e.key, e.name, e.kind) for e, _ in entity_rows.of_article(session, article_id)]
        tops = [Tag(t.key, t.name, t.kind) for t, _ in topic_rows.of_article(session, article_id)]
    return ents, tops
