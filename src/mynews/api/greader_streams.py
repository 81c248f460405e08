"""Google Reader streams: ``stream/contents`` (reading-list, starred, a feed, a label; ``n``,
``r=o``, ``xt`` read, ``ot``/``nt``, continuation), ``stream/items/ids`` (ids only, up to 10,000
a page), ``stream/items/contents`` (items by id, any id form), and ``/reader/atom/<stream>``
(the Atom form newsboat's FeedHQ mode reads). For you streams come in ranked order."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from mynews.api.greader import Identity, first, instant, params, router
from mynews.api.greader_shapes import READ, Stream, item, long_id, normalise, parse_item_id, resolve
from mynews.api.sync_shapes import content_html, iso
from mynews.core.errors import BadInput
from mynews.http.params import Id
from mynews.services.context import Context
from mynews.services.delivery import sync_entries, sync_feeds
from mynews.services.delivery.sync_entries import EntryFilter, EntryRow
from mynews.services.delivery.sync_feeds import SyncFeedView

MAX_ITEMS, MAX_IDS = 1000, 10_000
ATOM, GR = "http://www.w3.org/2005/Atom", "http://www.google.com/schemas/reader/atom/"


def _count(p: dict[str, list[str]], default: int, most: int) -> int:
    value = first(p, "n", str(default))
    if not value.isdigit():
        raise BadInput("n must be a number")
    return max(1, min(int(value), most))


def _after(continuation: str) -> tuple[datetime, int] | int | None:
    """A continuation: ``<published µs>_<id>`` (time order) or ``o<offset>`` (ranked order)."""
    if not continuation:
        return None
    try:
        if continuation.startswith("o"):
            return int(continuation[1:])
        usec, _, entry_id = continuation.partition("_")
        return datetime.fromtimestamp(int(usec) / 1_000_000, UTC), int(entry_id)
    except ValueError as exc:
        raise BadInput("invalid continuation") from exc


def _continuation(key: tuple[datetime, int] | None) -> str | None:
    return f"{int(key[0].timestamp() * 1_000_000)}_{key[1]}" if key else None


def _query(
    ctx: Context, reader_id: Id, p: dict[str, list[str]], stream_id: str, most: int, ids_only: bool
) -> tuple[Stream, list[Any], str | None, list[SyncFeedView]]:
    """The stream's page: entry ids (``ids_only``) or entries, and the next continuation."""
    feeds = sync_feeds.feeds(ctx, reader_id)
    stream = resolve(stream_id or first(p, "s"), feeds)
    f = stream.filter(
        reader_id, published_after=instant(first(p, "ot")), published_before=instant(first(p, "nt"))
    )
    if READ in {normalise(x) for x in p.get("xt", [])}:
        f = EntryFilter(**{**f.__dict__, "read": False})
    n, after = _count(p, 20 if not ids_only else 1000, most), _after(first(p, "c"))
    if stream.ranked and first(p, "r") != "o":  # For you: ranked, continued by offset
        offset = after if isinstance(after, int) else 0
        rows = sync_entries.page(ctx, f, order="rank", limit=n + 1, offset=offset)
        found: list[Any] = [r.id for r in rows] if ids_only else rows
        return stream, found[:n], f"o{offset + n}" if len(found) > n else None, feeds
    keyset, newest_first = after if isinstance(after, tuple) else None, first(p, "r") != "o"
    if ids_only:
        found = sync_entries.ids(ctx, f, newest_first=newest_first, after=keyset, limit=n + 1)
        more = len(found) > n and sync_entries.position(ctx, reader_id, found[n - 1])
    else:
        found = sync_entries.page(ctx, f, newest_first=newest_first, after=keyset, limit=n + 1)
        more = len(found) > n and (found[n - 1].published_at, found[n - 1].id)
    return stream, found[:n], _continuation(more or None), feeds


def _contents(
    request: Request, identity: Identity, p: dict[str, list[str]], stream_id: str
) -> dict[str, Any]:
    ctx, base = request.app.state.ctx, str(request.base_url).rstrip("/")
    stream, rows, continuation, feeds = _query(ctx, identity.reader_id, p, stream_id, MAX_ITEMS, False)
    by_id = {f.id: f for f in feeds}
    body: dict[str, Any] = {
        "direction": "ltr",
        "id": stream.id,
        "title": stream.title,
        "self": [{"href": str(request.url)}],
        "updated": int(ctx.clock.now().timestamp()),
        "items": [item(r, by_id.get(r.feed_id), base) for r in rows],
    }
    if continuation:
        body["continuation"] = continuation
    return body


