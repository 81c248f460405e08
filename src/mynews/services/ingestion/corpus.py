"""Use case: load the bundled openly licensed demo corpus (Global Voices, Wikinews)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib import resources
from typing import Any

from mynews.core.articles import ParsedArticle
from mynews.ingest.decompress import inflate
from mynews.ingest.html_text import html_to_paragraphs
from mynews.ingest.wordpress import expand_shortcodes, figures_of
from mynews.services.context import Context
from mynews.services.ingestion.arrival import store_article
from mynews.services.ingestion.items import parsed_fields
from mynews.store import sources
from mynews.store.db import Session
from mynews.store.models import Source

GLOBAL_VOICES = (
    "https://globalvoices.org/",
    "Global Voices",
    "CC BY 3.0 — written by the Global Voices community, https://globalvoices.org; "
    "https://creativecommons.org/licenses/by/3.0/",
)
WIKINEWS = (
    "https://en.wikinews.org/",
    "Wikinews",
    "CC BY 2.5 — Wikinews contributors, https://en.wikinews.org; "
    "https://creativecommons.org/licenses/by/2.5/",
)


@dataclass(frozen=True)
class CorpusItem:
    source: tuple[str, str, str]
    guid: str
    article: ParsedArticle
    html: str | None


def _gunzip(data: bytes) -> bytes:
    """The bundled files, bounded like everything else (they are far below this)."""
    return inflate(data, "gzip", max_bytes=CORPUS_MAX_BYTES)


CORPUS_MAX_BYTES = 500_000_000


def _open(folder: str, name: str) -> bytes:
    return resources.files("mynews.demo_corpus").joinpath(folder, name).read_bytes()


def global_voices_records() -> Iterator[dict[str, Any]]:
    """The Global Voices records as shipped (id, guid, url, title, post_date_gmt, author,
    categories, tags, excerpt, content_html, ...)."""
    raw = _gunzip(_open("globalvoices-2012-05", "articles.jsonl.gz")).decode()
    for line in raw.split("\n"):
        if line.strip():
            yield json.loads(line)


def wikinews_records() -> Iterator[dict[str, str]]:
    """The Wikinews rows as shipped (url, date, title, text), sandbox pages included."""
    for name in ("wikinews_2019.csv.gz", "wikinews_2020.csv.gz"):
        text = _gunzip(_open("wikinews-2019-2021", name)).decode()
        yield from csv.DictReader(io.StringIO(text))


def global_voices() -> Iterator[CorpusItem]:
    for rec in global_voices_records():
        html = expand_shortcodes(rec["content_html"]).replace("\n\n", "<br><br>")
        images, captions = figures_of(html, rec["url"])
        caption_texts = {c.text for c in captions}
        paragraphs = [p for p in html_to_paragraphs(html) if p not in caption_texts]
        published = datetime.strptime(rec["post_date_gmt"], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        article = ParsedArticle(
            title=rec["title"].strip(),
            paragraphs=tuple(paragraphs),
            standfirst=(rec.get("excerpt") or "").strip() or None,
            authors=(rec["author"],),
            published=published,
            language=rec.get("language") or "en",
            url=rec["url"],
            site_name="Global Voices",
            tags=tuple(rec["categories"]) + tuple(rec["tags"]),
            html=html,
            method="corpus",
            images=images,
            captions=captions,
            lead_image=images[0].url if images else None,
        )
        yield CorpusItem(GLOBAL_VOICES, rec["guid"], article, html)


WIKINEWS_NOTICES = ("This article requires pre-publication review", "-Article last amended:")


def wikinews() -> Iterator[CorpusItem]:
    for rec in wikinews_records():
        if rec["title"].startswith("TEST PAGE"):
            continue  # Wikinews sandbox pages, not news (last_day skips them too)
        lines = [p.strip() for p in rec["text"].split("\n") if p.strip()]
        while lines and lines[0].startswith(WIKINEWS_NOTICES):
            lines = lines[1:]  # the review template above an unreviewed page: not the news
        if lines and _is_dateline(lines[0]):
            lines = lines[1:]
        published = datetime.strptime(rec["date"], "%Y-%m-%d").replace(hour=12, tzinfo=UTC)
        url = rec["url"].replace("org//wiki", "org/wiki")
        article = ParsedArticle(
            title=rec["title"].strip(),
            paragraphs=tuple(lines),
            published=published,
            language="en",
            url=url,
            site_name="Wikinews",
            method="corpus",
        )
        yield CorpusItem(WIKINEWS, url, article, None)


def _is_dateline(line: str) -> bool:
    try:
        parsedate_to_datetime(line)
        return True
    except (TypeError, ValueError):
        return any(
            line.startswith(d)
            for d in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
        )


def items(*, limit: int | None = None, guids: Collection[str] | None = None) -> list[CorpusItem]:
    """The corpus as shipped (Global Voices, then Wikinews); only ``guids`` or the first ``limit``."""
    found = list(global_voices()) + list(wikinews())
    if guids is not None:
        found = [i for i in found if i.guid in guids]
    return found[:limit] if limit else found


def newest_first(*, limit: int | None = None) -> list[CorpusItem]:
    """The newest ``limit`` articles of the corpus, newest first (the order the demo loads and
    understands them in, so its front page fills first)."""
    found = sorted(items(), key=lambda i: (i.article.published or _EPOCH, i.guid), reverse=True)
    return found[:limit] if limit else found


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def last_day() -> datetime:
    """The day the newest corpus article was published, read from the records' dates alone
    (no article is parsed): the demo's clock starts on that day."""
    days = [datetime.strptime(r["post_date_gmt"][:10], "%Y-%m-%d") for r in global_voices_records()]
    days += [
        datetime.strptime(r["date"], "%Y-%m-%d")
        for r in wikinews_records()
        if not r["title"].startswith("TEST PAGE")  # sandbox pages, not news (skipped by wikinews())
    ]
    return max(days).replace(tzinfo=UTC)


