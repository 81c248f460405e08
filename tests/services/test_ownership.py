"""Publishers own their URLs: a URL first stored by a source that is not its site (an
aggregator, another publisher) is taken over when its own site delivers it, and the row gets
the real text. A date more than a day ahead is stored as the arrival time and flagged."""

from __future__ import annotations

from datetime import UTC, datetime

from mynews.services.context import Context
from mynews.services.ingestion.catalog import add_source, article_problems
from mynews.services.ingestion.push import PushedArticle, create_push_source, push
from mynews.services.reading.articles import article, latest
from tests.feedserver import FeedServer, Route


def _feed(link: str, text: str) -> bytes:
    body = f"<p>{text}</p>" * 40
    return f"""<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>
<title>T</title><item><title>The story</title><link>{link}</link><guid>{link}</guid>
<content:encoded><![CDATA[{body}]]></content:encoded></item></channel></rss>""".encode()


def test_the_site_of_a_url_takes_over_what_another_source_stored_first(ctx: Context) -> None:
    with FeedServer() as aggregator, FeedServer() as site:
        url = site.url("/story.html")
        aggregator.route("/feed.xml", Route(body=_feed(url, "A fake version of the story.")))
        site.route("/feed.xml", Route(body=_feed(url, "The real text of the story.")))
        add_source(ctx, aggregator.url("/feed.xml"), discover=False, allow_internal=True)
        (first,) = latest(ctx).items
        assert "fake version" in article(ctx, first.id).text
        add_source(ctx, site.url("/feed.xml"), discover=False, allow_internal=True)
        (owned,) = latest(ctx).items
        assert owned.id == first.id  # one row per URL, still
        stored = article(ctx, owned.id)
        assert "The real text of the story." in stored.text and "fake version" not in stored.text
        assert stored.status == "ready"
        # The aggregator delivering it again changes nothing.
        add_source(ctx, aggregator.url("/feed.xml") + "?again", discover=False, allow_internal=True)
        assert "The real text" in article(ctx, owned.id).text


def test_a_date_far_ahead_is_clamped_and_shown_to_the_operator(ctx: Context) -> None:
    _, token = create_push_source(ctx, "Future", hosts=["future.example"])
    before = datetime.now(UTC)
    (result,) = push(
        ctx,
        token,
        [
            PushedArticle(
                title="From the future", id="f", text="Text.", published=datetime(9999, 12, 31, tzinfo=UTC)
            )
        ],
    )
    stored = article(ctx, result.article_id)
    assert before <= stored.published_at <= datetime.now(UTC)
    (problem,) = article_problems(ctx)
    assert problem.id == result.article_id and problem.claimed_published_at is not None
    assert problem.claimed_published_at.year == 9999
