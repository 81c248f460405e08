"""Request and response bodies of the readers' JSON API (feeds, follows, signals, lists, tokens)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from mynews.http.params import Id


class MeOut(BaseModel):
    id: int
    email: str
    name: str
    is_admin: bool
    onboarded: bool


class ReasonOut(BaseModel):
    kind: str = Field(
        description="follow, news, read_about, similar, story, popular, trending, source, explore, recent"
    )
    text: str
    key_kind: str | None = Field(
        None, description="What the reason names: entity, topic, storyline, keyword, ..."
    )
    key: str | None = None
    label: str | None = None
    link: str | None = Field(None, description="The page of what the reason names")
    manage: str | None = Field(None, description="Where the reader follows, unfollows or mutes it")


class CardOut(BaseModel):
    article_id: int
    title: str
    url: str | None
    excerpt: str
    site_name: str | None
    published_at: datetime
    lead_image: str | None
    story_id: int | None
    reasons: list[str] = Field(description="Why the card is in the feed, strongest first.")
    story_sources: int = Field(description="Sources covering the card's story.")
    more_sources: int = Field(description="How many other sources the card stands for (“+N sources”).")
    saved: bool
    reason_details: list[ReasonOut] = Field(
        default_factory=list, description="The reasons with what they name"
    )
    section: str = Field(
        "picked",
        description="For you: “picked” (on the page for a reason about the reader), or “more”: a"
        " card in the top of the page that is there for no such reason (the fill when too few"
        " stories are known to interest the reader, an exploration draw); it claims no personal"
        " reason. Other feeds: always “picked”.",
    )


class FeedOut(BaseModel):
    view: str = Field(description="for_you, following or top")
    cards: list[CardOut]
    next_cursor: str | None
    known: bool = Field(
        default=True,
        description="For you: false while nothing is known of the reader (no reading, signals or "
        "follows); then every card is section 'more' and none claims a reason about the reader",
    )


class FollowIn(BaseModel):
    kind: str = Field(description="topic, entity, source, author, keyword, storyline or story (an event)")
    key: str = Field(
        min_length=1, max_length=300, description="topic/entity key, source id, author name, keyword"
    )
    muted: bool = Field(False, description="True mutes instead of following")


class FollowOut(BaseModel):
    kind: str
    key: str
    name: str
    muted: bool


class SignalIn(BaseModel):
    article_id: Id
    kind: str = Field(max_length=16, description="impression, open, read, more, fewer, hide, save, share")
    value: float = Field(
        1.0, ge=-1e9, le=1e9, allow_inf_nan=False, description="For read: seconds spent reading"
    )


class ImpressionsIn(BaseModel):
    article_ids: list[Id] = Field(max_length=100, description="The cards the reader was shown, in order")


class ListedOut(BaseModel):
    article_id: int
    title: str
    url: str | None
    site_name: str | None
    published_at: datetime
    at: datetime


class ListOut(BaseModel):
    items: list[ListedOut]
    next_cursor: str | None


class TokenIn(BaseModel):
    name: str = Field("token", max_length=200)


class TokenOut(BaseModel):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    token: str | None = Field(None, description="The token itself, only in the answer that creates it")


class SuggestionOut(BaseModel):
    kind: str
    key: str
    name: str
    count: int


class SuggestionsOut(BaseModel):
    topics: list[SuggestionOut]
    entities: list[SuggestionOut]
    sources: list[SuggestionOut]
