"""One entity per real thing: a name keeps one key whatever kind spaCy guessed, and the merge
step folds what older rules stored apart (the demo's "Yerevan" twice, "D.C" beside
"Washington", "Sorrow"), with redirects that pages, the API and follows resolve."""

from __future__ import annotations

from datetime import UTC, datetime

from mynews.services.context import Context
from mynews.services.readers.accounts import sign_up
from mynews.services.readers.follows import list_follows, set_follow
from mynews.services.understanding.entity_identity import merge_entities, unify_kinds
from mynews.store import entities as entity_rows
from mynews.store import sources
from mynews.store.entities import FoundEntity
from mynews.store.models import Article

NOW = datetime(2025, 4, 1, tzinfo=UTC)


def _found(name: str, kind: str, key: str) -> FoundEntity:
    return FoundEntity(key, kind, name, (name,), (name,), 1, 1.0)


def _articles(ctx: Context, n: int) -> list[int]:
    with ctx.db.transaction() as session:
        source, _ = sources.get_or_create(session, "push:test", kind="push", now=NOW, title="Test")
        rows = [
            Article(
                title=f"a{i}", published_at=NOW, created_at=NOW, status="ready", first_source_id=source.id
            )
            for i in range(n)
        ]
        session.add_all(rows)
        session.flush()
        return [r.id for r in rows]


def test_a_name_keeps_the_key_it_was_first_stored_under(ctx: Context) -> None:
    first, second, third = _articles(ctx, 3)
    with ctx.db.transaction() as session:
        entity_rows.link_article(session, first, [_found("Zorblat", "person", "person:zorblat")], NOW)
        again = unify_kinds(session, [_found("Zorblat", "organisation", "organisation:zorblat")])
        assert [f.key for f in again] == ["person:zorblat"]
        entity_rows.link_article(session, second, again, NOW)
        # the gazetteer's kind always wins, even against what was stored
        entity_rows.link_article(
            session, third, [_found("Burkina Faso", "person", "person:burkina-faso")], NOW
        )
        fixed = unify_kinds(session, [_found("Burkina Faso", "place", "place:burkina-faso")])
        assert [f.key for f in fixed] == ["place:burkina-faso"]
        assert entity_rows.by_key(session, "person:zorblat").article_count == 2  # type: ignore[union-attr]
        # one name within one article is one entity: the demo stored a Wikinews article's
        # "Calderon" (a person) and "Calderón" (an organisation) as two, both keyed "calderon"
        said = [
            FoundEntity("person:calderon", "person", "Calderon", ("Calderon",), ("Calderon",), 3, 1.0),
            FoundEntity(
                "organisation:calderon", "organisation", "Calderón", ("Calderón",), ("Calderón",), 1, 0.4
            ),
        ]
        one = unify_kinds(session, said)
        assert [(f.key, f.count) for f in one] == [("person:calderon", 4)]
        assert set(one[0].aliases) == {"Calderon", "Calderón"}


