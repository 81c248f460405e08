"""Reader pages: sign up / in / out, onboarding, the three feeds, the reader's article view,
saved and history. Actions (follow, save, feedback) are in ``web.reader_actions``, settings in
``web.reader_settings``. Pages that need a reader redirect to the sign-in page."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from mynews.core.errors import AppError
from mynews.http import auth
from mynews.http.errors import retry_headers
from mynews.http.params import Id
from mynews.services.browsing import suggest
from mynews.services.readers import accounts, follows, signals
from mynews.services.readers.accounts import ReaderView
from mynews.services.reading import articles, coverage, feed
from mynews.services.reading.front import front_page

router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, data: Mapping[str, object], status: int = 200) -> HTMLResponse:
    data = {"reader": auth.current_reader(request), "extras": None, **data}
    return request.app.state.templates.TemplateResponse(request, name, data, status_code=status)


def local_path(value: str | None, default: str = "/") -> str:
    """Only same-site paths are followed after a form (no open redirects)."""
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return default


def to_signin(request: Request) -> RedirectResponse:
    return RedirectResponse(f"/signin?next={quote(request.url.path)}", status_code=303)


def home(request: Request) -> Response:
    """ "/": the For you feed for a reader, Top stories for a visitor."""
    reader = auth.current_reader(request)
    if reader is None:
        return front(request)
    if not reader.onboarded:
        return RedirectResponse("/welcome", status_code=303)
    return feed_page(request, "for_you", feed.for_you(request.app.state.ctx, reader.id))


def feed_page(request: Request, view: str, page: feed.FeedPage) -> HTMLResponse:
    """Render a feed. Nothing is written on a GET: the page posts the cards it showed as
    impressions (``POST /signals/impressions``, from app.js)."""
    extras = coverage.extras(request.app.state.ctx, page.cards)
    return render(request, "feed.html", {"page": page, "view": view, "extras": extras})


def front(request: Request) -> HTMLResponse:
    """The front page: top stories, then a section per subject (impressions posted by the page)."""
    reader = auth.current_reader(request)
    page = front_page(request.app.state.ctx, reader.id if reader else None)
    cards = page.top + [c for s in page.sections for c in s.cards]
    extras = coverage.extras(request.app.state.ctx, cards)
    return render(request, "front.html", {"front": page, "extras": extras})


@router.get("/for-you", response_class=HTMLResponse)
def for_you(request: Request, cursor: str | None = None) -> Response:
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    return feed_page(request, "for_you", feed.for_you(request.app.state.ctx, reader.id, cursor=cursor))


@router.get("/following", response_class=HTMLResponse)
def following(request: Request, cursor: str | None = None) -> Response:
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    return feed_page(request, "following", feed.following(request.app.state.ctx, reader.id, cursor=cursor))


@router.get("/top", response_class=HTMLResponse)
def top(request: Request, cursor: str | None = None) -> Response:
    if cursor is None:
        return front(request)
    reader = auth.current_reader(request)
    page = feed.top_stories(request.app.state.ctx, reader.id if reader else None, cursor=cursor)
    return feed_page(request, "top", page)


@router.get("/more", response_class=HTMLResponse)
def more(request: Request) -> HTMLResponse:
    """Every place, for the phone's "More" tab."""
    return render(request, "more.html", {})


@router.get("/read/{article_id}", response_class=HTMLResponse)
def read(request: Request, article_id: Id) -> Response:
    """The reader's view of an article with save / more / fewer / follow buttons. A GET writes
    nothing (a cross-site link cannot fill a reader's history): the page posts the open, with
    its CSRF token, once it is shown."""
    ctx = request.app.state.ctx
    reader = auth.current_reader(request)
    view = articles.article_page(ctx, article_id)
    if reader is None:
        return RedirectResponse(f"/articles/{article_id}", status_code=303)
    size = articles.story_size(ctx, view.story_id)
    ents, tops = articles.article_context(ctx, article_id)
    followed = {(f.kind, f.key): f.muted for f in follows.list_follows(ctx, reader.id)}
    tags = follows.article_tags(follows.article_keys(ctx, article_id), [(e.key, e.name) for e in ents])
    saved = bool(signals.saved_among(ctx, reader.id, [article_id]))
    return render(
        request,
        "reader_article.html",
        {
            "a": view,
            "entities": ents,
            "topics": tops,
            "tags": tags,
            "followed": followed,
            "saved": saved,
            "story_size": size,
        },
    )


