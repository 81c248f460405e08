"""What a new reader can follow: topics and entities counted over recent articles (topped up
with the most covered overall) and the sources with the most articles. Subjects (IPTC) come
before publishers' own labels.

An entity counts for an article only where the article is about it (salience at least
``ABOUT_SALIENCE``): "Twitter" named under every embedded tweet, or "Facebook" in passing, is
not what a reader would follow. An entity named like a source (a publisher writing its own
name, "Wikinews") is offered as the source, not as an entity."""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from mynews.store.models import ArticleEntity, ArticleTopic, Entity, Source, Topic

ABOUT_SALIENCE = 0.5


def counted_keys(session: Session, kind: str, recent: list[int], limit: int) -> list[tuple[str, str, int]]:
    """(key, name, count) of topics or entities, most frequent in ``recent`` first."""
    model: type[Topic] | type[Entity] = Topic if kind == "topic" else Entity
    link_article = ArticleTopic.article_id if kind == "topic" else ArticleEntity.article_id
    link_key = ArticleTopic.topic_id if kind == "topic" else ArticleEntity.entity_id
    about = [] if kind == "topic" else [ArticleEntity.salience >= ABOUT_SALIENCE]
    sources = set() if kind == "topic" else _source_names(session)
    # subjects (IPTC, what articles are filed under when the classifier is sure) before publishers' own labels
    first = [case((Topic.kind == "iptc", 0), else_=1)] if kind == "topic" else []
    out: dict[str, tuple[str, str, int]] = {}
    if recent:
        rows = session.execute(
            select(model.key, model.name, func.count(link_article))
            .join(model, model.id == link_key)
            .where(link_article.in_(recent), *about)
            .group_by(model.id, model.key, model.name)
            .order_by(*first, func.count(link_article).desc(), model.key)
            .limit(limit + len(sources))
        )
        out = {k: (k, n, int(c)) for k, n, c in rows if n.casefold() not in sources}
        out = dict(list(out.items())[:limit])
    if len(out) < limit:
        rows = session.execute(
            select(model.key, model.name, model.article_count)
            .order_by(*first, model.article_count.desc(), model.key)
            .limit(limit + len(out) + len(sources))
        )
        for k, n, c in rows:
            if k not in out and len(out) < limit and n.casefold() not in sources:
                out[k] = (k, n, int(c or 0))
    return list(out.values())


def _source_names(session: Session) -> set[str]:
    return {t.casefold() for t in session.scalars(select(Source.title).where(Source.title.is_not(None))) if t}


def top_sources(session: Session, limit: int) -> list[tuple[str, str, int]]:
    rows = session.execute(
        select(Source.id, Source.title, Source.url, Source.item_count)
        .where(Source.retired.is_(False))
        .order_by(Source.item_count.desc(), Source.id)
        .limit(limit)
    )
    return [(str(i), t or u, int(n or 0)) for i, t, u, n in rows]


def by_name(session: Session, text: str, limit: int = 8) -> list[tuple[str, str, str, int]]:
    """(kind, key, name, count) of entities, topics and sources whose name contains ``text``,
    those starting with it first, then the most covered."""
    like = f"%{text.lower()}%"
    found: list[tuple[str, str, str, int, bool]] = []
    for kind, model, count in (
        ("entity", Entity, Entity.article_count),
        ("topic", Topic, Topic.article_count),
    ):
        rows = session.execute(
            select(model.key, model.name, count)
            .where(func.lower(model.name).like(like))
            .order_by(count.desc(), model.key)
            .limit(limit)
        )
        found += [(kind, k, n, int(c or 0), n.lower().startswith(text.lower())) for k, n, c in rows]
    rows = session.execute(
        select(Source.id, func.coalesce(Source.title, Source.url), Source.item_count)
        .where(func.lower(func.coalesce(Source.title, Source.url)).like(like), Source.retired.is_(False))
        .limit(limit)
    )
    found += [("source", str(i), n, int(c or 0), n.lower().startswith(text.lower())) for i, n, c in rows]
    found.sort(key=lambda f: (not f[4], -f[3], f[2]))
    return [(k, key, n, c) for k, key, n, c, _ in found[:limit]]
