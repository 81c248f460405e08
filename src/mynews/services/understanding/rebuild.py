"""Use cases run by operators after a rule or model change: re-cluster a period into events and
storylines from stored vectors, rebuild every stored vector with the configured embedder, and
re-choose IPTC topics with the shipped classifier.

Re-clustering keeps identities: each new event takes the id of the old event that gave it most
of its articles (one id per event at most), and likewise for storylines; an old id that is not
kept leaves a redirect to where most of its articles went."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import datetime

from mynews.enrich.embeddings import get_embedder, to_bytes
from mynews.services.context import Context
from mynews.services.understanding.pipeline import article_text, merge_into_iptc, store_iptc
from mynews.services.understanding.similarity import forget
from mynews.services.understanding.story_state import member_inputs, summarise
from mynews.services.understanding.storyline_state import summarise as summarise_storyline
from mynews.store import articles as article_rows
from mynews.store import stories as story_rows
from mynews.store import storylines as storyline_rows
from mynews.store.db import Session
from mynews.stories.replay import replay
from mynews.stories.specificity import EntityIdf

Progress = Callable[[int, int], None]


def keep_ids(groups: Sequence[Sequence[Hashable]], old_of: Mapping[Hashable, int | None]) -> list[int | None]:
    """For each new group, the old id it keeps (the one that gave it most members), or None.

    Greedy on overlap, largest first; each old id is kept by one group at most."""
    pairs = []
    for n, group in enumerate(groups):
        for old, overlap in Counter(old_of.get(m) for m in group).items():
            if old is not None:
                pairs.append((overlap, -n, n, old))
    kept: list[int | None] = [None] * len(groups)
    used: set[int] = set()
    for _, _, n, old in sorted(pairs, reverse=True):
        if kept[n] is None and old not in used:
            kept[n], used = old, used | {old}
    return kept


def recluster(ctx: Context, start: datetime, end: datetime, *, progress: Progress | None = None) -> int:
    """Re-cluster every article published in [start, end); returns the number of events made."""
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        rows = story_rows.period(session, start, end)
        inputs = member_inputs(session, rows)
        by_id = {a.id: a for a in rows}
        old_event = {a.id: a.story_id for a in rows}
        line_of = storyline_rows.storyline_of_events(session, sorted({s for s in old_event.values() if s}))
        old_line = {a: line_of.get(s) if s else None for a, s in old_event.items()}
        result = replay(inputs)
        idf = EntityIdf()
        for item in inputs:
            idf.add(item.entities)
        event_ids = _write_events(session, result.events, old_event, by_id, inputs, progress)
        lines: dict[int, list[int]] = {}
        for event_id, line in zip(event_ids, result.storyline_of, strict=True):
            lines.setdefault(line, []).append(event_id)
        line_ids = _write_storylines(session, list(lines.values()), result.storylines(), old_line, idf)
        new_line = {
            int(a): line_ids[n]  # type: ignore[call-overload]
            for n, members in enumerate(result.storylines())
            for a in members
        }
        story_rows.follow_originals(session, list(by_id))
        _redirect_gone(session, "event", old_event, {a: r.story_id for a, r in by_id.items()}, now)
        _redirect_gone(session, "storyline", old_line, new_line, now)
        story_rows.delete_empty(session)
        storyline_rows.delete_empty(session)
    forget(ctx.db.url)
    return len(result.events)


def _write_events(session: Session, groups, old_event, by_id, inputs, progress) -> list[int]:
    kept = keep_ids(groups, old_event)
    inputs_of = {i.id: i for i in inputs}
    out = []
    for done, (members, old) in enumerate(zip(groups, kept, strict=True), 1):
        story = story_rows.get(session, old) if old is not None else None
        if story is None:
            story = story_rows.create(session, label="", size=0, source_count=0, entity_counts={})
        story_rows.assign(session, list(members), story.id)
        member_rows = [by_id[m] for m in members]
        for m in member_rows:
            m.story_id = story.id
        summarise(session, story, member_rows, [inputs_of[m] for m in members])
        out.append(story.id)
        if progress:
            progress(done, len(groups))
    return out


def _write_storylines(
    session: Session,
    events: list[list[int]],
    articles: list[list[Hashable]],
    old_line: Mapping[int, int | None],
    idf: EntityIdf,
) -> list[int]:
    """One storyline row per group of events (``articles``: the same groups, as article ids)."""
    kept = keep_ids(articles, old_line)  # type: ignore[arg-type]
    out = []
    for event_ids, old in zip(events, kept, strict=True):
        row = storyline_rows.get(session, old) if old is not None else None
        if row is None:
            row = storyline_rows.create(session, label="", entity_counts={}, size=0, article_count=0)
        storyline_rows.move_events(session, event_ids, row.id)
        stories = story_rows.many(session, event_ids)
        for s in stories:
            s.storyline_id = row.id
        summarise_storyline(session, row, sorted(stories, key=lambda s: (s.first_published, s.id)), idf)
        out.append(row.id)
    return out


def _redirect_gone(
    session: Session, level: str, old_of: Mapping[int, int | None], new_of: Mapping[int, int | None], now
) -> None:
    """Old ids no article belongs to any more point to where most of their articles went."""
    went: dict[int, Counter[int]] = {}
    for article_id, old in old_of.items():
        new = new_of.get(article_id)
        if old is not None and new is not None:
            went.setdefault(old, Counter())[new] += 1
    kept = set(new_of.values())
    for old, targets in went.items():
        if old not in kept and not story_rows.still_used(session, level, old):
            storyline_rows.add_redirect(session, level, old, targets.most_common(1)[0][0], "recluster", now)


def reembed(ctx: Context, *, batch: int = 64, progress: Progress | None = None) -> int:
    """Recompute the vector of every ready article with the configured model."""
    embedder = get_embedder(ctx.settings.embedding_model)
    after, done = 0, 0
    with ctx.db.reading() as session:
        total = article_rows.count(session, "ready")
    while True:
        with ctx.db.transaction() as session:
            page = article_rows.ready_after(session, after, batch)
            if not page:
                break
            vectors = embedder.embed([article_text(a).lead for a in page])
            for a, v in zip(page, vectors, strict=True):
                a.vector, a.vector_model = to_bytes(v), embedder.name
            after, done = page[-1].id, done + len(page)
        if progress:
            progress(done, total)
    forget(ctx.db.url)
    return done


def reassign_iptc(
    ctx: Context, *, batch: int = 256, progress: Progress | None = None, stale_only: bool = False
) -> int:
    """Re-choose the IPTC topics of every ready article with the shipped topic classifier, from
    its stored vector and text (after a new classifier or threshold; no model runs but the
    classifier). ``stale_only``: only the articles whose topics another model chose (what
    ``mynews migrate`` does after an upgrade). Section, tag and rule topics stay; returns the
    number of articles re-chosen (an article without a stored vector keeps its topics)."""
    import numpy as np

    from mynews.enrich.embeddings import from_bytes
    from mynews.enrich.topics import assign_iptc, section_topics, topic_model_name

    model = topic_model_name()
    after, done, chosen_for, now = 0, 0, 0, ctx.clock.now()
    with ctx.db.reading() as session:
        total = (
            article_rows.count_topics_not_by(session, model)
            if stale_only
            else article_rows.count(session, "ready")
        )
    while True:
        with ctx.db.transaction() as session:
            page = (
                article_rows.topics_not_by(session, model, after_id=after, limit=batch)
                if stale_only
                else article_rows.ready_after(session, after, batch)
            )
            if not page:
                break
            stored = [(a, a.vector) for a in page if a.vector]
            with_vector = [a for a, _ in stored]
            texts = [article_text(a) for a in with_vector]
            vectors = np.vstack([from_bytes(v) for _, v in stored]) if stored else None
            chosen = (
                assign_iptc(vectors, texts=[t.lead for t in texts], words=[t.words for t in texts])
                if vectors is not None
                else []
            )
            for a, text, iptc in zip(with_vector, texts, chosen, strict=True):
                labels = section_topics(text.section, text.tags)
                store_iptc(
                    session, a, [t for t in merge_into_iptc([*iptc, *labels]) if t.kind == "iptc"], now
                )
            after, done, chosen_for = page[-1].id, done + len(page), chosen_for + len(with_vector)
        if progress:
            progress(done, total)
    return chosen_for


__all__ = ["keep_ids", "reassign_iptc", "recluster", "reembed"]
