"""A reader's feeds as Atom documents, for feed-reader clients (newsboat, NetNewsWire, ...).

``/feeds/for-you.atom`` and ``/feeds/following.atom`` are private: the reader's personal API
token authenticates them, as an ``Authorization: Bearer`` header, as the password of HTTP Basic
auth (any user name), or, for feed readers that can do neither, in the path:
``/feeds/t/<token>/for-you.atom`` (treat such a URL as a secret; the access log redacts it). The
older ``?token=`` form keeps working and is redacted too.
Each entry links to the reader's view of the article and says why it is in the feed.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mynews.core.errors import Unauthorized
from mynews.http.auth import basic_password, bearer_token
from mynews.ingest.web_urls import web_url
from mynews.services.readers import accounts
from mynews.services.readers.accounts import ReaderView
from mynews.services.reading import feed
from mynews.services.reading.feed import FeedPage

router = APIRouter()
ATOM = "http://www.w3.org/2005/Atom"
TITLES = {"for_you": "For you", "following": "Following"}


def _reader(request: Request, token: str | None) -> ReaderView:
    raw = bearer_token(request) or basic_password(request) or token or ""
    reader = accounts.reader_for_token(request.app.state.ctx, raw)
    if reader is None:
        raise Unauthorized(
            "a personal API token is required (Authorization: Bearer, Basic auth, or /feeds/t/<token>/...)"
        )
    return reader


def render_atom(page: FeedPage, *, base_url: str, self_url: str, email: str) -> bytes:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed")
    ET.SubElement(root, f"{{{ATOM}}}title").text = f"mynews · {TITLES.get(page.view, page.view)}"
    ET.SubElement(root, f"{{{ATOM}}}id").text = f"{base_url}/feeds/{page.view}/{email}"
    ET.SubElement(root, f"{{{ATOM}}}link", rel="self", href=self_url)
    newest = max((c.published_at for c in page.cards), default=None)
    ET.SubElement(root, f"{{{ATOM}}}updated").text = (
        newest.isoformat() if newest else "1970-01-01T00:00:00+00:00"
    )
    for card in page.cards:
        entry = ET.SubElement(root, f"{{{ATOM}}}entry")
        ET.SubElement(entry, f"{{{ATOM}}}title").text = card.title
        ET.SubElement(entry, f"{{{ATOM}}}id").text = f"{base_url}/articles/{card.article_id}"
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", href=f"{base_url}/read/{card.article_id}")
        if web_url(card.url):
            ET.SubElement(entry, f"{{{ATOM}}}link", rel="via", href=str(web_url(card.url)))
        ET.SubElement(entry, f"{{{ATOM}}}updated").text = card.published_at.isoformat()
        author = ET.SubElement(entry, f"{{{ATOM}}}author")
        ET.SubElement(author, f"{{{ATOM}}}name").text = card.site_name or "mynews"
        why = " · ".join(card.reasons)
        more = f" (+{card.more_sources} sources)" if card.more_sources else ""
        summary = ET.SubElement(entry, f"{{{ATOM}}}summary", type="text")
        summary.text = f"{why}{more}\n\n{card.excerpt}".strip()
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _atom(request: Request, page: FeedPage, reader: ReaderView) -> Response:
    # Links come from the configured public address, never from the request's Host header; the
    # self link never carries the token (in the query or the path).
    base = request.app.state.settings.base_url.rstrip("/")
    name = "for-you" if page.view == "for_you" else page.view
    body = render_atom(page, base_url=base, self_url=f"{base}/feeds/{name}.atom", email=reader.email)
    return Response(
        body,
        media_type="application/atom+xml; charset=utf-8",
        headers={"Cache-Control": "private, max-age=60"},
    )


@router.get("/feeds/for-you.atom", include_in_schema=False)
def for_you_atom(request: Request, token: str | None = None) -> Response:
    reader = _reader(request, token)
    return _atom(request, feed.for_you(request.app.state.ctx, reader.id, limit=50), reader)


@router.get("/feeds/following.atom", include_in_schema=False)
def following_atom(request: Request, token: str | None = None) -> Response:
    reader = _reader(request, token)
    return _atom(request, feed.following(request.app.state.ctx, reader.id, limit=50), reader)


@router.get("/feeds/t/{token}/for-you.atom", include_in_schema=False)
def for_you_atom_by_path(request: Request, token: str) -> Response:
    return for_you_atom(request, token)


@router.get("/feeds/t/{token}/following.atom", include_in_schema=False)
def following_atom_by_path(request: Request, token: str) -> Response:
    return following_atom(request, token)


def feed_url(base_url: str, token: str, view: str = "for-you") -> str:
    """The address to give a feed reader that cannot send headers (the token in the path)."""
    return f"{base_url.rstrip('/')}/feeds/t/{token}/{view}.atom"
