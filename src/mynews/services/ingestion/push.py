"""Use case: a publisher pushes articles, authenticated by its source's token; idempotent."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime

from mynews.core.articles import ParsedArticle
from mynews.core.errors import AppError, BadInput, Forbidden, Unauthorized
from mynews.ingest.html_text import html_to_paragraphs
from mynews.ingest.web_urls import web_url
from mynews.services.context import Context
from mynews.services.ingestion.arrival import host_of, store_article
from mynews.services.ingestion.items import guid_key, parsed_fields
from mynews.services.ingestion.queueing import send_for_processing
from mynews.store import sources
from mynews.store.db import Session


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


class LimitExceeded(AppError):
    code = "limit_exceeded"
    status = 422


def create_push_source(
    ctx: Context, name: str, site_url: str | None = None, hosts: list[str] | tuple[str, ...] = ()
) -> tuple[int, str]:
    """Create (or re-key) a push source; returns its id and a new token, shown only once.

    ``hosts`` are the sites whose URLs the publisher may push (and their subdomains); without
    them, the host of ``site_url``. A publisher with neither may push articles without URLs only.
    """
    if site_url is not None and web_url(site_url) is None:
        raise BadInput(f"not a web address: {site_url!r}")
    registered = sorted({h for h in (_host_name(h) for h in hosts) if h})
    if hosts and len(registered) != len(set(hosts)):
        raise BadInput(f"not host names: {', '.join(hosts)}")
    if not registered and site_url:
        registered = [host_of(site_url)]
    token = "mnp_" + secrets.token_urlsafe(32)
    url = f"push:{name.strip().lower().replace(' ', '-')}"
    with ctx.db.transaction() as session:
        source, _ = sources.get_or_create(
            session, url, kind="push", now=ctx.clock.now(), title=name, site_url=site_url
        )
        source.push_token_hash = hash_token(token)
        source.full_text = False
        source.push_hosts = registered
        return source.id, token


def _host_name(value: str) -> str:
    """``example.com`` from ``example.com``, ``https://example.com/`` or ``www.example.com``."""
    text = value.strip().lower()
    host = host_of(text if "://" in text else f"https://{text}")
    return host if host and "." in host and "/" not in host else ""


def check_items(ctx: Context, items: list[PushedArticle], hosts: list[str]) -> None:
    """Refuse the whole request, before anything is written, when one item is not acceptable."""
    limits = ctx.settings
    for n, item in enumerate(items):
        where = f"article {n}" if len(items) > 1 else "the article"
        if not item.id and not item.url:
            raise BadInput(f"{where}: each article needs an id or a url")
        if item.url is not None:
            url = web_url(item.url)
            if url is None:
                raise BadInput(f"{where}: url must be an absolute http(s) URL", code="bad_url")
            if not _on_hosts(url, hosts):
                raise Forbidden(
                    f"{where}: {host_of(url) or url} is not a host this publisher is registered for "
                    f"({', '.join(hosts) or 'none: push articles without a url'})",
                    code="host_not_registered",
                )
        _check_size(where, "tags", len(item.tags), limits.article_max_tags)
        _check_size(where, "authors", len(item.authors), limits.article_max_authors)
        html_bytes = len(item.html.encode("utf-8")) if item.html else 0
        _check_size(where, "html bytes", html_bytes, limits.article_max_body_bytes)
        _check_size(where, "text characters", len(item.text or ""), limits.article_max_text_chars)


def _check_size(where: str, what: str, size: int, limit: int) -> None:
    if size > limit:
        raise LimitExceeded(f"{where}: {size} {what}, at most {limit} are accepted")


def _on_hosts(url: str, hosts: list[str]) -> bool:
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in hosts)


def push(ctx: Context, token: str, items: list[PushedArticle]) -> list[PushResult]:
    if not token:
        raise Unauthorized("a publisher token is required (Authorization: Bearer ...)")
    if not items:
        raise BadInput("no articles in the request")
    now = ctx.clock.now()

    def store(session: Session) -> tuple[int, list[PushResult]]:
        results: list[PushResult] = []
        source = sources.by_push_token_hash(session, hash_token(token))
        if source is None or source.retired:
            raise Unauthorized("unknown publisher token")
        check_items(ctx, items, registered_hosts(source))
        for item in items:
            fields = parsed_fields(_parsed(item, source.title), now=now)
            fields["guid_key"] = guid_key(item.id, source.url)
            fields["status"] = "pending"
            outcome = store_article(session, ctx, source, guid=item.id, fields=fields)
            results.append(PushResult(outcome.article_id, outcome.created))
        source.item_count = (source.item_count or 0) + sum(r.created for r in results)
        source.last_success_at = now
        return source.id, results

    source_id, results = ctx.db.write(store)  # a lock is retried; the batch is all or nothing
    send_for_processing(ctx, source_id, [r.article_id for r in results if r.created])
    return results


def _parsed(item: PushedArticle, site_name: str | None) -> ParsedArticle:
    paragraphs = (
        html_to_paragraphs(item.html)
        if item.html
        else [p.strip() for p in (item.text or "").split("\n\n") if p.strip()]
    )
    return ParsedArticle(
        title=item.title,
        paragraphs=tuple(paragraphs),
        standfirst=item.standfirst,
        section=item.section,
        authors=item.authors,
        published=item.published,
        language=item.language,
        url=item.url,
        site_name=site_name,
        lead_image=item.lead_image,
        tags=item.tags,
        html=item.html,
        method="push",
    )


def registered_hosts(source) -> list[str]:
    """The hosts a push source may claim URLs on (older sources: their site's host)."""
    if source.push_hosts:
        return list(source.push_hosts)
    return [host_of(source.site_url)] if source.site_url and host_of(source.site_url) else []
