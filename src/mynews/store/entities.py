"""Entity rows (one per kind + canonical name, with every alias seen) and their article links."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.orm import Session

from mynews.store.cursors import newest_first
from mynews.store.dialect import insert_ignoring_conflicts
from mynews.store.models import Article, ArticleEntity, Entity, EntityRedirect


@dataclass(frozen=True)
class FoundEntity:
    """An entity as found in one article, ready to store."""

    key: str
    kind: str
    name: str
    aliases: tuple[str, ...]
    mentions: tuple[str, ...]
    count: int
    salience: float
    guessed_kind: str = ""  # the kind this article's text gave the name (``kind`` when not given)

    def __post_init__(self) -> None:
        if not self.guessed_kind:  # kept through ``replace`` when the entity is stored under another kind
            object.__setattr__(self, "guessed_kind", self.kind)


def link_article(session: Session, article_id: int, found: list[FoundEntity], now: datetime) -> None:
    """Replace an article's entities with ``found``: missing entities are created (safely under
    concurrency), aliases merged, links and article counts written in a few statements."""
    clear_article(session, article_id)
    if not found:
        return
    by_key = {f.key: f for f in found}
    insert_ignoring_conflicts(
        session,
        Entity.__table__,
        [
            {
                "key": f.key,
                "kind": f.kind,
                "name": f.name,
                "aliases": sorted(set(f.aliases)),
                "article_count": 0,
                "created_at": now,
            }
            for f in by_key.values()
        ],
    )
    rows = {e.key: e for e in session.scalars(select(Entity).where(Entity.key.in_(list(by_key))))}
    for key, entity in rows.items():
        merged = sorted(set(entity.aliases or []) | set(by_key[key].aliases))
        if merged != list(entity.aliases or []):
            entity.aliases = merged
    session.execute(
        insert(ArticleEntity),
        [
            {
                "article_id": article_id,
                "entity_id": rows[k].id,
                "mentions": list(f.mentions),
                "count": f.count,
                "salience": f.salience,
                "guessed_kind": f.guessed_kind,
            }
            for k, f in by_key.items()
        ],
    )
    ids = [e.id for e in rows.values()]
    session.execute(update(Entity).where(Entity.id.in_(ids)).values(article_count=Entity.article_count + 1))


def clear_article(session: Session, article_id: int) -> None:
    ids = list(session.scalars(select(ArticleEntity.entity_id).where(ArticleEntity.article_id == article_id)))
    if ids:
        session.execute(delete(ArticleEntity).where(ArticleEntity.article_id == article_id))
        session.execute(
            update(Entity).where(Entity.id.in_(ids)).values(article_count=Entity.article_count - 1)
        )


def many(session: Session, ids: list[int]) -> list[Entity]:
    return list(session.scalars(select(Entity).where(Entity.id.in_(ids)))) if ids else []


def by_key(session: Session, key: str) -> Entity | None:
    return session.scalar(select(Entity).where(Entity.key == key))


def of_article(session: Session, article_id: int) -> list[tuple[Entity, ArticleEntity]]:
    rows = session.execute(
        select(Entity, ArticleEntity)
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(ArticleEntity.article_id == article_id)
        .order_by(ArticleEntity.salience.desc(), Entity.name)
    )
    return [(e, ae) for e, ae in rows]


def keys_of_articles(
    session: Session, article_ids: list[int], *, top: int | None = None
) -> dict[int, list[str]]:
    """Entity keys of each article, most salient first (only the ``top`` most salient if given)."""
    out: dict[int, list[str]] = {}
    if not article_ids:
        return out
    rows = session.execute(
        select(ArticleEntity.article_id, Entity.key)
        .join(Entity, Entity.id == ArticleEntity.entity_id)
        .where(ArticleEntity.article_id.in_(article_ids))
        .order_by(
            ArticleEntity.article_id, ArticleEntity.salience.desc(), ArticleEntity.count.desc(), Entity.name
        )
    )
    for article_id, key in rows:
        keys = out.setdefault(article_id, [])
        if top is None or len(keys) < top:
            keys.append(key)
    return out


def article_ids(
    session: Session, entity_id: int, *, before: tuple[datetime, int] | None, limit: int
) -> list[int]:
    query = (
        select(Article.id)
        .join(ArticleEntity, ArticleEntity.article_id == Article.id)
        .where(
            ArticleEntity.entity_id == entity_id, Article.status == "ready", Article.duplicate_of_id.is_(None)
        )
    )
    return list(session.scalars(newest_first(query, before, limit)))


def related(session: Session, entity_id: int, limit: int = 12) -> list[tuple[Entity, int]]:
    """Entities most often named in the same articles (co-mentions)."""
    mine = select(ArticleEntity.article_id).where(ArticleEntity.entity_id == entity_id).scalar_subquery()
    rows = session.execute(
        select(Entity, func.count(ArticleEntity.article_id).label("n"))
        .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
        .where(ArticleEntity.article_id.in_(mine), Entity.id != entity_id)
        .group_by(Entity.id)
        .order_by(func.count(ArticleEntity.article_id).desc(), Entity.name)
        .limit(limit)
    )
    return [(e, int(n)) for e, n in rows]


def popular(session: Session, *, kind: str | None = None, limit: int = 30) -> list[Entity]:
    query = select(Entity).where(Entity.article_count > 0)
    if kind:
        query = query.where(Entity.kind == kind)
    return list(session.scalars(query.order_by(Entity.article_count.desc(), Entity.name).limit(limit)))


def named_in_articles(session: Session, article_ids: list[int]) -> dict[int, list[tuple[str, str]]]:
    """(name, kind) of the entities of each article."""
    out: dict[int, list[tuple[str, str]]] = {}
    if not article_ids:
        return out
    rows = session.execute(
        select(ArticleEntity.article_id, Entity.name, Entity.kind)
        .join(Entity, Entity.id == ArticleEntity.entity_id)
        .where(ArticleEntity.article_id.in_(article_ids))
    )
    for article_id, name, kind in rows:
        out.setdefault(article_id, []).append((name, kind))
    return out


KINDS = ("person", "organisation", "place")


def same_name(session: Session, slugs: list[str]) -> dict[str, list[Entity]]:
    """Stored entities of these name slugs (the part of the key after the kind), any kind."""
    if not slugs:
        return {}
    keys = [f"{kind}:{slug}" for slug in slugs for kind in KINDS]
    out: dict[str, list[Entity]] = {}
    for row in session.scalars(select(Entity).where(Entity.key.in_(keys))):
        out.setdefault(row.key.split(":", 1)[1], []).append(row)
    return out


def merge_into(session: Session, gone: Entity, into: Entity, now: datetime) -> None:
    """Move every article link of ``gone`` to ``into`` (adding counts where an article has
    both), keep its aliases, leave a redirect of its key and delete it."""
    both = set(session.scalars(select(ArticleEntity.article_id).where(ArticleEntity.entity_id == into.id)))
    for link in list(session.scalars(select(ArticleEntity).where(ArticleEntity.entity_id == gone.id))):
        if link.article_id in both:
            kept = session.get(ArticleEntity, (link.article_id, into.id))
            if kept is not None:
                kept.count += link.count
                kept.salience = max(kept.salience, link.salience)
                kept.mentions = sorted(set(kept.mentions or []) | set(link.mentions or []))
            session.delete(link)
        else:
            link.entity_id = into.id
    session.flush()
    into.aliases = sorted(set(into.aliases or []) | set(gone.aliases or []) | {gone.name})
    into.article_count = int(
        session.scalar(select(func.count()).where(ArticleEntity.entity_id == into.id)) or 0
    )
    add_redirect(session, gone.key, into.key, now)
    session.delete(gone)
    session.flush()


def add_redirect(session: Session, old_key: str, new_key: str, now: datetime) -> None:
    if old_key == new_key:
        return
    session.execute(update(EntityRedirect).where(EntityRedirect.new_key == old_key).values(new_key=new_key))
    row = session.get(EntityRedirect, old_key)
    if row is None:
        session.add(EntityRedirect(old_key=old_key, new_key=new_key, at=now))
    else:
        row.new_key, row.at = new_key, now


def redirected(session: Session, keys: list[str]) -> dict[str, Entity]:
    """Of these keys, those merged away, each with the stored entity it now is."""
    if not keys:
        return {}
    moves = {
        old: new
        for old, new in session.execute(
            select(EntityRedirect.old_key, EntityRedirect.new_key).where(EntityRedirect.old_key.in_(keys))
        ).all()
    }
    if not moves:
        return {}
    rows = {r.key: r for r in session.scalars(select(Entity).where(Entity.key.in_(set(moves.values()))))}
    return {old: rows[new] for old, new in moves.items() if new in rows}


def redirect_of(session: Session, key: str) -> str | None:
    row = session.get(EntityRedirect, key)
    return row.new_key if row is not None else None


def all_entities(
    session: Session, *, after_id: int = 0, limit: int = 5000, kind: str | None = None
) -> list[Entity]:
    query = select(Entity).where(Entity.id > after_id)
    if kind is not None:
        query = query.where(Entity.kind == kind)
    return list(session.scalars(query.order_by(Entity.id).limit(limit)))


def unlink_entity(session: Session, entity: Entity) -> None:
    """Forget an entity that is not one (junk by the current rules)."""
    session.execute(delete(ArticleEntity).where(ArticleEntity.entity_id == entity.id))
    session.delete(entity)
    session.flush()


def kind_votes(session: Session) -> dict[int, dict[str, int]]:
    """For each entity some article's text called by another kind than the one it is stored
    under: the articles that gave each kind (links stored before the vote existed give none)."""
    dissent = (
        select(ArticleEntity.entity_id)
        .join(Entity, Entity.id == ArticleEntity.entity_id)
        .where(ArticleEntity.guessed_kind.is_not(None), ArticleEntity.guessed_kind != Entity.kind)
        .distinct()
    )
    out: dict[int, dict[str, int]] = {}
    for entity_id, kind, n in session.execute(
        select(ArticleEntity.entity_id, ArticleEntity.guessed_kind, func.count())
        .where(ArticleEntity.entity_id.in_(dissent), ArticleEntity.guessed_kind.is_not(None))
        .group_by(ArticleEntity.entity_id, ArticleEntity.guessed_kind)
    ).all():
        out.setdefault(int(entity_id), {})[str(kind)] = int(n)
    return out


def rekey(session: Session, entity: Entity, *, key: str, kind: str, name: str, now: datetime) -> None:
    """Store ``entity`` under another key (its kind or name changed), leaving a redirect of its old key."""
    old = entity.key
    entity.key, entity.kind, entity.name = key, kind, name
    session.flush()
    add_redirect(session, old, key, now)


def guessed_kinds(session: Session, entity: Entity) -> dict[str, int]:
    """Articles linked to ``entity`` by the kind each one's text gave the name (a link stored
    before guesses were kept counts for the entity's own kind)."""
    out: dict[str, int] = {}
    for kind, n in session.execute(
        select(ArticleEntity.guessed_kind, func.count())
        .where(ArticleEntity.entity_id == entity.id)
        .group_by(ArticleEntity.guessed_kind)
    ).all():
        out[kind or entity.kind] = out.get(kind or entity.kind, 0) + int(n)
    return out
