"""Internal sources are allowed one at a time, for their exact host:port: a source's own item
pages are fetched; another internal endpoint, or another source's, is refused (no read-back
SSRF into the operator's network)."""

from __future__ import annotations

from mynews.services.context import Context
from mynews.services.ingestion.catalog import add_source, configure_source
from mynews.services.reading.articles import article, latest
from mynews.store import articles as rows
from tests.feedserver import FeedServer, Route

PAGE = (
    "<html><head><title>Intranet page</title></head><body><article><h1>Quarterly secrets</h1>"
    + "<p>The confidential numbers of the intranet are these, and nobody outside should read them.</p>" * 30
    + "</article></body></html>"
).encode()


def _feed(*links: str, name: str = "Item") -> bytes:
    items = "".join(
        f"<item><title>{name} {n}</title><link>{link}</link><guid>{name}{n}</guid>"
        "<description>Only a teaser.</description></item>"
        for n, link in enumerate(links)
    )
    return (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>{items}</channel></rss>'.encode()
    )


def _errors(ctx: Context) -> dict[str, str | None]:
    """Each stored article's processing note, by its URL's path and query."""
    with ctx.db.reading() as s:
        return {(a.url or "").split("/", 3)[-1]: a.error for a in rows.many(s, list(range(1, 50)))}


def test_a_source_reaches_only_its_own_endpoint(ctx: Context) -> None:
    with FeedServer() as own, FeedServer() as intranet, FeedServer() as other:
        intranet.route("/secret.html", Route(body=PAGE, content_type="text/html"))
        own.route("/story.html", Route(body=PAGE, content_type="text/html"))
        own.route("/feed.xml", Route(body=_feed(own.url("/story.html"), intranet.url("/secret.html"))))
        other.route("/feed.xml", Route(body=_feed(own.url("/story.html") + "?from=other", name="Other")))

        view, _ = add_source(ctx, own.url("/feed.xml"), discover=False, allow_internal=True)
        assert view.id
        errors = _errors(ctx)
        assert errors["story.html"] is None  # its own page, on its own host:port: full text
        assert "blocked" in (errors["secret.html"] or "")  # another internal endpoint: refused
        assert intranet.requests_to("/secret.html") == []

        add_source(ctx, other.url("/feed.xml"), discover=False, allow_internal=True)
        assert "blocked" in (_errors(ctx)["story.html?from=other"] or "")  # another source's endpoint
        assert len(own.requests_to("/story.html")) == 1  # fetched once, for its own source only
        stored = {(a.url or "").split("/", 3)[-1]: a for a in latest(ctx).items}
        assert "confidential numbers" in article(ctx, stored["story.html"].id).text
        assert "confidential numbers" not in article(ctx, stored["story.html?from=other"].id).text


def test_without_the_operator_allowing_it_an_internal_feed_is_refused(ctx: Context) -> None:
    with FeedServer() as server:
        url = server.route("/feed.xml", Route(body=_feed(server.url("/a.html"))))
        view, _ = add_source(ctx, url, discover=False)
        assert server.requests_to("/feed.xml") == []
        from mynews.services.ingestion.catalog import get_source

        refused = get_source(ctx, view.id)
        assert refused is not None and "loopback" in (refused.last_error or "")
        configure_source(ctx, view.id, allow_internal=True)
        from mynews.services.ingestion.refresh import refresh_source

        assert refresh_source(ctx, view.id).status == "ok"
        assert len(server.requests_to("/feed.xml")) == 1
