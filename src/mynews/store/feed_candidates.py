"""Candidate queries for the feeds: small id lists from indexed scans, then one batch of details.

Generators (each bounded, each served by an index):
- ``window``: the newest ready articles at or before ``as_of`` (ix_articles_published_id);
- ``followed``: the newest articles of followed topics, entities and sources
  (ix_article_topics_topic_article, ix_article_entities_entity_article,
  ix_article_sources_source_article, scanned backwards by article id);
- ``developing``: representatives of the stories with the most sources lately (ix_stories_last_published).
``details`` then loads what ranking needs for the union in a handful of ``IN`` queries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from sqlalchemy import ColumnElement, String, and_, cast, func, or_, select
from sqlalchemy.orm import Session

from mynews.store.cursors import newest_first
from mynews.store.models import (
    Article,
    ArticleEntity,
    ArticleSource,
    ArticleTopic,
    Entity,
    Source,
    Story,
    Storyline,
    Topic,
)

READY = and_(Article.status == "ready", Article.duplicate_of_id.is_(None))


@dataclass(frozen=True)
class ArticleFacts:
    """One article with the keys and story facts ranking needs."""

    id: int
    title: str
    published: datetime
    source_id: int | None
    source_name: str | None
    story_id: int | None
    author: str | None
    vector: bytes | None
    topics: tuple[tuple[str, str], ...]  # (key, name), most important first
    entities: tuple[tuple[str, str], ...]
    story_size: int = 1
    story_sources: int = 1
    story_growth: int = 0
    popularity: int = 0
    duplicates: int = 0
    storyline_id: int | None = None  # the storyline of its story


def newest_published(session: Session, as_of: datetime) -> datetime | None:
    query = select(Article.published_at).where(READY, Article.published_at <= as_of)
    return session.scalar(query.order_by(Article.published_at.desc(), Article.id.desc()).limit(1))


def window(session: Session, *, as_of: datetime, limit: int) -> list[int]:
    query = select(Article.id).where(READY, Article.published_at <= as_of)
    return list(session.scalars(newest_first(query, None, limit)))


def story_ids(session: Session, ids: Sequence[int]) -> dict[int, int]:
    """The story of each of these articles that has one."""
    if not ids:
        return {}
    query = select(Article.id, Article.story_id).where(
        Article.id.in_(list(ids)), Article.story_id.is_not(None)
    )
    return {a: s for a, s in session.execute(query) if s is not None}


def _newest_linked(
    session: Session, table: type, column: str, key_id: int, as_of: datetime, limit: int
) -> list[int]:
    link_article = table.article_id  # type: ignore[attr-defined]
    query = (
        select(link_article)
        .join(Article, Article.id == link_article)
        .where(getattr(table, column) == key_id, READY, Article.published_at <= as_of)
        .order_by(link_article.desc())
        .limit(limit)
    )
    return list(session.scalars(query))


def followed(
    session: Session, keys: Iterable[tuple[str, str]], *, as_of: datetime, per_key: int
) -> dict[tuple[str, str], list[int]]:
    """The newest article ids of each followed topic, entity, source, storyline and event
    ("story") key."""
    keys = list(keys)
    topic_ids = _ids_by_key(session, Topic, [k for kind, k in keys if kind == "topic"])
    entity_ids = _ids_by_key(session, Entity, [k for kind, k in keys if kind == "entity"])
    out: dict[tuple[str, str], list[int]] = {}
    for kind, key in keys:
        if kind == "topic" and key in topic_ids:
            out[(kind, key)] = _newest_linked(
                session, ArticleTopic, "topic_id", topic_ids[key], as_of, per_key
            )
        elif kind == "entity" and key in entity_ids:
            out[(kind, key)] = _newest_linked(
                session, ArticleEntity, "entity_id", entity_ids[key], as_of, per_key
            )
        elif kind == "source" and key.isdigit():
            out[(kind, key)] = _newest_linked(session, ArticleSource, "source_id", int(key), as_of, per_key)
        elif kind in ("storyline", "story") and key.isdigit():
            out[(kind, key)] = _newest_in_story(session, kind, int(key), as_of, per_key)
    return out


def _newest_in_story(session: Session, kind: str, key_id: int, as_of: datetime, limit: int) -> list[int]:
    """The newest ready articles of an event (``story``) or of every event of a storyline."""
    query = select(Article.id).where(READY, Article.published_at <= as_of)
    if kind == "story":
        query = query.where(Article.story_id == key_id)
    else:
        query = query.where(Article.story_id.in_(select(Story.id).where(Story.storyline_id == key_id)))
    return list(session.scalars(query.order_by(Article.published_at.desc(), Article.id.desc()).limit(limit)))


def _ids_by_key(session: Session, model: type[Topic] | type[Entity], keys: list[str]) -> dict[str, int]:
    if not keys:
        return {}
    return {k: i for k, i in session.execute(select(model.key, model.id).where(model.key.in_(keys)))}


def story_stats(session: Session, *, horizon: datetime, days: float = 3.0, limit: int = 300) -> list[Story]:
    """Stories updated in the ``days`` before ``horizon``, most recently updated first."""
    query = select(Story).where(
        Story.last_published <= horizon, Story.last_published > horizon - timedelta(days=days), Story.size > 0
    )
    return list(session.scalars(query.order_by(Story.last_published.desc()).limit(limit)))


def story_growth(session: Session, story_ids: Sequence[int], since: datetime) -> dict[int, int]:
    if not story_ids:
        return {}
    query = (
        select(Article.story_id, func.count(Article.id))
        .where(Article.story_id.in_(list(story_ids)), Article.published_at > since)
        .group_by(Article.story_id)
    )
    return {int(s or 0): int(n) for s, n in session.execute(query)}


def representatives(session: Session, stories: Sequence[Story]) -> dict[int, int]:
    """Story id -> the article that stands for it (its representative, else its newest)."""
    out: dict[int, int] = {s.id: s.representative_id for s in stories if s.representative_id}
    missing = [s.id for s in stories if s.id not in out]
    if missing:
        query = (
            select(Article.story_id, func.max(Article.id))
            .where(Article.story_id.in_(missing), READY)
            .group_by(Article.story_id)
        )
        out.update({int(s or 0): int(a) for s, a in session.execute(query) if a is not None})
    return out


def following_page(
    session: Session,
    keys: Sequence[tuple[str, str]],
    *,
    before: tuple[datetime, int] | None,
    limit: int,
) -> list[int]:
    """Articles matching any followed key, newest first (keyset on published, id)."""
    conditions = _follow_conditions(session, keys)
    if not conditions:
        return []
    query = select(Article.id).where(READY, or_(*conditions))
    return list(session.scalars(newest_first(query, before, limit)))


def followed_links(
    session: Session, article_ids: Sequence[int], keys: Sequence[tuple[str, str]]
) -> dict[int, list[tuple[str, str]]]:
    """Which of the followed entity and topic ``keys`` each article is linked to, whatever its
    salience (the facts keep an article's eight most salient keys; a follow can match a ninth)."""
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    if not article_ids:
        return out
    for kind, model, link, column in (
        ("entity", Entity, ArticleEntity, ArticleEntity.entity_id),
        ("topic", Topic, ArticleTopic, ArticleTopic.topic_id),
    ):
        wanted = [k for key_kind, k in keys if key_kind == kind]
        if not wanted:
            continue
        rows = session.execute(
            select(link.article_id, model.key)
            .join(model, model.id == column)
            .where(link.article_id.in_(list(article_ids)), model.key.in_(wanted))
            .order_by(link.article_id, model.key)
        )
        for aid, key in rows:
            out[int(aid)].append((kind, key))
    return out


def _follow_conditions(session: Session, keys: Sequence[tuple[str, str]]) -> list[ColumnElement[bool]]:
    topic_ids = list(_ids_by_key(session, Topic, [k for kind, k in keys if kind == "topic"]).values())
    entity_ids = list(_ids_by_key(session, Entity, [k for kind, k in keys if kind == "entity"]).values())
    source_ids = [int(k) for kind, k in keys if kind == "source" and k.isdigit()]
    story_ids = [int(k) for kind, k in keys if kind == "story" and k.isdigit()]
    storyline_ids = [int(k) for kind, k in keys if kind == "storyline" and k.isdigit()]
    out: list[ColumnElement[bool]] = []
    if story_ids:
        out.append(Article.story_id.in_(story_ids))
    if storyline_ids:
        out.append(Article.story_id.in_(select(Story.id).where(Story.storyline_id.in_(storyline_ids))))
    # Correlated EXISTS probes (primary keys start with article_id), so the newest-first scan of
    # ix_articles_ready_published stops as soon as the page is full.
    if topic_ids:
        out.append(
            select(ArticleTopic.article_id)
            .where(ArticleTopic.article_id == Article.id, ArticleTopic.topic_id.in_(topic_ids))
            .exists()
        )
    if entity_ids:
        out.append(
            select(ArticleEntity.article_id)
            .where(ArticleEntity.article_id == Article.id, ArticleEntity.entity_id.in_(entity_ids))
            .exists()
        )
    if source_ids:
        out.append(
            select(ArticleSource.article_id)
            .where(ArticleSource.article_id == Article.id, ArticleSource.source_id.in_(source_ids))
            .exists()
        )
    for kind, key in keys:
        if kind == "author":
            out.append(cast(Article.authors, String).like(f'%"{_like_safe(key)}"%', escape="\\"))
        elif kind == "keyword":
            out.append(func.lower(Article.title).like(f"%{_like_safe(key.lower())}%", escape="\\"))
    return out


def _like_safe(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def details(session: Session, ids: Sequence[int], *, growth_since: datetime | None) -> list[ArticleFacts]:
    """Everything ranking needs about these articles, in the order of ``ids``. ``growth_since``
    None: no story growth and no duplicate counts (a reader profile needs neither)."""
    if not ids:
        return []
    id_list = list(dict.fromkeys(ids))
    rows = (
        session.connection()
        .execute(
            select(
                Article.id,
                Article.title,
                Article.published_at,
                Article.first_source_id,
                Source.title,
                Article.story_id,
                Article.authors,
                Article.vector,
            )
            .outerjoin(Source, Source.id == Article.first_source_id)
            .where(Article.id.in_(id_list))
        )
        .all()
    )
    topics = _keys_of(session, ArticleTopic, Topic, "topic_id", ArticleTopic.score, id_list)
    # equally salient entities: the more specific first (a post about Myanmar naming China, Mandalay
    # and a blog once each mentions China in passing, whatever order the rows come in)
    entities = _keys_of(
        session,
        ArticleEntity,
        Entity,
        "entity_id",
        ArticleEntity.salience,
        id_list,
        then=Entity.article_count,
    )
    story_ids = sorted({r[5] for r in rows if r[5] is not None})
    stories = _story_facts(session, story_ids)
    growth = story_growth(session, story_ids, growth_since) if growth_since is not None else {}
    dups = _duplicate_counts(session, id_list) if growth_since is not None else {}
    by_id = {}
    for aid, title, published, source_id, source_name, story_id, authors, vector in rows:
        story = stories.get(story_id) if story_id is not None else None
        by_id[aid] = ArticleFacts(
            id=aid,
            title=title or "",
            published=published,
            source_id=source_id,
            source_name=source_name,
            story_id=story_id,
            author=authors[0] if authors else None,
            vector=vector,
            topics=tuple(topics.get(aid, ())),
            entities=tuple(entities.get(aid, ())),
            story_size=max(1, story.size) if story else 1,
            story_sources=max(1, story.source_count) if story else 1,
            story_growth=growth.get(story_id, 0) if story_id is not None else 0,
            duplicates=dups.get(aid, 0),
            storyline_id=story.storyline_id if story else None,
        )
    return [by_id[i] for i in id_list if i in by_id]


class _StoryFacts(NamedTuple):
    size: int
    source_count: int
    storyline_id: int | None


def _story_facts(session: Session, story_ids: list[int]) -> dict[int, _StoryFacts]:
    """Size, sources and storyline of each story: plain rows, not ORM objects (a long reading
    history names hundreds of stories, and an ORM instance costs ten times a row)."""
    if not story_ids:
        return {}
    query = select(Story.id, Story.size, Story.source_count, Story.storyline_id).where(
        Story.id.in_(story_ids)
    )
    return {
        sid: _StoryFacts(size, count, line) for sid, size, count, line in session.connection().execute(query)
    }


def _keys_of(
    session: Session,
    link: type,
    model: type[Topic] | type[Entity],
    column: str,
    order: object,
    ids: list[int],
    then: object | None = None,
) -> dict[int, list[tuple[str, str]]]:
    """Each article's keys and names, by ``order`` descending, then by ``then`` ascending."""
    query = (
        select(link.article_id, model.key, model.name)  # type: ignore[attr-defined]
        .join(model, model.id == getattr(link, column))
        .where(link.article_id.in_(ids))  # type: ignore[attr-defined]
        .order_by(order.desc(), *([then] if then is not None else []))  # type: ignore[attr-defined,arg-type]
    )
    out: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for aid, key, name in session.connection().execute(query).all():  # fetchall: rows, not a cursor walk
        if len(out[aid]) < 8:
            out[aid].append((key, name))
    return out


def _duplicate_counts(session: Session, ids: list[int]) -> dict[int, int]:
    query = (
        select(Article.duplicate_of_id, func.count(Article.id))
        .where(Article.duplicate_of_id.in_(ids))
        .group_by(Article.duplicate_of_id)
    )
    return {int(a or 0): int(n) for a, n in session.execute(query)}


def names(session: Session, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """Display names of topic, entity, source, storyline and event ("story") keys."""
    keys = list(keys)
    out: dict[tuple[str, str], str] = {}
    for kind, model in (("topic", Topic), ("entity", Entity)):
        wanted = [k for kd, k in keys if kd == kind]
        if wanted:
            for key, name in session.execute(select(model.key, model.name).where(model.key.in_(wanted))):
                out[(kind, key)] = name
    source_ids = [int(k) for kd, k in keys if kd == "source" and k.isdigit()]
    if source_ids:
        for sid, title, url in session.execute(
            select(Source.id, Source.title, Source.url).where(Source.id.in_(source_ids))
        ):
            out[("source", str(sid))] = title or url
    for kind, columns in (("storyline", (Storyline.id, Storyline.label)), ("story", (Story.id, Story.label))):
        row_ids = [int(k) for kd, k in keys if kd == kind and k.isdigit()]
        if row_ids:
            for row_id, label in session.execute(select(*columns).where(columns[0].in_(row_ids))):
                out[(kind, str(row_id))] = label or f"{kind} {row_id}"
    return out
