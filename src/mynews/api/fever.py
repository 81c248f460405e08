"""The Fever API at ``/fever/?api`` (Reeder Classic, Unread, Fiery Feeds, ReadKit, Fluent
Reader, ReadYou…): groups (For you, Following, Saved), feeds, items (``since_id``, ``max_id``,
``with_ids``; 50 a call), ``unread_item_ids``, ``saved_item_ids``, and ``mark`` for an item
(read, unread, saved, unsaved), a feed or a group (read, up to ``before``). Clients sign in with
``api_key`` = MD5 of ``email:app password``; without a valid one every answer is
``{"api_version": 3, "auth": 0}``. Every answer is JSON with ``api_version`` and ``auth``."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from mynews.api.sync_shapes import author, content_html, page_url
from mynews.core.errors import AppError
from mynews.http.app_auth import error_route, require_enabled
from mynews.http.params import Id
from mynews.services.context import Context
from mynews.services.delivery import app_passwords, sync_entries, sync_feeds
from mynews.services.delivery.app_passwords import AppIdentity
from mynews.services.delivery.sync_entries import EntryFilter, EntryRow
from mynews.services.delivery.sync_feeds import CATEGORIES, SyncFeedView

PAGE = 50


def _error(err: AppError) -> JSONResponse:
    return JSONResponse({"api_version": 3, "auth": 1, "error": err.message}, status_code=err.status)


router = APIRouter(route_class=error_route(_error), include_in_schema=False)


def _ids(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip().isdigit()][:PAGE]


def _groups(feeds: list[SyncFeedView]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    groups, links = [], []
    for group_id, title in CATEGORIES.items():
        members = [str(f.id) for f in feeds if f.category_id == group_id]
        if members:
            groups.append({"id": group_id, "title": title})
            links.append({"group_id": group_id, "feed_ids": ",".join(members)})
    return groups, links


def _item(entry: EntryRow) -> dict[str, Any]:
    return {
        "id": entry.id,
        "feed_id": entry.feed_id,
        "title": entry.title,
        "author": author(entry),
        "html": content_html(entry),
        "url": entry.url or "",
        "is_saved": int(entry.starred),
        "is_read": int(entry.read),
        "created_on_time": int(entry.published_at.timestamp()),
    }


def _items(ctx: Context, reader_id: Id, p: dict[str, str]) -> dict[str, Any]:
    if p.get("with_ids"):
        rows = sync_entries.page(
            ctx,
            EntryFilter(reader_id, ids=tuple(_ids(p["with_ids"]))),
            order="id",
            newest_first=False,
            limit=PAGE,
        )
    elif p.get("since_id", "").isdigit():
        rows = sync_entries.page(
            ctx,
            EntryFilter(reader_id, after_id=int(p["since_id"])),
            order="id",
            newest_first=False,
            limit=PAGE,
        )
    else:
        before = int(p["max_id"]) if p.get("max_id", "").isdigit() else None
        rows = sync_entries.page(ctx, EntryFilter(reader_id, before_id=before), order="id", limit=PAGE)
    return {"items": [_item(r) for r in rows], "total_items": sync_entries.count(ctx, EntryFilter(reader_id))}


def _mark(ctx: Context, reader_id: Id, p: dict[str, str], feeds: list[SyncFeedView]) -> None:
    what, state, target = p.get("mark", ""), p.get("as", ""), p.get("id", "")
    if not target.lstrip("-").isdigit():
        return
    if what == "item":
        entry = [int(target)]
        if state in ("read", "unread"):
            sync_entries.set_read(ctx, reader_id, entry, state == "read")
        elif state in ("saved", "unsaved"):
            sync_entries.set_starred(ctx, reader_id, entry, state == "saved")
        return
    if state != "read" or what not in ("feed", "group"):
        return
    number = int(target)
    if what == "feed":
        members = tuple(f.id for f in feeds if f.id == number)
    elif number == 0:  # the "Kindling" super group: everything
        members = tuple(f.id for f in feeds)
    else:
        members = tuple(f.id for f in feeds if f.category_id == number)
    if not members:
        return
    before = datetime.fromtimestamp(int(p["before"]), UTC) if p.get("before", "").isdigit() else None
    sync_entries.mark_all_read(ctx, EntryFilter(reader_id, feed_ids=members, published_before=before))


def _answer(request: Request, identity: AppIdentity, p: dict[str, str]) -> dict[str, Any]:
    ctx, base, reader_id = request.app.state.ctx, str(request.base_url).rstrip("/"), identity.reader_id
    feeds = sync_feeds.feeds(ctx, reader_id)
    out: dict[str, Any] = {
        "api_version": 3,
        "auth": 1,
        "last_refreshed_on_time": int(ctx.clock.now().timestamp()),
    }
    if "mark" in p:
        _mark(ctx, reader_id, p, feeds)
    if "groups" in p or "feeds" in p:
        groups, links = _groups(feeds)
        out["feeds_groups"] = links
        if "groups" in p:
            out["groups"] = groups
    if "feeds" in p:
        newest = sync_entries.newest(ctx, reader_id)
        out["feeds"] = [
            {
                "id": f.id,
                "favicon_id": 0,
                "title": f.title,
                "url": f.feed_url or page_url(base, f),
                "site_url": page_url(base, f),
                "is_spark": 0,
                "last_updated_on_time": int(newest[f.id].timestamp()) if f.id in newest else 0,
            }
            for f in feeds
        ]
    if "favicons" in p:
        out["favicons"] = []
    if "links" in p:
        out["links"] = []
    if "items" in p:
        out.update(_items(ctx, reader_id, p))
    if "unread_item_ids" in p:
        out["unread_item_ids"] = sync_entries.all_ids_text(ctx, EntryFilter(reader_id, read=False))
    if "saved_item_ids" in p:
        out["saved_item_ids"] = sync_entries.all_ids_text(ctx, EntryFilter(reader_id, starred=True))
    return out


@router.api_route("/fever/", methods=["GET", "POST"])
@router.api_route("/fever", methods=["GET", "POST"])
async def fever(request: Request) -> JSONResponse:
    require_enabled(request)
    p = dict(request.query_params)
    if request.method == "POST":
        form = await request.form()
        p.update({k: v for k, v in form.items() if isinstance(v, str)})
    identity = await run_in_threadpool(
        app_passwords.verify_fever, request.app.state.ctx, p.get("api_key", "")
    )
    if identity is None:
        return JSONResponse({"api_version": 3, "auth": 0})
    return JSONResponse(await run_in_threadpool(_answer, request, identity, p))
