"""IPTC topics only when the classifier is sure, end to end: pushed articles are understood, a
clear one gets its subject and an unclear one none; a reader who follows both subjects is told
"You follow <topic>" only on the clear one; re-choosing topics after a model change drops a
topic the shipped classifier is not sure of."""

from __future__ import annotations

import pytest

from mynews.services.context import Context
from mynews.services.ingestion.push import PushedArticle, create_push_source, push
from mynews.services.readers import accounts, follows
from mynews.services.reading.articles import article_context
from mynews.services.reading.feed import for_you
from mynews.services.understanding.rebuild import reassign_iptc
from mynews.store import topics as topic_rows

pytestmark = pytest.mark.slow

QUAKE = PushedArticle(
    title="Earthquake kills dozens in eastern Turkey",
    id="quake",
    text="A magnitude 6.8 earthquake struck eastern Turkey on Friday, killing at least 40 people and "
    "destroying hundreds of buildings. Rescue teams are searching the rubble for survivors.",
)
NOTES = PushedArticle(
    title="Notes from Tuesday",
    id="notes",
    text="Some thoughts on the week, a few links and a picture of the garden.",
)


def _iptc(ctx: Context, article_id: int) -> list[str]:
    return [t.key for t in article_context(ctx, article_id)[1] if t.kind == "iptc"]


def test_only_confident_topics_are_stored_followed_and_given_as_reasons(ctx: Context) -> None:
    ctx.settings.enrich_enabled = True
    _, token = create_push_source(ctx, "Daily Wire Service")
    quake, notes = (r.article_id for r in push(ctx, token, [QUAKE, NOTES]))
    assert _iptc(ctx, quake) == ["iptc:disaster-accident-emergency"]
    assert _iptc(ctx, notes) == []  # no topic rather than a guess

    with ctx.db.transaction() as session:  # the notes' best guess, a topic other articles have
        topic_rows.upsert(
            session,
            key="iptc:arts-culture-entertainment-media",
            kind="iptc",
            name="Arts",
            now=ctx.clock.now(),
        )
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery", name="Ada")
    for key in ("iptc:disaster-accident-emergency", "iptc:arts-culture-entertainment-media"):
        follows.set_follow(ctx, reader.id, "topic", key)
    cards = {c.article_id: c for c in for_you(ctx, reader.id).cards}
    assert any(r.startswith("You follow Disaster") for r in cards[quake].reasons), cards[quake].reasons
    if notes in cards:
        assert not any(r.startswith("You follow") for r in cards[notes].reasons), cards[notes].reasons

    # A topic stored by an older, less careful model is re-chosen away.
    with ctx.db.transaction() as session:
        stale = topic_rows.upsert(
            session, key="iptc:politics", kind="iptc", name="Politics", now=ctx.clock.now()
        )
        topic_rows.link(session, notes, stale, 0.41)
    assert _iptc(ctx, notes) == ["iptc:politics"]
    assert reassign_iptc(ctx) == 2
    assert _iptc(ctx, notes) == [] and _iptc(ctx, quake) == ["iptc:disaster-accident-emergency"]


def test_migrate_rechooses_only_the_topics_an_older_model_chose(ctx: Context) -> None:
    """An upgrade that ships a new topic model: `mynews migrate` (a real process on the same
    database) re-chooses the topics of articles an older model chose, and only those."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    from sqlalchemy import update

    from mynews.enrich.topics import topic_model_name
    from mynews.store.models import Article

    ctx.settings.enrich_enabled = True
    _, token = create_push_source(ctx, "Daily Wire Service")
    quake, notes = (r.article_id for r in push(ctx, token, [QUAKE, NOTES]))
    with ctx.db.transaction() as session:
        assert {a.topic_model for a in session.query(Article)} == {topic_model_name()}
        stale = topic_rows.upsert(
            session, key="iptc:politics", kind="iptc", name="Politics", now=ctx.clock.now()
        )
        topic_rows.link(session, notes, stale, 0.41)  # by an older model
        topic_rows.link(session, quake, stale, 0.41)  # by hand, after the current model chose
        session.execute(update(Article).where(Article.id == notes).values(topic_model="classifier:older"))

    env = {
        **os.environ,
        "MYNEWS_DATA_DIR": str(ctx.settings.data_dir),
        "MYNEWS_DATABASE_URL": ctx.db.url,
        "MYNEWS_ENRICH_ENABLED": "false",
    }
    mynews = str(Path(sys.executable).with_name("mynews"))
    done = subprocess.run(
        [mynews, "migrate"], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert f"IPTC topics re-chosen for 1 article by {topic_model_name()}" in " ".join(done.stderr.split())
    assert _iptc(ctx, notes) == []
    assert sorted(_iptc(ctx, quake)) == ["iptc:disaster-accident-emergency", "iptc:politics"]
    with ctx.db.reading() as session:
        assert {a.topic_model for a in session.query(Article)} == {topic_model_name()}

    again = subprocess.run(
        [mynews, "migrate"], capture_output=True, text=True, env=env, timeout=300, check=False
    )
    assert again.returncode == 0 and "re-chosen" not in again.stderr
