"""What a new reader is offered to follow: the entities articles are about, not the platforms
they name in passing, and a publisher as its source rather than as an entity."""

from __future__ import annotations

from datetime import UTC, datetime

from mynews.services.context import Context
from mynews.services.readers.follows import suggestions
from mynews.store import entities as entity_rows
from mynews.store import sources
from mynews.store.entities import FoundEntity
from mynews.store.models import Article

NOW = datetime(2025, 4, 1, tzinfo=UTC)


def _entity(name: str, kind: str, salience: float) -> FoundEntity:
    key = f"{kind}:{name.lower()}"
    return FoundEntity(key, kind, name, (name,), (name,), 1, salience)


def test_entities_offered_are_what_articles_are_about(ctx: Context) -> None:
    with ctx.db.transaction() as session:
        source, _ = sources.get_or_create(session, "push:wn", kind="push", now=NOW, title="Wikinews")
        rows = [
            Article(
                title=f"a{i}", published_at=NOW, created_at=NOW, status="ready", first_source_id=source.id
            )
            for i in range(6)
        ]
        session.add_all(rows)
        session.flush()
        for i, article in enumerate(rows):
            found = [_entity("Twitter", "organisation", 0.1), _entity("Wikinews", "organisation", 0.9)]
            if i < 3:
                found.append(_entity("Iran", "place", 0.8))
            if i < 2:
                found.append(_entity("Armenia", "place", 0.6))
            entity_rows.link_article(session, article.id, found, NOW)

    offered = suggestions(ctx, limit=2)
    assert [(s.name, s.count) for s in offered.entities] == [("Iran", 3), ("Armenia", 2)]
    assert [s.name for s in offered.sources] == ["Wikinews"]
    # topped up from the most covered overall, still never the source's own name
    assert [s.name for s in suggestions(ctx, limit=3).entities] == ["Iran", "Armenia", "Twitter"]


def test_subjects_come_before_publishers_labels(ctx: Context) -> None:
    from mynews.store.models import ArticleTopic, Topic

    with ctx.db.transaction() as session:
        source, _ = sources.get_or_create(session, "push:gv", kind="push", now=NOW, title="Global Voices")
        label = Topic(
            key="gv:arts-culture", kind="section", name="Arts & Culture", article_count=5, created_at=NOW
        )
        subject = Topic(
            key="iptc:arts-culture",
            kind="iptc",
            name="Arts, culture and media",
            article_count=2,
            created_at=NOW,
        )
        session.add_all([label, subject])
        session.flush()
        for i in range(5):
            article = Article(
                title=f"a{i}", published_at=NOW, created_at=NOW, status="ready", first_source_id=source.id
            )
            session.add(article)
            session.flush()
            session.add(ArticleTopic(article_id=article.id, topic_id=label.id))
            if i < 2:
                session.add(ArticleTopic(article_id=article.id, topic_id=subject.id))

    assert [t.name for t in suggestions(ctx, limit=2).topics] == ["Arts, culture and media", "Arts & Culture"]
