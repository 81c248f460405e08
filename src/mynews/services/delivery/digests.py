"""Use case: what one reader's digest holds, and the message it becomes.

The top stories are the reader's For you ranking (the same service the feed uses, so the same
reasons) restricted to what was published since the last digest; the "stories you follow"
section counts what is new for each follow. Links point into mynews (``MYNEWS_BASE_URL``);
images appear only when mynews holds its own copy (``/img/…``, made by the picture worker);
remote images are never loaded from mail, so a story without one is a numbered text entry.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import parseaddr
from urllib.parse import quote, urlsplit

from mynews.core.errors import NotFound
from mynews.mail.digest import Digest, DigestStory, FollowedUpdate, compose
from mynews.services.context import Context
from mynews.services.delivery import periods, preferences, unsubscribe
from mynews.services.reading import feed, pictures
from mynews.store import alerts as alert_rows
from mynews.store import digests as digest_rows
from mynews.store import feed_candidates, reader_activity, readers
from mynews.store import storylines as storyline_rows
from mynews.store.db import Session
from mynews.store.feed_cards import card_rows

FOLLOWED_MAX = 6
FOLLOW_PAGES = {"entity": "/entities/", "topic": "/topics/"}


@dataclass(frozen=True)
class DigestRequest:
    reader_id: int
    period: periods.Period
    since: datetime


def base_url(ctx: Context) -> str:
    return ctx.settings.base_url.rstrip("/")


def top_stories(ctx: Context, reader_id: int, since: datetime, limit: int) -> list[feed.FeedCard]:
    """The reader's For you cards published since ``since``, in ranked order (up to 5 pages)."""
    out: list[feed.FeedCard] = []
    cursor = None
    for _ in range(5):
        page = feed.for_you(ctx, reader_id, cursor=cursor, limit=50)
        out += [c for c in page.cards if c.published_at >= since]
        if len(out) >= limit or page.next_cursor is None:
            break
        cursor = page.next_cursor
    return out[:limit]


def build(ctx: Context, request: DigestRequest) -> Digest:
    base = base_url(ctx)
    prefs = preferences.get(ctx, request.reader_id)
    tz = periods.zone(prefs.timezone)
    with ctx.db.reading() as session:
        reader = readers.get(session, request.reader_id)
        if reader is None:
            raise NotFound("reader not found")
        email, name = reader.email, reader.name
    cards = top_stories(ctx, request.reader_id, request.since, ctx.settings.digest_stories)
    looks = pictures.looks(ctx, [(c.article_id, c.lead_image, c.site_name) for c in cards])
    stories = tuple(
        DigestStory(
            title=c.title,
            url=f"{base}/read/{c.article_id}",
            excerpt=c.excerpt,
            site_name=c.site_name,
            when=f"{c.published_at.astimezone(tz):%d %b, %H:%M}",
            sources=c.story_sources,
            reason=(c.said or ("Recent",))[0],
            coverage_url=f"{base}/stories/{c.story_id}" if c.story_id and c.story_sources > 1 else None,
            image_url=own_image(base, _picture(looks.get(c.article_id))),
        )
        for c in cards
    )
    shown = {c.article_id for c in cards}
    return Digest(
        to=email,
        reader_name=name,
        frequency="weekly" if request.period.length >= timedelta(days=7) else "daily",
        period_label=request.period.label,
        stories=stories,
        followed=followed_updates(ctx, request.reader_id, request.since, exclude=shown),
        home_url=f"{base}/",
        settings_url=f"{base}/settings/delivery",
        unsubscribe_url=f"{base}/unsubscribe/{unsubscribe.token_for(ctx, request.reader_id, email)}",
    )


def _picture(look: pictures.Look | None) -> str | None:
    """Our own copy of the card's picture (2x the 112 px thumbnail), when the worker has one."""
    return look.image.src(240) if look is not None and look.image is not None else None


def own_image(base: str, image: str | None) -> str | None:
    """An image URL only when mynews itself serves it (a path, or under MYNEWS_BASE_URL)."""
    if not image:
        return None
    if image.startswith("/") and not image.startswith("//"):
        return base + image
    return image if image.startswith(base + "/") else None


