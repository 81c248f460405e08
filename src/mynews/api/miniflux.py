"""The Miniflux API (v1 subset) under ``/v1/``, so Miniflux clients (newsboat, the miniflux
Python package, Fluent Reader, ReadYou, FeedMe…) work unchanged: me, categories, feeds, a
feed's entries, entries (status, starred, order, direction, limit, offset, before/after entry
id), marking read or unread, and the bookmark toggle. Errors are ``{"error_message": ...}``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from mynews.api.sync_shapes import author, content_html, feed_url, iso, page_url
from mynews.core.errors import AppError, BadInput, NotFound, Unauthorized
from mynews.http.app_auth import error_route, miniflux_identity, require_enabled
from mynews.http.params import Id
from mynews.services.delivery import sync_entries, sync_feeds
from mynews.services.delivery.app_passwords import AppIdentity
from mynews.services.delivery.sync_entries import EntryFilter, EntryRow
from mynews.services.delivery.sync_feeds import CATEGORIES, SyncFeedView

MAX_LIMIT = 1000


def _error(err: AppError) -> Response:
    message = "Access Unauthorized" if err.status == 401 else err.message
    return JSONResponse({"error_message": message}, status_code=err.status)


def _identity(request: Request) -> AppIdentity:
    require_enabled(request)
    identity = miniflux_identity(request)
    if identity is None:
        raise Unauthorized("Access Unauthorized")
    return identity


Identity = Annotated[AppIdentity, Depends(_identity)]
router = APIRouter(prefix="/v1", route_class=error_route(_error), include_in_schema=False)


def _base(request: Request) -> str:
    return str(request.base_url).rstrip("/")


def _category(identity: AppIdentity, category_id: Id) -> dict[str, Any]:
    return {
        "id": category_id,
        "title": CATEGORIES[category_id],
        "user_id": identity.reader_id,
        "hide_globally": False,
    }


def _feed(identity: AppIdentity, feed: SyncFeedView, base: str) -> dict[str, Any]:
    return {
        "id": feed.id,
        "user_id": identity.reader_id,
        "feed_url": feed_url(base, feed),
        "site_url": page_url(base, feed),
        "title": feed.title,
        "checked_at": "0001-01-01T00:00:00Z",
        "etag_header": "",
        "last_modified_header": "",
        "parsing_error_message": "",
        "parsing_error_count": 0,
        "scraper_rules": "",
        "rewrite_rules": "",
        "crawler": False,
        "blocklist_rules": "",
        "keeplist_rules": "",
        "user_agent": "",
        "username": "",
        "password": "",
        "disabled": False,
        "ignore_http_cache": False,
        "fetch_via_proxy": False,
        "hide_globally": False,
        "category": _category(identity, feed.category_id),
        "icon": None,
    }


def _entry(identity: AppIdentity, entry: EntryRow, feed: dict[str, Any] | None) -> dict[str, Any]:
    text = content_html(entry)
    return {
        "id": entry.id,
        "user_id": identity.reader_id,
        "feed_id": entry.feed_id,
        "status": "read" if entry.read else "unread",
        "hash": hashlib.sha256(f"{entry.article_id}:{entry.url}".encode()).hexdigest(),
        "title": entry.title,
        "url": entry.url or "",
        "comments_url": "",
        "published_at": iso(entry.published_at),
        "created_at": iso(entry.created_at),
        "changed_at": iso(entry.created_at),
        "content": text,
        "author": author(entry),
        "share_code": "",
        "starred": entry.starred,
        "reading_time": max(1, len(text.split()) // 230),
        "enclosures": [],
        "tags": [],
        "feed": feed,
    }


def _feeds(request: Request, identity: AppIdentity) -> dict[int, dict[str, Any]]:
    views = sync_feeds.feeds(request.app.state.ctx, identity.reader_id)
    return {v.id: _feed(identity, v, _base(request)) for v in views}


@router.get("/me")
def me(identity: Identity) -> dict[str, Any]:
    return {
        "id": identity.reader_id,
        "username": identity.email,
        "is_admin": False,
        "theme": "system_serif",
        "language": "en_US",
        "timezone": "UTC",
        "entry_sorting_direction": "desc",
        "entries_per_page": 100,
        "keyboard_shortcuts": True,
        "show_reading_time": True,
        "entry_swipe": True,
        "stylesheet": "",
        "last_login_at": None,
    }


@router.get("/categories")
def categories(identity: Identity) -> list[dict[str, Any]]:
    return [_category(identity, i) for i in CATEGORIES]


@router.get("/feeds")
def feeds(request: Request, identity: Identity) -> list[dict[str, Any]]:
    return list(_feeds(request, identity).values())


@router.get("/feeds/counters")
def counters(request: Request, identity: Identity) -> dict[str, Any]:
    ctx = request.app.state.ctx
    unread = sync_entries.unread_counts(ctx, identity.reader_id)
    return {"reads": {}, "unreads": {str(k): c.unread for k, c in unread.items()}}


@router.get("/feeds/{feed_id}")
def feed(request: Request, identity: Identity, feed_id: Id) -> dict[str, Any]:
    found = _feeds(request, identity).get(feed_id)
    if found is None:
        raise NotFound("Feed not found")
    return found


@dataclass
class EntryQuery:
    status: list[str]
    starred: str | None
    order: str
    direction: str
    limit: int
    offset: int
    before_entry_id: int | None
    after_entry_id: int | None
    category_id: int | None


def _query(
    status: Annotated[list[str] | None, Query()] = None,
    starred: str | None = None,
    order: str = "published_at",
    direction: str = "desc",
    limit: int = 100,
    offset: int = 0,
    before_entry_id: Id | None = None,
    after_entry_id: Id | None = None,
    category_id: Id | None = None,
) -> EntryQuery:
    return EntryQuery(
        status or [], starred, order, direction, limit, offset, before_entry_id, after_entry_id, category_id
    )


Entries = Annotated[EntryQuery, Depends(_query)]


def _entries(
    request: Request, identity: Identity, q: EntryQuery, feed_ids: tuple[int, ...] | None, *, ranked: bool
) -> Response:
    if not 1 <= q.limit <= MAX_LIMIT:
        q.limit = MAX_LIMIT if q.limit > MAX_LIMIT else 100
    if q.offset < 0 or q.direction not in ("asc", "desc"):
        raise BadInput("Invalid offset or direction")
    statuses = {s for s in q.status if s in ("read", "unread")}
    starred = None if q.starred is None else q.starred.lower() in ("1", "true", "yes")
    f = EntryFilter(
        identity.reader_id,
        feed_ids=feed_ids,
        read=None if len(statuses) != 1 else statuses == {"read"},
        starred=starred,
        after_id=q.after_entry_id,
        before_id=q.before_entry_id,
    )
    ctx = request.app.state.ctx
    order = "rank" if ranked else ("id" if q.order == "id" else "published")
    rows = sync_entries.page(
        ctx, f, order=order, newest_first=q.direction == "desc", limit=q.limit, offset=q.offset
    )
    known = _feeds(request, identity)
    body = {
        "total": sync_entries.count(ctx, f),
        "entries": [_entry(identity, e, known.get(e.feed_id)) for e in rows],
    }
    return JSONResponse(body)  # as it is: no second walk over up to 1,000 entries


@router.get("/feeds/{feed_id}/entries")
def feed_entries(request: Request, identity: Identity, feed_id: Id, q: Entries) -> Response:
    """A feed's entries; For you's come in ranked order."""
    views = {v.id: v for v in sync_feeds.feeds(request.app.state.ctx, identity.reader_id)}
    if feed_id not in views:
        raise NotFound("Feed not found")
    return _entries(
        request, identity, q, (feed_id,), ranked=views[feed_id].kind == "for_you" and q.order != "id"
    )


@router.get("/categories/{category_id}/entries")
def category_entries(request: Request, identity: Identity, category_id: Id, q: Entries) -> Response:
    views = sync_feeds.feeds(request.app.state.ctx, identity.reader_id)
    return _entries(
        request, identity, q, tuple(v.id for v in views if v.category_id == category_id), ranked=False
    )


@router.get("/entries")
def entries(request: Request, identity: Identity, q: Entries) -> Response:
    feed_ids = None
    if q.category_id is not None:
        views = sync_feeds.feeds(request.app.state.ctx, identity.reader_id)
        feed_ids = tuple(v.id for v in views if v.category_id == q.category_id)
    return _entries(request, identity, q, feed_ids, ranked=False)


@router.get("/entries/{entry_id}")
def entry(request: Request, identity: Identity, entry_id: Id) -> dict[str, Any]:
    rows = sync_entries.page(request.app.state.ctx, EntryFilter(identity.reader_id, ids=(entry_id,)), limit=1)
    if not rows:
        raise NotFound("Entry not found")
    return _entry(identity, rows[0], _feeds(request, identity).get(rows[0].feed_id))


class EntriesUpdate(BaseModel):
    entry_ids: list[int] = Field(max_length=10_000)
    status: str


@router.put("/entries", status_code=204)
async def update_entries(request: Request, identity: Identity) -> Response:
    """The body is JSON whatever the Content-Type says (newsboat sends it as a form)."""
    try:
        body = EntriesUpdate.model_validate_json(await request.body())
    except ValueError as err:
        raise BadInput("Invalid entry IDs or status") from err
    if body.status not in ("read", "unread") or not body.entry_ids:
        raise BadInput("Invalid entry IDs or status")
    await run_in_threadpool(
        sync_entries.set_read,
        request.app.state.ctx,
        identity.reader_id,
        body.entry_ids,
        body.status == "read",
    )
    return Response(status_code=204)


@router.put("/entries/{entry_id}/bookmark", status_code=204)
def bookmark(request: Request, identity: Identity, entry_id: Id) -> Response:
    sync_entries.toggle_starred(request.app.state.ctx, identity.reader_id, entry_id)
    return Response(status_code=204)
