"""A storyline's events nearest one of them in time (an event page's "More in ...")."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mynews.store import stories as story_rows
from mynews.store import storylines as storyline_rows
from mynews.store.db import Database

START = datetime(2025, 1, 1, tzinfo=UTC)


def test_the_nearest_events_before_and_after_newest_first(db: Database) -> None:
    with db.transaction() as session:
        line = storyline_rows.create(session, label="Gaza war", size=9, entity_counts={})
        other = storyline_rows.create(session, label="Kivu conflict", size=1, entity_counts={})
        days = {}
        for day in (0, 2, 3, 5, 8, 9, 12, 20, 30):
            event = story_rows.create(
                session, label=f"day {day}", storyline_id=line.id, first_published=START + timedelta(days=day)
            )
            days[day] = event.id
        story_rows.create(
            session, label="elsewhere", storyline_id=other.id, first_published=START + timedelta(days=8)
        )
        line_id, other_id = line.id, other.id
    with db.reading() as session:
        near = storyline_rows.events_around(session, line_id, START + timedelta(days=8), days[8])
        assert [e.label for e in near] == ["day 12", "day 9", "day 5", "day 3", "day 2"]
        first = storyline_rows.events_around(session, line_id, START, days[0])
        assert [e.label for e in first] == ["day 3", "day 2"]  # nothing earlier: only the two later
        assert (
            storyline_rows.events_around(session, other_id, START + timedelta(days=8), 0)[0].label
            == "elsewhere"
        )