def load(
    ctx: Context,
    *,
    limit: int | None = None,
    guids: Collection[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Store the corpus (idempotent; only ``guids`` when given, the first ``limit`` when given).
    Articles are left pending: processing makes them ready. Returns the new ids."""
    chosen = items(limit=limit, guids=guids)
    with ctx.db.transaction() as session:
        return store(session, ctx, chosen, progress=progress)


def load_in_chunks(
    ctx: Context,
    chosen: list[CorpusItem],
    *,
    chunk: int = 50,
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Store ``chosen`` a chunk per short transaction and queue each chunk's processing as soon as
    it commits, earlier items first (a higher priority): the worker starts on the first articles
    while the rest are still being stored. Returns the new ids."""
    new_ids: list[int] = []
    for start in range(0, len(chosen), chunk):
        part = chosen[start : start + chunk]
        with ctx.db.transaction() as session:
            stored = store(session, ctx, part)
        for article_id in stored:
            ctx.queue.process(article_id, priority=len(chosen) - len(new_ids))
            new_ids.append(article_id)
        if progress:
            progress(start + len(part), len(chosen))
    return new_ids


def store(
    session: Session,
    ctx: Context,
    chosen: list[CorpusItem],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Store ``chosen`` in the caller's transaction, pending; returns the new ids."""
    new_ids: list[int] = []
    now = ctx.clock.now()
    known: dict[str, Source] = {}
    for i, item in enumerate(chosen):
        url, title, licence = item.source
        source = known.get(url)
        if source is None:
            source, _ = sources.get_or_create(
                session,
                url,
                kind="corpus",
                now=now,
                title=title,
                site_url=url,
                licence=licence,
                full_text=False,
            )
            known[url] = source
        fields = parsed_fields(item.article, now=now)
        fields.update(status="pending", guid_key=item.guid, body_html=item.html or fields.get("body_html"))
        outcome = store_article(session, ctx, source, guid=item.guid, fields=fields)
        if outcome.created:
            new_ids.append(outcome.article_id)
            source.item_count = (source.item_count or 0) + 1
        if progress:
            progress(i + 1, len(chosen))
    return new_ids