def test_merge_folds_what_older_rules_stored_apart(ctx: Context, live_app) -> None:
    import httpx

    ids = _articles(ctx, 4)
    stored = [
        (ids[0], "Yerevan", "person", "person:yerevan"),
        (ids[1], "Yerevan", "place", "place:yerevan"),
        (ids[2], "D.C", "place", "place:d-c"),
        (ids[2], "Washington", "place", "place:washington"),
        (ids[3], "Sorrow", "person", "person:sorrow"),
        (ids[3], "Burkina Faso", "organisation", "organisation:burkina-faso"),
        (ids[0], "U.S. Senate", "organisation", "organisation:u-s-senate"),  # keyed by older rules
        (ids[1], "US Senate", "organisation", "organisation:us-senate"),
    ]
    with ctx.db.transaction() as session:
        for article_id in ids:
            entity_rows.link_article(
                session, article_id, [_found(n, k, key) for a, n, k, key in stored if a == article_id], NOW
            )
    reader = sign_up(ctx, "follower@example.org", "a long password 1")
    set_follow(ctx, reader.id, "entity", "person:yerevan")

    report = merge_entities(ctx)
    assert report.dropped == 1 and report.merged == 3 and report.renamed >= 1

    with ctx.db.reading() as session:
        yerevan = entity_rows.by_key(session, "place:yerevan")
        assert yerevan is not None and yerevan.article_count == 2
        assert entity_rows.by_key(session, "person:yerevan") is None
        washington = entity_rows.by_key(session, "place:washington")
        assert washington is not None and "D.C" in washington.aliases
        assert entity_rows.by_key(session, "person:sorrow") is None
        assert entity_rows.by_key(session, "place:burkina-faso") is not None
        assert entity_rows.redirect_of(session, "organisation:burkina-faso") == "place:burkina-faso"
        senate = entity_rows.by_key(session, "organisation:us-senate")
        assert senate is not None and senate.article_count == 2
        assert entity_rows.redirect_of(session, "organisation:u-s-senate") == "organisation:us-senate"
    assert [(f.kind, f.key) for f in list_follows(ctx, reader.id)] == [("entity", "place:yerevan")]
    with httpx.Client(base_url=live_app.url) as client:
        moved = client.get("/api/v1/entities/person:yerevan")
        assert moved.status_code == 301 and moved.headers["location"] == "/api/v1/entities/place:yerevan"
        assert client.get("/entities/place:d-c").headers["location"] == "/entities/place:washington"
        assert "also written as D.C" in client.get("/entities/place:washington").text
        # a name written one way only says no "also written as" (the demo's Omsk page did, with nothing after it)
        assert "also written as" not in client.get("/entities/place:yerevan").text
    assert merge_entities(ctx) == type(report)(0, 0, 0)  # applying the same rules again changes nothing


def test_a_bare_surname_joins_the_one_full_name_and_later_mentions_follow(ctx: Context) -> None:
    """The demo stored "Putin" (2 articles) beside "Vladimir Putin" (13), "Merkel" beside "Angela
    Merkel": one person, two pages. Only a full name the instance knows well enough, and alone
    with that last word, takes a bare surname; a first name is never taken for one."""
    ids = _articles(ctx, 8)
    stored = {
        "Vladimir Putin": ids[0:2],
        "Putin": ids[2:3],
        "Joshua Wong": ids[0:2],
        "Tak-Sing Wong": ids[3:4],
        "Wong": ids[4:5],  # two full names end with it: which one is meant?
        "Elton John": ids[0:3],
        "John": ids[5:6],  # a first name
        "Robert Hunter": ids[6:7],
        "Hunter": ids[7:8],  # one article of the full name is not enough
    }
    with ctx.db.transaction() as session:
        for article_id in ids:
            found = [
                _found(name, "person", f"person:{name.lower().replace(' ', '-')}")
                for name, where in stored.items()
                if article_id in where
            ]
            entity_rows.link_article(session, article_id, found, NOW)
    reader = sign_up(ctx, "putin-watcher@example.org", "a long password 1")
    set_follow(ctx, reader.id, "entity", "person:putin")

    report = merge_entities(ctx)

    assert report.merged == 1
    with ctx.db.transaction() as session:
        putin = entity_rows.by_key(session, "person:vladimir-putin")
        assert putin is not None and putin.article_count == 3 and "Putin" in putin.aliases
        assert entity_rows.by_key(session, "person:putin") is None
        assert entity_rows.redirect_of(session, "person:putin") == "person:vladimir-putin"
        for kept in ("person:wong", "person:john", "person:hunter"):
            assert entity_rows.by_key(session, kept) is not None, kept
        # a later article's "Putin" joins Vladimir Putin, whatever kind spaCy guesses that day
        later = unify_kinds(
            session,
            [
                _found("Putin", "person", "person:putin"),
                _found("Putin", "organisation", "organisation:putin"),
            ],
        )
        assert [(f.key, f.name) for f in later] == [("person:vladimir-putin", "Vladimir Putin")]
    assert [f.key for f in list_follows(ctx, reader.id)] == ["person:vladimir-putin"]
    assert merge_entities(ctx) == type(report)(0, 0, 0)


