"""Use case (background worker only): fetch an article's pictures and its source's icon through
the guarded fetcher, re-encode them (ingest.images) and store them, so that pages serve them
from our own origin. Each address is fetched once, whatever the number of articles naming it;
a failure is recorded on its row (retried a few times when it may pass, never when the bytes
were not a picture or too large)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from mynews.core.errors import FetchError
from mynews.ingest.body_images import image_sources
from mynews.ingest.images import ImageRejected, decode
from mynews.services.context import Context
from mynews.services.ingestion import fetching
from mynews.store import articles, sources
from mynews.store import images as image_rows

log = logging.getLogger(__name__)
MAX_PER_ARTICLE = 12


@dataclass
class PictureReport:
    ready: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)


def article_picture_urls(lead_image: str | None, body_html: str | None) -> list[str]:
    """The lead picture first, then the body's pictures (http and https only)."""
    urls = [lead_image] if lead_image and lead_image.startswith(("http://", "https://")) else []
    return list(dict.fromkeys(urls + image_sources(body_html)))[:MAX_PER_ARTICLE]


def source_icon_url(icon_url: str | None, site_url: str | None) -> str | None:
    """The feed's own icon, else the site's /favicon.ico."""
    if icon_url and icon_url.startswith(("http://", "https://")):
        return icon_url
    parts = urlsplit(site_url or "")
    return f"{parts.scheme}://{parts.netloc}/favicon.ico" if parts.scheme in ("http", "https") else None


def fetch_for_article(ctx: Context, article_id: int) -> PictureReport:
    """Fetch whatever of the article's pictures (and its source's icon) is still due."""
    with ctx.db.reading() as session:
        article = articles.get(session, article_id)
        if article is None:
            return PictureReport()
        urls = article_picture_urls(article.lead_image, article.body_html)
        source = sources.get(session, article.first_source_id) if article.first_source_id else None
        if source is not None and source.kind not in ("corpus", "file"):
            icon = source_icon_url(source.icon_url, source.site_url or source.url)
            urls += [icon] if icon else []
        allowance = source.fetch_allowance if source is not None else None
    return fetch_urls(ctx, urls, allowance=allowance)


def fetch_urls(ctx: Context, urls: list[str], *, allowance: str | None = None) -> PictureReport:
    """Fetch the due ones of ``urls``; ``allowance`` (the source's own internal endpoint) opens
    only the URLs on exactly that ``host:port``."""
    report = PictureReport()
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        image_rows.ensure(session, urls, now)
    with ctx.db.reading() as session:
        todo = image_rows.due(session, urls)
    for url in todo:
        _fetch_one(ctx, url, report, fetching.allowance_for(allowance, url))
    return report


def _fetch_one(ctx: Context, url: str, report: PictureReport, allowance: str | None) -> None:
    final = False
    try:
        result = fetching.fetch_image(ctx.settings, url, allowance=allowance)
        picture = decode(result.body, max_pixels=ctx.settings.image_max_pixels)
    except FetchError as err:
        error, final = f"{err.kind}: {err.message}", err.kind in ("too_large", "blocked", "gone")
    except ImageRejected as err:
        error, final = f"rejected ({err})", True
    else:
        with ctx.db.transaction() as session:
            image_rows.store_ready(
                session,
                url,
                picture.content_hash,
                (picture.width, picture.height),
                picture.renditions,
                ctx.clock.now(),
            )
        report.ready.append(url)
        return
    log.info("picture %s not stored: %s", url, error)
    with ctx.db.transaction() as session:
        image_rows.store_failure(session, url, error, ctx.clock.now(), final=final)
    report.failed[url] = error
