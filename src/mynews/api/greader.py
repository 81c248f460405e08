"""The Google Reader API at ``/accounts/ClientLogin`` and ``/reader/api/0/…``, as FreshRSS and
Miniflux serve it, so NetNewsWire, Reeder, FeedMe, ReadYou, Fluent Reader, newsboat's FeedHQ
mode… work unchanged: ClientLogin, token, user-info, subscription/list, tag/list, unread-count,
edit-tag (read, starred), mark-all-as-read. Streams (contents, ids, items by id, Atom) are in
``greader_streams``. Unauthenticated calls get 401.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse

from mynews.api.greader_shapes import (
    LABEL,
    READ,
    READING_LIST,
    STARRED,
    feed_stream,
    label_of,
    normalise,
    parse_item_id,
    resolve,
)
from mynews.api.sync_shapes import feed_url, page_url
from mynews.core.errors import AppError, BadInput, Unauthorized
from mynews.http.app_auth import error_route, greader_identity, require_enabled
from mynews.services.delivery import app_passwords, sync_entries, sync_feeds
from mynews.services.delivery.app_passwords import AppIdentity
from mynews.services.delivery.sync_feeds import CATEGORIES

MAX_EDIT = 10_000


def _error(err: AppError) -> Response:
    headers = {"Google-Bad-Token": "true"} if err.code == "bad_action_token" else {}
    body = "Unauthorized!" if err.status == 401 else err.message
    return PlainTextResponse(body, status_code=err.status, headers=headers)


def identity(request: Request) -> AppIdentity:
    require_enabled(request)
    found = greader_identity(request)
    if found is None:
        raise Unauthorized("Unauthorized!")
    return found


Identity = Annotated[AppIdentity, Depends(identity)]
router = APIRouter(route_class=error_route(_error), include_in_schema=False)


async def params(request: Request) -> dict[str, list[str]]:
    """Query and form parameters together (clients send either), repeated keys kept."""
    out: dict[str, list[str]] = {}
    for key, value in request.query_params.multi_items():
        out.setdefault(key, []).append(value)
    if request.method == "POST":
        form = await request.form()
        for key, field in form.multi_items():
            if isinstance(field, str):
                out.setdefault(key, []).append(field)
    return out


def first(p: dict[str, list[str]], key: str, default: str = "") -> str:
    return p.get(key, [default])[0]


@router.api_route("/accounts/ClientLogin", methods=["GET", "POST"])
async def client_login(request: Request) -> Response:
    require_enabled(request)
    p = await params(request)
    ctx = request.app.state.ctx
    found = await run_in_threadpool(app_passwords.verify, ctx, first(p, "Passwd"), username=first(p, "Email"))
    if found is None:
        return PlainTextResponse("Error=BadAuthentication\n", status_code=401)
    auth = app_passwords.greader_token(ctx, found)
    return PlainTextResponse(f"SID={auth}\nLSID=null\nAuth={auth}\n")


@router.get("/reader/api/0/token")
def token(request: Request, identity: Identity) -> Response:
    return PlainTextResponse(app_passwords.action_token(request.app.state.ctx, identity))


def check_action_token(request: Request, identity: AppIdentity, p: dict[str, list[str]]) -> None:
    """Edits may carry the ``T`` token; a wrong one is refused as Google did."""
    sent = first(p, "T").strip()
    if sent and sent != app_passwords.action_token(request.app.state.ctx, identity):
        raise Unauthorized("bad action token", code="bad_action_token")


@router.get("/reader/api/0/user-info")
def user_info(identity: Identity) -> dict[str, Any]:
    return {
        "userId": str(identity.reader_id),
        "userName": identity.name or identity.email,
        "userProfileId": str(identity.reader_id),
        "userEmail": identity.email,
    }


@router.get("/reader/api/0/subscription/list")
def subscription_list(request: Request, identity: Identity) -> dict[str, Any]:
    base = str(request.base_url).rstrip("/")
    feeds = sync_feeds.feeds(request.app.state.ctx, identity.reader_id)
    return {
        "subscriptions": [
            {
                "id": feed_stream(f.id),
                "title": f.title,
                "categories": [{"id": label_of(f), "label": f.category}],
                "url": feed_url(base, f),
                "htmlUrl": page_url(base, f),
                "iconUrl": "",
                "sortid": f"{f.id:08X}",
                "firstitemmsec": "0",
            }
            for f in feeds
        ]
    }


@router.get("/reader/api/0/tag/list")
def tag_list(identity: Identity) -> dict[str, Any]:
    tags: list[dict[str, str]] = [{"id": STARRED, "sortid": "00000001"}]
    tags += [{"id": LABEL + name, "label": name, "type": "folder"} for name in CATEGORIES.values()]
    return {"tags": tags}


def _usec(at: datetime | None) -> str:
    return str(int(at.timestamp() * 1_000_000)) if at else "0"


@router.get("/reader/api/0/unread-count")
def unread_count(request: Request, identity: Identity) -> Response:
    """Per feed, per label and for the reading list; labels and the reading list count each
    article once, as their streams hold them."""
    ctx = request.app.state.ctx
    counts = sync_entries.unread_counts(ctx, identity.reader_id)
    feeds = {f.id: f for f in sync_feeds.feeds(ctx, identity.reader_id)}
    rows = [
        {"id": feed_stream(i), "count": c.unread, "newestItemTimestampUsec": _usec(c.newest)}
        for i, c in counts.items()
        if i in feeds and c.unread
    ]
    for name in CATEGORIES.values():
        members = [c for i, c in counts.items() if i in feeds and feeds[i].category == name]
        if members:
            rows.append(
                {
                    "id": LABEL + name,
                    "count": sum(c.unread_main for c in members),
                    "newestItemTimestampUsec": _usec(max(c.newest for c in members)),
                }
            )
    total = sum(c.unread_main for i, c in counts.items() if i in feeds)
    newest = max((c.newest for c in counts.values()), default=None)
    rows.append({"id": READING_LIST, "count": total, "newestItemTimestampUsec": _usec(newest)})
    return JSONResponse({"max": total, "unreadcounts": rows})


@router.post("/reader/api/0/edit-tag")
async def edit_tag(request: Request, identity: Identity) -> Response:
    """``i``: items (any id form); ``a``/``r``: the read or starred state to add or remove."""
    p = await params(request)
    check_action_token(request, identity, p)
    ids = [i for i in (parse_item_id(v) for v in p.get("i", [])[:MAX_EDIT]) if i is not None]
    if not ids:
        raise BadInput("no items")
    ctx, add, remove = request.app.state.ctx, set(p.get("a", [])), set(p.get("r", []))
    add, remove = {_state(t) for t in add}, {_state(t) for t in remove}
    if READ in add or READ in remove:
        await run_in_threadpool(sync_entries.set_read, ctx, identity.reader_id, ids, READ in add)
    if STARRED in add or STARRED in remove:
        await run_in_threadpool(sync_entries.set_starred, ctx, identity.reader_id, ids, STARRED in add)
    return PlainTextResponse("OK")


def _state(tag: str) -> str:
    return normalise(tag)


def instant(value: str) -> datetime | None:
    """A time given in seconds, milliseconds or microseconds (clients differ)."""
    if not value.isdigit():
        return None
    number = int(value)
    scale = 1 if number < 10**11 else 1000 if number < 10**14 else 1_000_000
    return datetime.fromtimestamp(number / scale, UTC)


@router.post("/reader/api/0/mark-all-as-read")
async def mark_all_as_read(request: Request, identity: Identity) -> Response:
    """``s``: the stream; ``ts``: only entries published up to this time (microseconds)."""
    p = await params(request)
    check_action_token(request, identity, p)
    ctx = request.app.state.ctx
    feeds = await run_in_threadpool(sync_feeds.feeds, ctx, identity.reader_id)
    stream = resolve(first(p, "s", READING_LIST), feeds)
    before = instant(first(p, "ts"))
    await run_in_threadpool(
        sync_entries.mark_all_read, ctx, stream.filter(identity.reader_id, published_before=before)
    )
    return PlainTextResponse("OK")