def test_an_entity_takes_the_kind_most_of_its_articles_give_it(ctx: Context) -> None:
    """The first article's guess only starts an entity: spaCy called "Kordofan" a person in the
    first article and a place in the next three, so the entity moves to place, with a redirect;
    follows and the events' and storylines' entity counts move with it. Too few votes, or no
    majority, leave the kind as it is."""
    from mynews.store import stories as story_rows
    from mynews.store import storylines as storyline_rows

    ids = _articles(ctx, 10)

    with ctx.db.transaction() as session:
        guesses = {
            "Kordofan": ["person", "place", "place", "place"],  # 3 of 4 say place
            "Zorblat": ["person", "organisation", "organisation"],  # 2 votes are too few
            "Quenya": [
                "person",
                "person",
                "person",
                "person",
                "organisation",
                "organisation",
                "organisation",
            ],
        }
        for n, article_id in enumerate(ids):  # articles one by one, as the pipeline stores them
            said = [
                _found(name, kinds[n], f"{kinds[n]}:{name.lower()}")
                for name, kinds in guesses.items()
                if n < len(kinds)
            ]
            entity_rows.link_article(session, article_id, unify_kinds(session, said), NOW)
        event = story_rows.create(
            session,
            label="e",
            size=4,
            source_count=1,
            entity_counts={"person:kordofan": 4, "place:ethiopia": 2},
        )
        line = storyline_rows.create(
            session,
            label="s",
            entity_counts={"person:kordofan": 3, "place:kordofan": 1},
            size=1,
            article_count=4,
        )
        event_id, line_id = event.id, line.id
    reader = sign_up(ctx, "kordofan-watcher@example.org", "a long password 1")
    set_follow(ctx, reader.id, "entity", "person:kordofan")

    report = merge_entities(ctx)

    assert report.rekinded == 1
    with ctx.db.transaction() as session:
        kordofan = entity_rows.by_key(session, "place:kordofan")
        assert kordofan is not None and kordofan.kind == "place" and kordofan.article_count == 4
        assert entity_rows.by_key(session, "person:kordofan") is None
        assert entity_rows.redirect_of(session, "person:kordofan") == "place:kordofan"
        assert entity_rows.by_key(session, "person:zorblat") is not None
        assert entity_rows.by_key(session, "person:quenya") is not None
        assert story_rows.get(session, event_id).entity_counts == {"place:kordofan": 4, "place:ethiopia": 2}  # type: ignore[union-attr]
        assert storyline_rows.get(session, line_id).entity_counts == {"place:kordofan": 4}  # type: ignore[union-attr]
        # a later article's guess, whatever it is, joins the entity where it now is
        later = unify_kinds(session, [_found("Kordofan", "person", "person:kordofan")])
        assert [f.key for f in later] == ["place:kordofan"]
    assert [f.key for f in list_follows(ctx, reader.id)] == ["place:kordofan"]
    assert merge_entities(ctx) == type(report)(0, 0, 0, 0)


def test_a_page_does_not_give_another_entitys_name_as_an_alias(ctx: Context) -> None:
    """The demo's Russia page said "also written as Moscow" (the government, by metonymy) while
    Moscow, the city, has its own page."""
    from mynews.services.browsing.entities import entity

    first, second = _articles(ctx, 2)
    russia = FoundEntity(
        "place:russia", "place", "Russia", ("Russia", "Moscow", "Russian Federation"), ("Russia",), 2, 1.0
    )
    with ctx.db.transaction() as session:
        entity_rows.link_article(session, first, [russia], NOW)
        entity_rows.link_article(session, second, [_found("Moscow", "place", "place:moscow")], NOW)
    page = entity(ctx, "place:russia")
    assert "Russian Federation" in page.aliases and "Moscow" not in page.aliases
    assert entity(ctx, "place:moscow").name == "Moscow"
