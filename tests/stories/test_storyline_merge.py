"""Two storylines that grow into one thing merge: the pure decision, and the stored rows (the
smaller's events move, its id redirects, its followers follow the one that stays)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mynews.enrich.embeddings import to_bytes
from mynews.services.context import Context
from mynews.services.readers.accounts import sign_up
from mynews.services.understanding.storyline_state import merge_if_one
from mynews.store import reader_activity
from mynews.store import stories as story_rows
from mynews.store import storylines as storyline_rows
from mynews.store.models import Follow, Storyline
from mynews.stories.storylines import (
    StorylineState,
    keeps_identity,
    merge_storylines,
    merge_target,
)
from tests.stories.vectors import unit

T0 = datetime(2025, 1, 10, 12, tzinfo=UTC)


def _state(sid: int, vector, entities: dict[str, int], articles: int, start: datetime) -> StorylineState:
    return StorylineState(sid, vector, entities, start, start + timedelta(days=3), 2, articles)


GAZA = unit(1)


def test_one_thing_in_two_storylines_merges_into_the_larger() -> None:
    big = _state(1, unit(2, GAZA), {"place:gaza": 8, "org:hamas": 6}, 8, T0)
    small = _state(2, unit(3, GAZA), {"place:gaza": 2, "org:hamas": 1}, 2, T0 + timedelta(days=1))
    unrelated = _state(3, unit(4), {"place:peru": 3}, 3, T0)
    decision = merge_target(small, [small, unrelated, big])
    assert decision.storyline_id == 1 and decision.score >= 0.6
    assert merge_target(unrelated, [big, small]).storyline_id is None
    assert keeps_identity(big, small) and not keeps_identity(small, big)
    merged = merge_storylines(big, small)
    assert merged.storyline_id == 1 and merged.article_count == 10 and merged.size == 4
    assert merged.entity_counts == {"place:gaza": 10, "org:hamas": 7}
    assert merged.last_published == small.last_published


def test_storylines_far_apart_in_time_stay_apart() -> None:
    early = _state(1, unit(2, GAZA), {"place:gaza": 4}, 4, T0)
    late = _state(2, unit(3, GAZA), {"place:gaza": 4}, 4, T0 + timedelta(days=400))
    assert merge_target(late, [early]).storyline_id is None


def test_stored_storylines_merge_with_redirect_and_follows(ctx: Context) -> None:
    reader = sign_up(ctx, "merge@example.org", "a long enough passphrase")
    with ctx.db.transaction() as session:
        rows = []
        for n, (seed, articles) in enumerate(((2, 8), (3, 2))):
            line = storyline_rows.create(
                session,
                label=f"Gaza {n}",
                centroid=to_bytes(unit(seed, GAZA)),
                entity_counts={"place:gaza": articles},
                size=1,
                article_count=articles,
                first_published=T0 + timedelta(days=n),
                last_published=T0 + timedelta(days=n + 2),
            )
            event = story_rows.create(
                session,
                label=f"event {n}",
                storyline_id=line.id,
                centroid=to_bytes(unit(seed, GAZA)),
                entity_counts={"place:gaza": articles},
                size=articles,
                source_count=1,
                first_published=T0 + timedelta(days=n),
                last_published=T0 + timedelta(days=n + 2),
            )
            rows.append((line.id, event))
        (kept, _), (gone, event) = rows
        reader_activity.put_follow(
            session, reader.id, kind="storyline", key=str(gone), name="Gaza 1", muted=False, now=T0
        )
        assert merge_if_one(session, event, [kept], None, T0 + timedelta(days=3)) == gone
    with ctx.db.reading() as session:
        assert session.get(Storyline, gone) is None
        line = session.get(Storyline, kept)
        assert line is not None and line.article_count == 10 and line.size == 2
        assert set(storyline_rows.event_ids(session, kept)) == {rows[0][1].id, rows[1][1].id}
        assert storyline_rows.resolve(session, "storyline", gone) == kept
        follows = [(f.kind, f.key) for f in session.query(Follow).filter(Follow.reader_id == reader.id)]
        assert follows == [("storyline", str(kept))]
