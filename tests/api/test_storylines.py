"""Events and storylines over real HTTP: real news items pushed by publishers become events that
join storylines; both have JSON, pages and follows; a gone id redirects to where it went, and
re-clustering keeps identities."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime

import httpx
import pytest

from mynews.services.context import Context
from mynews.services.ingestion.push import create_push_source
from mynews.services.readers.accounts import create_token, sign_up
from mynews.services.reading.articles import article
from mynews.services.understanding.rebuild import recluster
from mynews.store import storylines as storyline_rows
from tests.conftest import LiveServer
from tests.stories.current_events import MONTH, load

pytestmark = pytest.mark.slow

UKRAINE = "Russian invasion of Ukraine"


def _items() -> list:
    """The first five days of January 2025 (about a hundred items)."""
    return [i for i in load(MONTH) if i.day.day <= 5]


def _push(ctx: Context, server: LiveServer, items: list) -> dict[str, int]:
    _, token = create_push_source(ctx, "Current events")
    out = {}
    with httpx.Client(base_url=server.url, timeout=120) as client:
        for day in sorted({i.day for i in items}):
            ctx.clock.set_to(datetime(day.year, day.month, day.day, 23, 59, tzinfo=UTC))  # type: ignore[attr-defined]
            batch = [i for i in items if i.day == day]
            body = {
                "articles": [
                    {"id": i.id, "title": i.title, "text": i.text, "published": i.published.isoformat()}
                    for i in batch
                ]
            }
            r = client.post("/api/v1/articles/batch", json=body, headers={"Authorization": f"Bearer {token}"})
            assert r.status_code == 202, r.text
            out.update({i.id: res["article_id"] for i, res in zip(batch, r.json(), strict=True)})
    return out


@pytest.fixture
def pushed(ctx: Context, live_app: LiveServer) -> tuple[Context, LiveServer, list, dict[str, int]]:
    from mynews.core.clock import FixedClock

    ctx.clock = FixedClock()
    ctx.settings.enrich_enabled = True
    items = _items()
    return ctx, live_app, items, _push(ctx, live_app, items)


def test_events_join_storylines_with_json_pages_and_follows(pushed) -> None:
    ctx, server, items, ids = pushed
    events = {i.id: article(ctx, ids[i.id]).story_id for i in items}
    assert all(events.values())
    ukraine = [events[i.id] for i in items if i.top_story == UKRAINE]
    biggest, _ = Counter(ukraine).most_common(1)[0]
    with httpx.Client(base_url=server.url) as client:
        event = client.get(f"/api/v1/stories/{biggest}").json()
        assert event["level"] == "event" and event["storyline"]["id"]
        line_id = event["storyline"]["id"]
        line = client.get(f"/api/v1/storylines/{line_id}").json()
        assert line["level"] == "storyline" and line["follow"] == {"kind": "storyline", "key": str(line_id)}
        # one publisher pushed everything: every storyline and event counts it (the demo's
        # one-article storylines said "1 article from 0 sources": counted before the article
        # was linked to its event)
        lines = {events[i.id] for i in items}
        for story_id in sorted(lines)[:40]:
            got = client.get(f"/api/v1/stories/{story_id}").json()
            assert got["source_count"] == 1, got
            sl = client.get(f"/api/v1/storylines/{got['storyline']['id']}", follow_redirects=True).json()
            assert sl["source_count"] == 1, sl
        assert biggest in [e["id"] for e in line["events"]]
        assert sum(e["size"] for e in line["events"]) == line["article_count"] >= event["size"]
        starts = [e["first_published"] for e in line["events"]]
        assert starts == sorted(starts)
        assert any(s["id"] == line_id for s in client.get("/api/v1/storylines?min_events=1").json())

        page = client.get(f"/storylines/{line_id}")
        assert page.status_code == 200 and line["label"].split(" · ")[0] in page.text
        assert f'href="/stories/{biggest}"' in page.text

        reader = sign_up(ctx, "reader@example.org", "a long password 1")
        _, token = create_token(ctx, reader.id, "tests")
        auth = {"Authorization": f"Bearer {token}"}
        followed = client.put(
            "/api/v1/follows", json={"kind": "storyline", "key": str(line_id)}, headers=auth
        )
        assert followed.status_code == 200, followed.text
        assert followed.json()["name"] == line["label"]
        missing = client.put("/api/v1/follows", json={"kind": "storyline", "key": "999999"}, headers=auth)
        assert missing.status_code == 404

        # the storyline's news reaches For you ("New in <storyline>") and Following
        in_line = {ids[i.id] for i in items if events[i.id] in {e["id"] for e in line["events"]}}
        cards = client.get("/api/v1/feed/for-you?limit=30", headers=auth).json()["cards"]
        new_in = [c for c in cards if c["reasons"][:1] == [f"New in {line['label']}"]]
        assert new_in and {c["article_id"] for c in new_in} <= in_line
        assert all(
            c["reasons"] or c["section"] == "more" for c in cards
        )  # what says no reason is "More news"
        assert cards[0]["article_id"] in in_line
        following = client.get("/api/v1/feed/following?limit=50", headers=auth).json()["cards"]
        assert following and {c["article_id"] for c in following} <= in_line
        assert following[0]["reasons"] == [f"You follow {line['label']}"]


def test_gone_ids_redirect_and_reclustering_keeps_identities(pushed) -> None:
    ctx, server, items, ids = pushed
    before = {i.id: article(ctx, ids[i.id]).story_id for i in items}
    with ctx.db.transaction() as session:
        line_id = storyline_rows.storyline_of_events(session, [before[items[0].id]])[before[items[0].id]]
        storyline_rows.add_redirect(session, "storyline", 888888, line_id, "merge", ctx.clock.now())
        storyline_rows.add_redirect(session, "event", 777777, before[items[0].id], "merge", ctx.clock.now())
    with httpx.Client(base_url=server.url) as client:
        moved = client.get("/api/v1/storylines/888888?x=1")
        assert moved.status_code == 301 and moved.headers["location"] == f"/api/v1/storylines/{line_id}?x=1"
        assert client.get("/storylines/888888").headers["location"] == f"/storylines/{line_id}"
        assert (
            client.get("/api/v1/stories/777777").headers["location"]
            == f"/api/v1/stories/{before[items[0].id]}"
        )
        assert client.get("/api/v1/storylines/999999").status_code == 404

    recluster(ctx, datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 6, tzinfo=UTC))
    after = {i.id: article(ctx, ids[i.id]).story_id for i in items}
    kept = sum(before[k] == after[k] for k in before)
    assert kept >= 0.8 * len(before)  # the same decisions, replayed: identities stay
    with ctx.db.reading() as session:
        for old in set(before.values()) - set(after.values()):
            assert storyline_rows.resolve(session, "event", old) in set(after.values())


def test_an_entity_page_lists_the_storylines_it_runs_through(pushed) -> None:
    """An entity's page leads to the storylines its articles belong to (the demo's Russia page
    listed one job advert as its only story, and no storyline)."""
    from mynews.store import entities as entity_rows

    ctx, server, _items, ids = pushed
    with ctx.db.reading() as session:
        line_of = {
            a: line
            for a, (_, line, _) in storyline_rows.article_storylines(session, list(ids.values())).items()
        }
        biggest, _ = Counter(line_of.values()).most_common(1)[0]
        members = [a for a, line in line_of.items() if line == biggest]
        named = Counter(
            k for keys in entity_rows.keys_of_articles(session, members).values() for k in set(keys)
        )
    key, mentions = named.most_common(1)[0]
    assert mentions >= 2
    with httpx.Client(base_url=server.url) as client:
        data = client.get(f"/api/v1/entities/{key}").json()
        shown = data["storylines"]
        assert all(s["mentions"] >= 2 and s["article_count"] >= s["mentions"] for s in shown)
        assert [s["mentions"] for s in shown] == sorted((s["mentions"] for s in shown), reverse=True)
        mine = next(s for s in shown if s["id"] == biggest)
        assert mine["mentions"] == mentions and mine["article_count"] == len(members)
        assert all(n >= 2 for _, _, n in data["stories"])  # a story met once is its article
        page = client.get(f"/entities/{key}")
        assert page.status_code == 200 and f'href="/storylines/{biggest}"' in page.text
        if data["next_cursor"]:  # the storylines are the first page's
            later = client.get(f"/api/v1/entities/{key}", params={"cursor": data["next_cursor"]}).json()
            assert later["storylines"] == []


def test_an_event_page_shows_its_storylines_nearest_other_events(pushed) -> None:
    """The demo's one-article event "On the campaign trail in the USA, August 2020" said only
    "part of" its storyline; its page now lists the storyline's events nearest in time."""
    ctx, server, _items, ids = pushed
    with ctx.db.reading() as session:
        line_of = storyline_rows.article_storylines(session, list(ids.values()))
        events_of: dict[int, set[int]] = {}
        for event, line, _ in line_of.values():
            events_of.setdefault(line, set()).add(event)
        line, events = max(events_of.items(), key=lambda kv: (len(kv[1]), -kv[0]))
        starts = {e.id: e.first_published for e in storyline_rows.events(session, line)}
    assert len(events) >= 2
    event = sorted(events)[len(events) // 2]
    with httpx.Client(base_url=server.url) as client:
        data = client.get(f"/api/v1/stories/{event}").json()
        around = [e["id"] for e in data["around"]]
        assert around and event not in around and set(around) <= events
        assert len(around) <= 5 and len(set(around)) == len(around)
        # the nearest in time: no event left out is closer to this one than every one shown
        gap = {e: abs((starts[e] - starts[event]).total_seconds()) for e in events - {event}}
        assert max(gap[e] for e in around) <= min(
            (gap[e] for e in events - {event} - set(around)), default=1e18
        )
        page = client.get(f"/stories/{event}")
        assert page.status_code == 200
        assert all(f'href="/stories/{e}"' in page.text for e in around)
        assert f'href="/storylines/{line}"' in page.text
