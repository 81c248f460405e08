"""For you's top in two parts, through the JSON API and the page of the real app on loopback:
the stories picked for a reason about the reader, then "More news", the cards it holds for no
such reason, which claim none (in the simulator about one in seven of those was wanted: a
"Something different" on each was wrong six times in seven)."""

from __future__ import annotations

from mynews.rank.reasons import NEWS_FACTS, PERSONAL
from mynews.services.context import Context
from tests.conftest import LiveServer
from tests.readers.news import api, live_the_day_after, sign_up


def _top(client, limit: int = 10) -> list[dict]:  # type: ignore[no-untyped-def]
    return client.get("/api/v1/feed/for-you", params={"limit": limit}).json()["cards"]


def test_the_top_puts_what_was_picked_first_and_more_news_says_no_reason(
    ctx: Context, live_app: LiveServer, news: dict[str, list[int]]
) -> None:
    live_the_day_after(ctx)
    ada = sign_up(live_app.url, "ada@example.org")
    ada_api = api(live_app.url, ada.token())
    new = _top(ada_api)
    # nothing is known of a new reader: nothing is picked for them, no card claims a reason
    # about them (not "Recent" either), and the page asks them to follow or read
    body = ada_api.get("/api/v1/feed/for-you", params={"limit": 30}).json()
    assert body["known"] is False and {c["section"] for c in body["cards"]} == {"more"}
    assert not {d["kind"] for c in body["cards"] for d in c["reason_details"]} - NEWS_FACTS
    first_page = ada.client.get("/for-you").text
    assert (
        first_page.count("<h2>The news for now</h2>") == 1 and "Nothing is picked for you yet" in first_page
    )
    assert "<h2>More news</h2>" not in first_page and "<h2>More for you</h2>" not in first_page
    assert 'href="/welcome"' in first_page
    # these articles have no picture: a card is its headline, with no tile of initials beside it
    cards_html = first_page.split('<li class="story')[1:]
    assert cards_html and not any('class="pic"' in card for card in cards_html)

    # follow the narrowest topic of today's news, and read one of its articles
    shown = [c["article_id"] for c in new]
    today = [k for k in news if len(set(news[k]) & set(shown)) >= 2]
    rare = min(today, key=lambda k: (len(news[k]), k))
    read = next(a for a in shown if a in news[rare])
    assert ada_api.put("/api/v1/follows", json={"kind": "topic", "key": rare}).status_code == 200
    assert (
        ada_api.post("/api/v1/signals", json={"article_id": read, "kind": "read", "value": 120}).status_code
        == 204
    )
    assert ada_api.get("/api/v1/feed/for-you").json()["known"] is True
    cards = _top(ada_api)
    sections = [c["section"] for c in cards]
    assert (
        "picked" in sections
        and "more" in sections
        and sections == sorted(sections, key=lambda s: s == "more")
    )
    for card in cards:
        kinds = {d["kind"] for d in card["reason_details"]}
        if card["section"] == "more":
            assert not kinds & PERSONAL, card  # no "Because you read", "Similar", "You follow"
            assert "explore" not in kinds and "recent" not in kinds
        else:
            assert kinds & PERSONAL, card

    # the page: the picked cards with their reasons, then "More news" with none about the reader
    page = ada.client.get("/for-you").text
    assert page.count("<h2>More news</h2>") == 1
    before, after = page.split("<h2>More news</h2>")
    picked = before.split('<li class="story')[1:]
    assert picked and all('class="reasons"' in card for card in picked)
    more = after.split('<li class="section-head">')[0].split('<li class="story')[1:]
    assert more
    personal = ("You follow", "Mentions", "Because you read", "Similar to", "New in")
    assert not any(p in card for card in more for p in personal)