@router.api_route("/reader/api/0/stream/contents", methods=["GET", "POST"])
@router.api_route("/reader/api/0/stream/contents/{stream_id:path}", methods=["GET", "POST"])
async def stream_contents(request: Request, identity: Identity, stream_id: str = "") -> Response:
    p = await params(request)
    return JSONResponse(await run_in_threadpool(_contents, request, identity, p, stream_id))


def _ids(request: Request, identity: Identity, p: dict[str, list[str]]) -> dict[str, Any]:
    _, ids, continuation, _ = _query(request.app.state.ctx, identity.reader_id, p, "", MAX_IDS, True)
    body: dict[str, Any] = {"itemRefs": [{"id": str(i)} for i in ids]}
    if continuation:
        body["continuation"] = continuation
    return body


@router.api_route("/reader/api/0/stream/items/ids", methods=["GET", "POST"])
async def stream_item_ids(request: Request, identity: Identity) -> Response:
    p = await params(request)
    return JSONResponse(await run_in_threadpool(_ids, request, identity, p))


def _items(request: Request, identity: Identity, p: dict[str, list[str]]) -> dict[str, Any]:
    ctx, base = request.app.state.ctx, str(request.base_url).rstrip("/")
    wanted = [i for i in (parse_item_id(v) for v in p.get("i", [])[:MAX_ITEMS]) if i is not None]
    feeds = {f.id: f for f in sync_feeds.feeds(ctx, identity.reader_id)}
    rows: dict[int, EntryRow] = {}
    if wanted:
        f = EntryFilter(identity.reader_id, ids=tuple(wanted))
        rows = {r.id: r for r in sync_entries.page(ctx, f, limit=len(wanted))}
    return {
        "direction": "ltr",
        "id": "user/-/state/com.google/reading-list",
        "updated": int(ctx.clock.now().timestamp()),
        "items": [item(rows[i], feeds.get(rows[i].feed_id), base) for i in wanted if i in rows],
    }


@router.api_route("/reader/api/0/stream/items/contents", methods=["GET", "POST"])
async def stream_items_contents(request: Request, identity: Identity) -> Response:
    p = await params(request)
    return JSONResponse(await run_in_threadpool(_items, request, identity, p))


def _atom(request: Request, identity: Identity, p: dict[str, list[str]], stream_id: str) -> bytes:
    ctx, base = request.app.state.ctx, str(request.base_url).rstrip("/")
    stream, rows, _, _ = _query(ctx, identity.reader_id, p, stream_id, MAX_ITEMS, False)
    ET.register_namespace("", ATOM)
    ET.register_namespace("gr", GR)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}id").text = f"tag:google.com,2005:reader/{stream.id}"
    ET.SubElement(root, f"{{{ATOM}}}title").text = stream.title
    ET.SubElement(root, f"{{{ATOM}}}updated").text = iso(ctx.clock.now())
    for row in rows:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}id").text = long_id(row.id)
        for state, on in (
            ("reading-list", True),
            ("read", row.read),
            ("fresh", not row.read),
            ("starred", row.starred),
        ):
            if on:
                ET.SubElement(
                    entry,
                    f"{{{ATOM}}}category",
                    term=f"user/{identity.reader_id}/state/com.google/{state}",
                    scheme="http://www.google.com/reader/",
                    label=state,
                )
        ET.SubElement(entry, f"{{{ATOM}}}title", type="html").text = row.title
        ET.SubElement(entry, f"{{{ATOM}}}published").text = iso(row.published_at)
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = iso(row.published_at)
        ET.SubElement(
            entry,
            f"{{{ATOM}}}link",
            rel="alternate",
            href=row.url or f"{base}/read/{row.article_id}",
            type="text/html",
        )
        ET.SubElement(entry, f"{{{ATOM}}}content", type="html").text = content_html(row)
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = ", ".join(row.authors or []) or (row.site_name or "")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


@router.get("/reader/atom/{stream_id:path}")
async def atom(request: Request, identity: Identity, stream_id: str) -> Response:
    p = await params(request)
    body = await run_in_threadpool(_atom, request, identity, p, stream_id)
    return Response(body, media_type="application/atom+xml; charset=utf-8")
