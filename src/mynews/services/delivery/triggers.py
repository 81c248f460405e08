"""Use case: what follows once an article is processed and committed (a task, never inside the
processing transaction): webhooks for readers whose follows it matches, "as it happens" alerts,
and — when its story has just reached ``MYNEWS_ALERT_BIG_SOURCES`` distinct sources within
``MYNEWS_ALERT_BIG_HOURS`` — the story's "big" alerts and ``story.big`` webhooks (once per story).
Articles published more than ``MYNEWS_ALERT_MAX_AGE_HOURS`` ago (back-fills, old corpora) trigger
nothing."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from mynews.services.context import Context
from mynews.services.delivery import alerts, webhooks
from mynews.store import alerts as alert_rows
from mynews.store import articles, feed_candidates
from mynews.store import storylines as storyline_rows
from mynews.store.alerts import FollowMatch
from mynews.store.db import Session


@dataclass
class TriggerReport:
    matched_readers: int = 0
    alerts: dict[int, str] = field(default_factory=dict)
    became_big: bool = False
    webhook_events: int = 0


def on_article_ready(ctx: Context, article_id: int) -> TriggerReport:
    report = TriggerReport()
    now = ctx.clock.now()
    settings = ctx.settings
    with ctx.db.reading() as session:
        article = articles.get(session, article_id)
        if article is None or article.status != "ready":
            return report
        if article.published_at < now - timedelta(hours=settings.alert_max_age_hours):
            return report
        duplicate, story_id = article.duplicate_of_id is not None, article.story_id
        facts = feed_candidates.details(session, [article_id], growth_since=now)
        matches = [] if duplicate or not facts else _matches(session, facts[0])
        sources = (
            alert_rows.recent_sources(session, story_id, now - timedelta(hours=settings.alert_big_hours))
            if story_id
            else 0
        )
    followers = _by_reader(matches)
    report.matched_readers = len(followers)
    if followers and facts:
        data = webhooks.article_data(ctx, article_id)
        if data is not None:
            report.webhook_events += webhooks.article_matched(ctx, data, followers)
        now_mode = {r: [m.name for m in ms if m.mode == "now"] for r, ms in followers.items()}
        alert = alerts.StoryAlert(
            _story_key(story_id, article_id),
            article_id,
            facts[0].title,
            facts[0].source_name,
            "now",
            max(1, sources),
        )
        report.alerts.update(alerts.deliver(ctx, alert, {r: n for r, n in now_mode.items() if n}))
    if story_id and sources >= settings.alert_big_sources:
        with ctx.db.transaction() as session:
            report.became_big = alert_rows.mark_big(session, story_id, sources, now)
        if report.became_big:
            _big(ctx, story_id, sources, report)
    if report.webhook_events and ctx.queue is not None:
        ctx.queue.deliver_webhooks()
    return report


def _story_key(story_id: int | None, article_id: int) -> str:
    return f"s:{story_id}" if story_id else f"a:{article_id}"


def _matches(session: Session, fact: feed_candidates.ArticleFacts) -> list[FollowMatch]:
    keys = [("topic", k) for k, _ in fact.topics] + [("entity", k) for k, _ in fact.entities]
    if fact.source_id is not None:
        keys.append(("source", str(fact.source_id)))
    if fact.author:
        keys.append(("author", fact.author))
    if fact.story_id is not None:
        keys.append(("story", str(fact.story_id)))
        line = storyline_rows.storyline_of_events(session, [fact.story_id]).get(fact.story_id)
        if line is not None:
            keys.append(("storyline", str(line)))
    return alert_rows.matching_follows(session, keys, fact.title)


def _by_reader(matches: list[FollowMatch]) -> dict[int, list[FollowMatch]]:
    """Readers with a matching follow, unless they mute something the article has."""
    muted = {m.reader_id for m in matches if m.muted}
    out: dict[int, list[FollowMatch]] = defaultdict(list)
    for m in matches:
        if not m.muted and m.reader_id not in muted:
            out[m.reader_id].append(m)
    return dict(out)


def _big(ctx: Context, story_id: int, sources: int, report: TriggerReport) -> None:
    """The story just became big: alert the readers who asked for "big" on a follow it matches."""
    now = ctx.clock.now()
    with ctx.db.reading() as session:
        members = alert_rows.story_members(session, story_id, since=now)
        facts = feed_candidates.details(session, members, growth_since=now)
        matches = [m for f in facts for m in _matches(session, f)]
    if not facts:
        return
    lead = facts[0]
    followers = _by_reader(matches)
    big_mode = {r: [m.name for m in ms if m.mode == "big"] for r, ms in followers.items()}
    alert = alerts.StoryAlert(f"s:{story_id}", lead.id, lead.title, lead.source_name, "big", sources)
    report.alerts.update(
        alerts.deliver(ctx, alert, {r: list(dict.fromkeys(n)) for r, n in big_mode.items() if n})
    )
    data = webhooks.article_data(ctx, lead.id)
    story = {
        "id": story_id,
        "sources": sources,
        "url": f"{ctx.settings.base_url.rstrip('/')}/stories/{story_id}",
    }
    report.webhook_events += webhooks.emit(
        ctx,
        "story.big",
        f"story.big:{story_id}",
        {"story": story, "article": data},
        reader_ids=sorted(followers),
    )
