"""Use case: a publisher pushes articles, authenticated by its source's token; idempotent."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from mynews.core.articles import ParsedArticle
from mynews.core.errors import BadInput, Unauthorized
from mynews.ingest.html_text import html_to_paragraphs
from mynews.services.context import Context
from mynews.services.ingestion.items import guid_key, parsed_fields
from mynews.store import articles, sources


@dataclass(frozen=True)
class PushedArticle:
    """The JSON a publisher sends. ``id`` is the publisher's own id; ``html`` or ``text`` is the body."""

    title: str
    id: str | None = None
    url: str | None = None
    html: str | None = None
    text: str | None = None
    standfirst: str | None = None
    section: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    language: str | None = None
    lead_image: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PushResult:
    article_id: int
    created: bool


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_push_source(ctx: Context, name: str, site_url: str | None = None) -> tuple[int, str]:
    """Create (or re-key) a push source; returns its id and a new token, shown only once."""
    token = "mnp_" + secrets.token_urlsafe(32)
    url = f"push:{name.strip().lower().replace(' ', '-')}"
    with ctx.db.transaction() as session:
        source, _ = sources.get_or_create(
            session, url, kind="push", now=ctx.clock.now(), title=name, site_url=site_url
        )
        source.push_token_hash = hash_token(token)
        source.full_text = False
        return source.id, token


def push(ctx: Context, token: str, items: list[PushedArticle]) -> list[PushResult]:
    if not token:
        raise Unauthorized("a publisher token is required (Authorization: Bearer ...)")
    if not items:
        raise BadInput("no articles in the request")
    now = ctx.clock.now()
    results: list[PushResult] = []
    with ctx.db.transaction() as session:
        source = sources.by_push_token_hash(session, hash_token(token))
        if source is None or source.retired:
            raise Unauthorized("unknown publisher token")
        for item in items:
            if not item.id and not item.url:
                raise BadInput("each article needs an id or a url")
            paragraphs = (
                html_to_paragraphs(item.html)
                if item.html
                else [p.strip() for p in (item.text or "").split("\n\n") if p.strip()]
            )
            parsed = ParsedArticle(
                title=item.title,
                paragraphs=tuple(paragraphs),
                standfirst=item.standfirst,
                section=item.section,
                authors=item.authors,
                published=item.published,
                language=item.language,
                url=item.url,
                site_name=source.title,
                lead_image=item.lead_image,
                tags=item.tags,
                html=item.html,
                method="push",
            )
            fields = parsed_fields(parsed, now=now)
            fields["guid_key"] = guid_key(item.id, source.url)
            fields["status"] = "pending"
            outcome = articles.upsert(session, source_id=source.id, guid=item.id, fields=fields, now=now)
            results.append(PushResult(outcome.article_id, outcome.created))
        source.item_count = (source.item_count or 0) + sum(r.created for r in results)
        source.last_success_at = now
    for result in results:
        if result.created:
            ctx.queue.process(result.article_id)
    return results