def followed_updates(
    ctx: Context, reader_id: int, since: datetime, *, exclude: set[int]
) -> tuple[FollowedUpdate, ...]:
    """For each follow with something new since ``since``: how much, and the newest headlines."""
    base = base_url(ctx)
    found: list[FollowedUpdate] = []
    with ctx.db.reading() as session:
        for follow in reader_activity.follows(session, reader_id):
            if follow.muted:
                continue
            ids = _followed_ids(session, follow.kind, follow.key, since)
            rows = card_rows(session, ids)
            new = [rows[i] for i in ids if i in rows and rows[i].published >= since]
            if not new:
                continue
            headlines = tuple((r.title, f"{base}/read/{r.id}") for r in new if r.id not in exclude)[:2]
            found.append(
                FollowedUpdate(
                    follow.name, follow.kind, _follow_url(base, follow.kind, follow.key), len(new), headlines
                )
            )
    found.sort(key=lambda f: -f.count)
    return tuple(found[:FOLLOWED_MAX])


def _followed_ids(session: Session, kind: str, key: str, since: datetime) -> list[int]:
    """The newest articles of one follow; a storyline's are the newest of its events' articles,
    an event's (kind ``story``) its newest members."""
    if kind == "storyline":
        return (
            storyline_rows.recent_articles(session, int(key), since=since, limit=30) if key.isdigit() else []
        )
    if kind == "story":
        return alert_rows.story_members(session, int(key), since=since, limit=30) if key.isdigit() else []
    return feed_candidates.following_page(session, [(kind, key)], before=None, limit=30)


def _follow_url(base: str, kind: str, key: str) -> str:
    page = FOLLOW_PAGES.get(kind)
    if page:
        return base + page + quote(key, safe="")
    if kind == "storyline" and key.isdigit():
        return f"{base}/storylines/{key}"
    if kind == "story" and key.isdigit():
        return f"{base}/stories/{key}"
    return f"{base}/following"


def message_id(ctx: Context, reader_id: int, period_key: str) -> str:
    """The same Message-ID for every try of one digest, so a resent copy is recognisably the same."""
    domain = parseaddr(ctx.settings.smtp_from)[1].rpartition("@")[2] or urlsplit(base_url(ctx)).hostname
    return f"<digest.{reader_id}.{period_key}@{domain or 'mynews.invalid'}>"


def message(ctx: Context, digest: Digest, reader_id: int, period_key: str) -> EmailMessage:
    return compose(
        digest,
        sender=ctx.settings.smtp_from,
        message_id=message_id(ctx, reader_id, period_key),
        date=ctx.clock.now(),
    )


def since_for(ctx: Context, reader_id: int, period: periods.Period) -> datetime:
    """Since the last digest (sent or found empty); else one period back."""
    with ctx.db.reading() as session:
        last = digest_rows.last_digest_at(session, reader_id)
    earliest = period.scheduled_at - period.length * 4
    if last is not None and earliest <= last < period.scheduled_at:
        return last
    return period.scheduled_at - period.length


def preview(ctx: Context, email: str) -> EmailMessage:
    """The message the reader would get if their digest were sent now (daily when it is off)."""
    with ctx.db.reading() as session:
        reader = readers.by_email(session, email.strip().lower())
        if reader is None:
            raise NotFound(f"no reader with email {email}")
        reader_id = reader.id
    prefs = preferences.get(ctx, reader_id)
    frequency = prefs.digest_frequency if prefs.digest_frequency != "off" else "daily"
    now = ctx.clock.now()
    local = now.astimezone(periods.zone(prefs.timezone))
    period = periods.latest_period(
        now, frequency=frequency, hour=local.hour, weekday=local.weekday(), timezone=prefs.timezone
    )
    assert period is not None
    digest = build(ctx, DigestRequest(reader_id, period, since_for(ctx, reader_id, period)))
    return message(ctx, digest, reader_id, period.key)
