"""Operator pages: the topics page with rule topics is for admins only, and saving a rule applies
it to stored articles; feed pages record impressions."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from mynews.services.context import Context
from mynews.store.models import Signal
from tests.conftest import LiveServer
from tests.readers.news import sign_up


def test_the_topics_page_is_for_admins(live_app: LiveServer, news: dict[str, list[int]]) -> None:
    operator = sign_up(live_app.url, "operator@example.org")
    reader = sign_up(live_app.url, "reader@example.org")
    assert reader.client.get("/admin/topics").status_code == 403
    assert reader.post("/admin/topics", {"name": "Tibet", "keywords": "Tibet"}).status_code == 403
    assert (
        operator.client.post("/admin/topics", data={"name": "Tibet", "keywords": "Tibet"}).status_code == 403
    )
    page = operator.client.get("/admin/topics")
    assert page.status_code == 200 and "East Asia" in page.text


def test_saving_a_rule_topic_applies_it(live_app: LiveServer, news: dict[str, list[int]]) -> None:
    operator = sign_up(live_app.url, "operator@example.org")
    page = operator.post("/admin/topics", {"name": "Tibet", "keywords": "Tibet, Tibetan"})
    assert page.status_code == 200
    assert "Saved “Tibet”" in page.text
    count = int(page.text.split("Saved “Tibet”: ")[1].split(" articles")[0])
    assert count >= 1
    assert "Tibet" in operator.client.get("/admin/topics").text


def test_the_topics_page_says_which_model_chose_the_topics(
    live_app: LiveServer, ctx: Context, news: dict[str, list[int]]
) -> None:
    """After an upgrade that ships new topic weights, the operator sees how many stored articles
    keep topics an older model chose, until `mynews migrate` re-chooses them."""
    from sqlalchemy import update

    from mynews.enrich.topics import topic_model_name
    from mynews.services.understanding.rebuild import reassign_iptc
    from mynews.store.models import Article

    operator = sign_up(live_app.url, "operator@example.org")
    ids = [i for group in news.values() for i in group][:3]
    with ctx.db.transaction() as session:  # as if an older model had chosen them
        session.execute(
            update(Article)
            .where(Article.id.in_(ids))
            .values(vector=bytes(4 * 384), topic_model="classifier:older")
        )
    page = operator.client.get("/admin/topics").text
    assert topic_model_name() in page
    assert "3 stored articles still have topics an older model chose" in " ".join(page.split())
    assert reassign_iptc(ctx, stale_only=True) == 3
    page = operator.client.get("/admin/topics").text
    assert "older model" not in page and "It chose the subjects of every stored article" in " ".join(
        page.split()
    )


def _impressions(ctx: Context) -> int:
    with ctx.db.reading() as session:
        return int(session.scalar(select(func.count(Signal.id)).where(Signal.kind == "impression")) or 0)


def test_the_for_you_page_posts_its_impressions(
    live_app: LiveServer, ctx: Context, news: dict[str, list[int]]
) -> None:
    """A GET of a feed writes nothing; the page posts the cards it showed (as app.js does)."""
    reader = sign_up(live_app.url, "reader@example.org")
    reader.post("/welcome", {})
    page = reader.client.get("/")
    assert page.status_code == 200
    shown = re.findall(r'<li class="story[^"]*" data-article-id="(\d+)"', page.text)
    assert len(shown) == 30 and _impressions(ctx) == 0
    answer = reader.post("/signals/impressions", {"ids": ",".join(shown)})
    assert answer.status_code == 204
    assert _impressions(ctx) == 30
    without_csrf = reader.client.post("/signals/impressions", data={"ids": shown[0]})
    assert without_csrf.status_code == 403 and _impressions(ctx) == 30
