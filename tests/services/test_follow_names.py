"""A followed storyline or event that is renamed as it grows is called by its new name wherever
the reader sees the follow (the Following page, "New in <name>" on For you)."""

from __future__ import annotations

from datetime import UTC, datetime

from mynews.services.context import Context
from mynews.services.readers.accounts import sign_up
from mynews.services.readers.follows import list_follows, set_follow
from mynews.services.understanding.storyline_state import relabel
from mynews.store import stories as story_rows
from mynews.store import storylines as storyline_rows

WHEN = datetime(2012, 5, 9, 12, tzinfo=UTC)


def test_a_followed_storyline_renamed_as_it_grows_is_followed_under_its_new_name(ctx: Context) -> None:
    def make(session):  # type: ignore[no-untyped-def]
        line = storyline_rows.create(
            session,
            label="Palestine: Mass Hunger Strike by Prisoners",
            entity_counts={},
            size=1,
            article_count=1,
        )
        story_rows.create(
            session,
            label="Palestine: Mass Hunger Strike by Prisoners",
            entity_counts={},
            size=1,
            source_count=1,
            storyline_id=line.id,
            first_published=WHEN,
            last_published=WHEN,
        )
        return line.id

    line_id = ctx.db.write(make)
    ada = sign_up(ctx, "ada@example.org", "correct horse battery")
    set_follow(ctx, ada.id, "storyline", str(line_id))
    bob = sign_up(ctx, "bob@example.org", "correct horse battery")
    set_follow(ctx, bob.id, "storyline", str(line_id), muted=True)
    assert [f.name for f in list_follows(ctx, ada.id)] == ["Palestine: Mass Hunger Strike by Prisoners"]

    def grow(session):  # type: ignore[no-untyped-def]
        story_rows.create(
            session,
            label="Palestine: Agreement Made to End Prisoners' Hunger Strike",
            entity_counts={},
            size=1,
            source_count=1,
            storyline_id=line_id,
            first_published=WHEN,
            last_published=WHEN,
        )
        line = storyline_rows.get(session, line_id)
        line.article_count = 2
        relabel(session, line, None)
        return line.label

    label = ctx.db.write(grow)
    assert label == "Hunger strike"  # what both headlines say
    assert [f.name for f in list_follows(ctx, ada.id)] == ["Hunger strike"]
    assert [(f.name, f.muted) for f in list_follows(ctx, bob.id)] == [("Hunger strike", True)]