# Accounts -------------------------------------------------------------------------------------


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request) -> HTMLResponse:
    return render(request, "signup.html", {"error": None, "email": ""})


@router.post("/signup", response_class=HTMLResponse)
async def signup(
    request: Request,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    name: Annotated[str, Form()] = "",
) -> Response:
    """Create an account. The answer is the same whether or not the address already had one
    (no enumeration): the sign-in page, with a message that is true in both cases."""
    await auth.check_csrf(request)
    ctx = request.app.state.ctx
    try:
        accounts.request_account(ctx, email, password, name=name, address=auth.client_address(request))
    except AppError as err:
        headers = retry_headers(err)
        page = render(request, "signup.html", {"error": err.message, "email": email}, status=err.status)
        page.headers.update(headers or {})
        return page
    return RedirectResponse("/signin?created=1", status_code=303)


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, next: str = "/", created: str = "") -> HTMLResponse:
    data = {"error": None, "email": "", "next": local_path(next), "created": bool(created)}
    return render(request, "signin.html", data)


@router.post("/signin", response_class=HTMLResponse)
async def signin(
    request: Request,
    email: Annotated[str, Form()],
    password: Annotated[str, Form()],
    next: Annotated[str, Form()] = "/",
) -> Response:
    await auth.check_csrf(request)
    try:
        _, token = accounts.sign_in(
            request.app.state.ctx, email, password, address=auth.client_address(request)
        )
    except AppError as err:
        data = {"error": err.message, "email": email, "next": local_path(next), "created": False}
        page = render(request, "signin.html", data, status=err.status)
        page.headers.update(retry_headers(err) or {})
        return page
    response = RedirectResponse(local_path(next), status_code=303)
    auth.set_session_cookie(request, response, token)
    return response


@router.post("/signout")
async def signout(request: Request) -> Response:
    await auth.check_csrf(request)
    token = request.cookies.get(auth.SESSION_COOKIE, "")
    if token:
        accounts.sign_out(request.app.state.ctx, token)
    response = RedirectResponse("/", status_code=303)
    auth.clear_session_cookie(request, response)
    return response


@router.get("/welcome", response_class=HTMLResponse)
def welcome(request: Request, q: str = "") -> Response:
    reader = auth.current_reader(request)
    if reader is None:
        return to_signin(request)
    ctx = request.app.state.ctx
    followed = {
        (f.kind, f.key): "muted" if f.muted else "following" for f in follows.list_follows(ctx, reader.id)
    }
    found = suggest.suggest(ctx, q, limit=16) if q.strip() else []
    data = {"s": follows.suggestions(ctx), "followed": followed, "q": q, "found": found}
    return render(request, "welcome.html", data)


@router.post("/welcome")
async def welcome_done(request: Request) -> Response:
    reader = await auth.require_reader(request)
    accounts.set_onboarded(request.app.state.ctx, reader.id)
    return RedirectResponse("/", status_code=303)


# Lists ----------------------------------------------------------------------------------------


def _reader_or_none(request: Request) -> ReaderView | None:
    return auth.current_reader(request)


@router.get("/saved", response_class=HTMLResponse)
def saved(request: Request, cursor: str | None = None) -> Response:
    reader = _reader_or_none(request)
    if reader is None:
        return to_signin(request)
    page = signals.saved(request.app.state.ctx, reader.id, cursor=cursor)
    return render(request, "saved.html", {"page": page})


@router.get("/history", response_class=HTMLResponse)
def history(request: Request, cursor: str | None = None) -> Response:
    reader = _reader_or_none(request)
    if reader is None:
        return to_signin(request)
    page = signals.history(request.app.state.ctx, reader.id, cursor=cursor)
    return render(request, "history.html", {"page": page})
