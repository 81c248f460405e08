"""Article rows: one per canonical URL or publisher GUID, linked to every source that carried it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, defer
from sqlalchemy.sql.elements import ColumnElement

from mynews.store.cursors import newest_first
from mynews.store.models import Article, ArticleSource, Source


@dataclass(frozen=True)
class UpsertResult:
    article_id: int
    created: bool
    linked: bool


def find(session: Session, *, url: str | None, guid_key: str | None) -> Article | None:
    conditions = []
    if url:
        conditions.append(Article.url == url)
    if guid_key:
        conditions.append(Article.guid_key == guid_key)
    if not conditions:
        return None
    return session.scalar(select(Article).where(or_(*conditions)).limit(1))


def upsert(
    session: Session, *, source_id: int, guid: str | None, fields: dict[str, object], now: datetime
) -> UpsertResult:
    """Insert the article unless its URL or GUID is known; link it to the source either way.

    Safe to run twice and under concurrency: a unique-key race falls back to the winner's row.
    """
    url = fields.get("url")
    guid_key = fields.get("guid_key")
    article = find(
        session,
        url=url if isinstance(url, str) else None,
        guid_key=guid_key if isinstance(guid_key, str) else None,
    )
    created = False
    if article is None:
        try:
            with session.begin_nested():
                article = Article(created_at=now, first_source_id=source_id, **fields)
                session.add(article)
                session.flush()
            created = True
        except IntegrityError:
            article = find(
                session,
                url=url if isinstance(url, str) else None,
                guid_key=guid_key if isinstance(guid_key, str) else None,
            )
            if article is None:
                raise
    linked = link(session, article.id, source_id, guid=guid, now=now)
    return UpsertResult(article.id, created, linked)


OWNED_FIELDS = frozenset(
    {
        "title", "standfirst", "section", "authors", "published_at", "claimed_published_at", "language",
        "site_name", "lead_image", "summary_html", "body_html", "text", "captions", "images", "tags",
        "method", "word_count", "sanitizer_version",
    }
)  # fmt: skip
"""What a URL's owner replaces when it takes over a row another source stored first."""


def take_over(session: Session, article: Article, *, source_id: int, fields: dict[str, object]) -> None:
    """Give ``article`` the content of ``source_id`` (the URL's own site) and process it again."""
    for key in OWNED_FIELDS & fields.keys():
        setattr(article, key, fields[key])
    article.first_source_id = source_id
    article.status, article.attempts, article.error = "pending", 0, None
    article.duplicate_of_id = None
    session.flush()


def link(session: Session, article_id: int, source_id: int, *, guid: str | None, now: datetime) -> bool:
    exists = session.get(ArticleSource, (article_id, source_id))
    if exists is not None:
        return False
    try:
        with session.begin_nested():
            session.add(ArticleSource(article_id=article_id, source_id=source_id, guid=guid, seen_at=now))
            session.flush()
    except IntegrityError:
        return False
    return True


def get(session: Session, article_id: int) -> Article | None:
    return session.get(Article, article_id)


LISTING = (
    defer(Article.vector),
    defer(Article.fingerprint),
    defer(Article.body_html),
    defer(Article.summary_html),
)
"""What a list of articles never shows: left unloaded (a row loads them if asked)."""


def many(session: Session, article_ids: list[int], *, listing: bool = False) -> list[Article]:
    """The articles with these ids, in the order given (``listing``: without bodies and vectors)."""
    if not article_ids:
        return []
    query = select(Article).where(Article.id.in_(article_ids))
    if listing:
        query = query.options(*LISTING)
    rows = {a.id: a for a in session.scalars(query)}
    return [rows[i] for i in article_ids if i in rows]


def latest(
    session: Session,
    *,
    before: tuple[datetime, int] | None = None,
    limit: int = 30,
    source_id: int | None = None,
    include_duplicates: bool = False,
) -> list[Article]:
    """Newest first, keyset-paginated on (published_at, id)."""
    query = select(Article).options(*LISTING).where(Article.status == "ready")
    if not include_duplicates:
        query = query.where(Article.duplicate_of_id.is_(None))
    if source_id is not None:
        query = query.join(ArticleSource, ArticleSource.article_id == Article.id).where(
            ArticleSource.source_id == source_id
        )
    return list(session.scalars(newest_first(query, before, limit)))


def sources_of(session: Session, article_ids: list[int]) -> dict[int, list[Source]]:
    if not article_ids:
        return {}
    rows = session.execute(
        select(ArticleSource.article_id, Source)
        .join(Source, Source.id == ArticleSource.source_id)
        .where(ArticleSource.article_id.in_(article_ids))
        .order_by(ArticleSource.seen_at)
    )
    out: dict[int, list[Source]] = {}
    for article_id, source in rows:
        out.setdefault(article_id, []).append(source)
    return out


def duplicates_of(session: Session, article_id: int) -> list[Article]:
    return list(
        session.scalars(
            select(Article).where(Article.duplicate_of_id == article_id).order_by(Article.published_at)
        )
    )


def pending_ids(session: Session, limit: int = 1000) -> list[int]:
    return list(
        session.scalars(
            select(Article.id).where(Article.status == "pending").order_by(Article.id).limit(limit)
        )
    )


def count(session: Session, status: str | None = None) -> int:
    query = select(func.count(Article.id))
    if status:
        query = query.where(Article.status == status)
    return int(session.scalar(query) or 0)


def mark(session: Session, article_id: int, **fields: object) -> None:
    session.execute(update(Article).where(Article.id == article_id).values(**fields))


def ready_after(session: Session, after_id: int, limit: int) -> list[Article]:
    return list(
        session.scalars(
            select(Article)
            .where(Article.id > after_id, Article.status == "ready")
            .order_by(Article.id)
            .limit(limit)
        )
    )


def _topics_not_by(model: str) -> tuple[ColumnElement[bool], ...]:
    return (
        Article.status == "ready",
        Article.vector.is_not(None),  # topics are chosen from the stored vector
        or_(Article.topic_model.is_(None), Article.topic_model != model),
    )


def topics_not_by(session: Session, model: str, *, after_id: int, limit: int) -> list[Article]:
    """Ready articles with a vector whose IPTC topics another topic model chose (or one not
    recorded), by id, a page at a time."""
    return list(
        session.scalars(
            select(Article)
            .where(Article.id > after_id, *_topics_not_by(model))
            .order_by(Article.id)
            .limit(limit)
        )
    )


def count_topics_not_by(session: Session, model: str) -> int:
    """How many ready articles ``topics_not_by`` would return in all."""
    return int(session.scalar(select(func.count()).select_from(Article).where(*_topics_not_by(model))) or 0)


def sanitized_before(session: Session, version: int, *, after_id: int, limit: int) -> list[Article]:
    """Rows whose HTML was cleaned by an older sanitiser (0: never), by id, a page at a time."""
    return list(
        session.scalars(
            select(Article)
            .where(Article.sanitizer_version < version, Article.id > after_id)
            .order_by(Article.id)
            .limit(limit)
        )
    )


def needing_attention(session: Session, limit: int = 50) -> list[Article]:
    """Articles the operator should see: processing failed for good, or a date not believed
    (newest first)."""
    return list(
        session.scalars(
            select(Article)
            .options(*LISTING)
            .where(or_(Article.status == "failed", Article.claimed_published_at.is_not(None)))
            .order_by(Article.id.desc())
            .limit(limit)
        )
    )
