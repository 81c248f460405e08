"""/api/v1 for readers: me, the three feeds with reasons, follows and mutes, signals, saved,
history, suggestions and personal tokens. Authenticated by ``Authorization: Bearer <token>``
(a personal token from Settings) or, from the web app, the session cookie plus CSRF header.
Everything is the caller's own: another reader's rows are never reachable (404)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mynews.api.reader_schemas import (
    CardOut,
    FeedOut,
    FollowIn,
    FollowOut,
    ImpressionsIn,
    ListedOut,
    ListOut,
    MeOut,
    ReasonOut,
    SignalIn,
    SuggestionOut,
    SuggestionsOut,
    TokenIn,
    TokenOut,
)
from mynews.http import auth
from mynews.http.params import Id, Limit
from mynews.services.readers import accounts, follows, signals
from mynews.services.readers.accounts import ReaderView
from mynews.services.reading import feed

bearer = HTTPBearer(auto_error=False, description="A personal API token (Settings → API tokens).")


async def reader_dep(
    request: Request, _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)] = None
) -> ReaderView:
    return await auth.require_reader(request)


Reader = Annotated[ReaderView, Depends(reader_dep)]
router = APIRouter(prefix="/api/v1", tags=["readers"])


def _feed(page: feed.FeedPage) -> FeedOut:
    cards = [
        CardOut(
            **{
                k: v
                for k, v in asdict(c).items()
                if k in CardOut.model_fields and k not in ("reasons", "reason_details")
            },
            reasons=list(c.reasons),
            reason_details=[ReasonOut(**d) for d in c.reason_details],  # type: ignore[arg-type]
            more_sources=c.more_sources,
        )
        for c in page.cards
    ]
    return FeedOut(view=page.view, cards=cards, next_cursor=page.next_cursor, known=page.known)


def _list(page: signals.ListPage) -> ListOut:
    return ListOut(items=[ListedOut(**asdict(i)) for i in page.items], next_cursor=page.next_cursor)


@router.get("/me", response_model=MeOut)
def me(reader: Reader) -> MeOut:
    return MeOut(
        id=reader.id,
        email=reader.email,
        name=reader.name,
        is_admin=reader.is_admin,
        onboarded=reader.onboarded,
    )


@router.get("/feed/for-you", response_model=FeedOut)
def for_you(request: Request, reader: Reader, cursor: str | None = None, limit: Limit = 30) -> FeedOut:
    """The ranked feed; each card says why it is there. Pass ``next_cursor`` for the next page."""
    return _feed(feed.for_you(request.app.state.ctx, reader.id, cursor=cursor, limit=limit))


@router.get("/feed/following", response_model=FeedOut)
def following(request: Request, reader: Reader, cursor: str | None = None, limit: Limit = 30) -> FeedOut:
    return _feed(feed.following(request.app.state.ctx, reader.id, cursor=cursor, limit=limit))


@router.get("/feed/top", response_model=FeedOut)
def top(request: Request, reader: Reader, cursor: str | None = None, limit: Limit = 30) -> FeedOut:
    return _feed(feed.top_stories(request.app.state.ctx, reader.id, cursor=cursor, limit=limit))


@router.get("/follows", response_model=list[FollowOut])
def list_follows(request: Request, reader: Reader) -> list[FollowOut]:
    return [FollowOut(**asdict(f)) for f in follows.list_follows(request.app.state.ctx, reader.id)]


@router.put("/follows", response_model=FollowOut)
def put_follow(request: Request, reader: Reader, body: FollowIn) -> FollowOut:
    """Follow (or mute, with ``muted: true``) a topic, entity, source, author or keyword."""
    view = follows.set_follow(request.app.state.ctx, reader.id, body.kind, body.key, muted=body.muted)
    return FollowOut(**asdict(view))


@router.delete("/follows/{kind}/{key:path}", status_code=204)
def delete_follow(request: Request, reader: Reader, kind: str, key: str) -> Response:
    follows.unfollow(request.app.state.ctx, reader.id, kind, key)
    return Response(status_code=204)


@router.get("/suggestions", response_model=SuggestionsOut)
def suggestions(request: Request, reader: Reader) -> SuggestionsOut:
    s = follows.suggestions(request.app.state.ctx)
    return SuggestionsOut(
        **{k: [SuggestionOut(**asdict(x)) for x in getattr(s, k)] for k in ("topics", "entities", "sources")}
    )


@router.post("/signals", status_code=204)
def post_signal(request: Request, reader: Reader, body: SignalIn) -> Response:
    """Record what the reader did: impression, open, read (value: seconds), more, fewer, hide, save, share."""
    signals.record(request.app.state.ctx, reader.id, body.article_id, body.kind, body.value)
    return Response(status_code=204)


@router.post("/impressions", status_code=204)
def post_impressions(request: Request, reader: Reader, body: ImpressionsIn) -> Response:
    """The cards a client showed the reader (the web pages record their own): one call per page."""
    signals.record_impressions(request.app.state.ctx, reader.id, body.article_ids)
    return Response(status_code=204)


@router.get("/saved", response_model=ListOut)
def saved(request: Request, reader: Reader, cursor: str | None = None, limit: Limit = 30) -> ListOut:
    return _list(signals.saved(request.app.state.ctx, reader.id, cursor=cursor, limit=limit))


@router.put("/saved/{article_id}", status_code=204)
def save(request: Request, reader: Reader, article_id: Id) -> Response:
    signals.record(request.app.state.ctx, reader.id, article_id, "save")
    return Response(status_code=204)


@router.delete("/saved/{article_id}", status_code=204)
def unsave(request: Request, reader: Reader, article_id: Id) -> Response:
    signals.unsave(request.app.state.ctx, reader.id, article_id)
    return Response(status_code=204)


@router.get("/history", response_model=ListOut)
def history(request: Request, reader: Reader, cursor: str | None = None, limit: Limit = 30) -> ListOut:
    return _list(signals.history(request.app.state.ctx, reader.id, cursor=cursor, limit=limit))


@router.delete("/history/{article_id}", status_code=204)
def forget_one(request: Request, reader: Reader, article_id: Id) -> Response:
    signals.forget(request.app.state.ctx, reader.id, article_id)
    return Response(status_code=204)


@router.delete("/history", status_code=204)
def forget_all(request: Request, reader: Reader) -> Response:
    signals.forget(request.app.state.ctx, reader.id)
    return Response(status_code=204)


@router.get("/tokens", response_model=list[TokenOut])
def list_tokens(request: Request, reader: Reader) -> list[TokenOut]:
    return [TokenOut(**asdict(t)) for t in accounts.tokens(request.app.state.ctx, reader.id)]


@router.post("/tokens", response_model=TokenOut, status_code=201)
def create_token(request: Request, reader: Reader, body: TokenIn) -> TokenOut:
    view, raw = accounts.create_token(request.app.state.ctx, reader.id, body.name)
    return TokenOut(**asdict(view), token=raw)


@router.delete("/tokens/{token_id}", status_code=204)
def revoke_token(request: Request, reader: Reader, token_id: Id) -> Response:
    accounts.revoke_token(request.app.state.ctx, reader.id, token_id)
    return Response(status_code=204)
