"""Turn scored candidates into one diverse page.

1. One card per story: the best-scored article represents its story, the others fold under it
   (an article ``diversity.story_hours`` from the story's other cards is a development with a
   card of its own). For a story the reader read, ``diversity.story_news_cards`` newer articles
   of it that differ from its other cards get cards of their own ("New in <story>").
2. Follows have a place: for each specific followed key (not on more than
   ``reasons.broad_share`` of the window) with a fresh candidate (younger than
   ``freshness.fresh_hours``), its best story is reserved a slot on the page (at most
   ``diversity.reserve_follow_share`` of the page; the strongest follows first).
3. A small exploration share: now and then a card drawn, with a seeded generator, from the
   stories ranked just below the page, so a reader's feed is not only more of the same. The same
   seed gives the same page.
4. The rest by score, with caps per primary topic and per source (shares of the page); if the
   caps leave the page short, the capped-out stories fill it in score order.

The page is sorted by score; explored cards close it (the top's explored card is its 10th).
Below the top, stories younger than ``freshness.follow_horizon_hours`` come before older ones
(those explained by a reason about the reader first, newest week first: ``_by_week``),
and the follows take turns in the places follows hold: each card of a followed key lowers that
key's next card by ``diversity.follow_spread`` (score units), so a reader following Iran, China
and Science sees the three mixed, not a page of Iran because Iran is the rarer name. Ties go to
the newer story.

The top of the first page (``freshness.top`` cards, 10) is guarded: a story older than
``freshness.horizon_hours`` enters it only as the latest candidate of a specific follow (an
entity, keyword, author or source, not a broad topic) or with strong interest
(``freshness.strong_interest``), and then only while younger than
``freshness.follow_horizon_hours`` (a week); past that, only the latest of a followed storyline
or story enters. For a reader with history, only a card with a true reason
(never "Recent" alone). Those cards may still fill the page below the top. When too few cards
have such a reason, fresh news fills the top (shown as "More news", with no personal reason:
``rank.for_you``), ordered by score plus
``diversity.fill_typical`` x its cosine to the reader's mean liked vector (``Scored.typical``);
when the last ``freshness.horizon_hours`` do not fill it (a quiet instance), this week's news does.
Exploration happens inside the top; each explored card carries its propensity (the chance it was drawn), logged so
that a new model can be evaluated offline on logged data with inverse propensity weighting.
"""

from __future__ import annotations

import heapq
import math
import random
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from mynews.rank.profile import Key, ReaderProfile
from mynews.rank.reasons import explained, news_key
from mynews.rank.scoring import Scored
from mynews.rank.weights import Weights


@dataclass(frozen=True)
class Pick:
    """One story chosen for the page: its representative, its folded articles, why it was picked."""

    best: Scored
    folded: tuple[int, ...] = ()
    reserved: bool = False
    explored: bool = False
    propensity: float = 1.0
    top: bool = False  # chosen for the guarded top of the page (admitted, or its fill)


Story = tuple[Scored, tuple[int, ...]]  # a story's best article and the others it folds


def fold_stories(
    scored: Sequence[Scored],
    cards: int = 1,
    hours: float = 12.0,
    *,
    news: Callable[[Scored], bool] | None = None,
    news_cards: int = 0,
    distinct: float = 1.0,
) -> list[Story]:
    """Group by story (``scored`` best first). A story's best article leads its card; another of
    its articles becomes a card of its own when it is ``hours`` or more from every card the story
    already has (a new development: the story's news, not only its first article), up to
    ``cards`` per story; the rest fold under the nearest card.

    For a story the reader read, up to ``news_cards`` more of its articles that are ``news`` to
    them (newer than what they read there, not a copy of it: ``reasons.news_key``) become cards
    of their own however close in time, each with a cosine under ``distinct`` to each of the
    story's other cards: a new development, not another source's copy of one on the page."""
    leads: dict[object, list[Scored]] = {}
    extra: dict[object, int] = {}
    folded: dict[int, list[int]] = {}
    order: list[Scored] = []
    gap = hours * 3600.0
    for s in scored:
        c = s.candidate
        story = c.story_id
        group = c.article_id if story is None else ("story", story)
        kept = leads.get(group)
        if kept is None:  # the story's first (most stories in a window have one article)
            leads[group] = [s]
            order.append(s)
            continue
        at = c.at
        distances = [abs(at - k.candidate.at) for k in kept]
        if len(kept) < cards and min(distances) >= gap:
            kept.append(s)
            order.append(s)
        elif (
            news is not None and extra.get(group, 0) < news_cards and news(s) and _distinct(s, kept, distinct)
        ):
            extra[group] = extra.get(group, 0) + 1
            kept.append(s)
            order.append(s)
        else:
            nearest = kept[distances.index(min(distances))]
            folded.setdefault(nearest.candidate.article_id, []).append(c.article_id)
    none: tuple[int, ...] = ()
    return [(s, tuple(folded[i]) if (i := s.candidate.article_id) in folded else none) for s in order]


def _distinct(s: Scored, kept: Sequence[Scored], limit: float) -> bool:
    """Whether ``s`` is less like each of ``kept`` than ``limit`` (cosine; without vectors it
    cannot be told from a copy, so it is not distinct)."""
    v = s.candidate.vector
    if v is None:
        return False
    return all(k.candidate.vector is not None and float(v @ k.candidate.vector) < limit for k in kept)


def _reserve_follows(
    stories: Sequence[Story], profile: ReaderProfile, now: datetime, weights: Weights, slots: int
) -> list[Pick]:
    """The best fresh story for each followed key, strongest first, at most ``slots``."""
    oldest = now.timestamp() - weights.freshness.fresh_hours * 3600.0
    best_for: dict[object, Story] = {}
    for story in stories:
        s = story[0]
        if s.follows and s.candidate.at >= oldest:
            for key in s.follows:
                if key not in s.broad:  # a follow on much of the window needs no slot of its own
                    best_for.setdefault(key, story)
    chosen: dict[int, Pick] = {}
    for s, folded in sorted(best_for.values(), key=lambda st: (-st[0].score, st[0].article_id)):
        if len(chosen) >= slots:
            break
        chosen.setdefault(s.article_id, Pick(s, folded, reserved=True))
    return list(chosen.values())


def _explore(
    stories: Sequence[Story], limit: int, weights: Weights, seed: int, taken: set[int]
) -> list[Pick]:
    """Exploration cards: ``limit x diversity.exploration_share`` expected per page (the fraction
    drawn with the seed, so a page of 10 at 0.03 explores one card in about a third of pages),
    from the stories ranked just below the page. Each card's propensity is the chance it was
    put on the page: the chance the page explores times the chance this story was drawn."""
    rng = random.Random(seed)
    expected = limit * weights.diversity.exploration_share
    whole = math.floor(expected)
    extra = expected - whole
    count = whole + (1 if rng.random() < extra else 0)
    pool = [
        st
        for st in stories[limit : limit * weights.diversity.exploration_pool]
        if st[0].candidate.article_id not in taken
    ]
    if count <= 0 or not pool:
        return []
    drawn = min(count, len(pool))
    chosen = rng.sample(pool, drawn)
    page_chance = 1.0 if drawn <= whole else extra
    return [
        Pick(s, folded, explored=True, propensity=page_chance * drawn / len(pool)) for s, folded in chosen
    ]


def _cap(limit: int, share: float) -> int:
    return max(1, math.ceil(limit * share))


def _fill(
    stories: Sequence[Story], page: list[Pick], limit: int, weights: Weights, taken: set[int]
) -> list[Pick]:
    topic_cap = _cap(limit, weights.diversity.topic_cap_share)
    source_cap = _cap(limit, weights.diversity.source_cap_share)
    taken = taken | {p.best.article_id for p in page}
    topics = Counter(p.best.candidate.topics[0] for p in page if p.best.candidate.topics)
    sources = Counter(p.best.candidate.source_id for p in page)
    skipped: list[Pick] = []
    out = list(page)
    for s, folded in stories:
        if len(out) >= limit:
            break
        c = s.candidate
        if c.article_id in taken:
            continue
        topic = c.topics[0] if c.topics else None
        if (topic is not None and topics[topic] >= topic_cap) or sources[c.source_id] >= source_cap:
            if len(skipped) < limit:
                skipped.append(Pick(s, folded))
            continue
        out.append(Pick(s, folded))
        taken.add(c.article_id)
        sources[c.source_id] += 1
        if topic is not None:
            topics[topic] += 1
    return out + skipped[: max(0, limit - len(out))]


def _arrange(page: list[Pick], limit: int) -> list[Pick]:
    """Sort by score; explored cards go last (inside the part of the page they were drawn for),
    so exploring costs the reader the least."""
    ranked = sorted((p for p in page if not p.explored), key=lambda p: (-p.best.score, p.best.article_id))
    explored = sorted((p for p in page if p.explored), key=lambda p: p.best.article_id)
    return (ranked + explored)[:limit]


_LATEST_KINDS = frozenset({"storyline", "story"})  # their latest enters the top whatever its age


def _newest_of_follows(stories: Sequence[Story]) -> dict[Key, float]:
    """The newest publication time among the candidates of each followed key."""
    newest: dict[Key, float] = {}
    for s, _ in stories:
        t = s.candidate.at
        for key in s.follows:
            if t > newest.get(key, -math.inf):
                newest[key] = t
    return newest


def _timely(s: Scored, oldest: float, stale: float, newest: dict[Key, float], weights: Weights) -> bool:
    """Whether a story's age lets it into the top of the page (see the module docstring): news,
    or old news a follow or strong interest brings. For a reader with history, a story in the
    top needs a reason about them too (``reasons.explained``)."""
    published = s.candidate.at
    if published < oldest:
        latest_of = [
            kind
            for kind, key in s.follows
            if kind != "topic" and published >= newest.get((kind, key), math.inf)
        ]
        # old news, unless the latest of a followed storyline or story (whatever its age; not
        # its whole back catalogue: the demo's reader who followed the US election got eight
        # of its campaign posts, May to November, as their top eight) ...
        if not any(kind in _LATEST_KINDS for kind in latest_of):
            if published < stale:
                return False  # ... is out past the follow horizon, however well it matches,
            if not latest_of and s.similarity < weights.freshness.strong_interest:
                return False  # ... and needs to be the latest of a specific follow or of strong interest
    return True


def diversify(
    scored: Sequence[Scored],
    profile: ReaderProfile,
    *,
    now: datetime,
    weights: Weights,
    limit: int,
    seed: int,
) -> list[Pick]:
    """Choose and order one page of at most ``limit`` stories from ``scored`` (best first): the
    top ``freshness.top`` from admissible stories, the rest from all."""
    if limit <= 0:
        return []
    d = weights.diversity
    stories = fold_stories(
        scored,
        d.story_cards,
        d.story_hours,
        news=lambda s: news_key(s, profile, weights) is not None,
        news_cards=d.story_news_cards,
        distinct=d.story_news_distinct,
    )
    oldest = now.timestamp() - weights.freshness.horizon_hours * 3600.0
    stale = min(oldest, now.timestamp() - weights.freshness.follow_horizon_hours * 3600.0)
    newest = _newest_of_follows(stories)
    top = min(limit, weights.freshness.top)
    # the stories that may be in the top: a fresh one (most) asks only whether it is explained
    history = profile.has_history
    head = _page(
        [
            st
            for st in stories
            if (st[0].candidate.at >= oldest or _timely(st[0], oldest, stale, newest, weights))
            and (not history or explained(st[0], profile, weights))
        ],
        profile,
        now,
        weights,
        top,
        seed,
    )
    taken = {p.best.article_id for p in head}
    if profile.has_history and len(head) < top:
        # Nothing more this reader is known to want: fresh news from outside their interests,
        # shown as what it is ("More news", claiming no reason about the reader), never as a
        # bare "Recent".
        # On a quiet instance (a household's few feeds, the demo) the last two days may not fill
        # the top: this week's news does, as the same fill, before anything older.
        unplaced = [st for st in stories if st[0].candidate.article_id not in taken]
        fresh = _fill_order([st for st in unplaced if st[0].candidate.at >= oldest], profile, weights)
        if len(fresh) < top - len(head):
            week = [st for st in unplaced if stale <= st[0].candidate.at < oldest]
            fresh += _fill_order(week, profile, weights)
        head += [Pick(s, folded, explored=True) for s, folded in fresh[: top - len(head)]]
        taken |= {p.best.article_id for p in head}
    head = [replace(p, top=True) for p in head]
    if len(head) >= limit:
        return head[:limit]
    # Below the top: this week's news first, then older news (a thin week must not let a
    # follow's year-old matches lead the page).
    rest = [st for st in stories if st[0].candidate.article_id not in taken]
    spread = weights.diversity.follow_spread
    recent = _spread([st for st in rest if st[0].candidate.at >= stale], spread, limit - len(head))
    page = head + _page(recent, profile, now, weights, limit - len(head), seed + 1, keep_order=True)
    if len(page) < limit:
        older = _by_week(
            [st for st in rest if st[0].candidate.at < stale],
            profile,
            stale,
            weights,
            limit - len(page),
        )
        page += _page(older, profile, now, weights, limit - len(page), seed + 2, keep_order=True)
    return page


def _fill_order(stories: list[Story], profile: ReaderProfile, weights: Weights) -> list[Story]:
    """The top's fill: by score plus how like the reader's reading as a whole a story is (cosine
    to the mean liked vector: a reader of a category is more like its mean than any one article)."""
    typical = weights.diversity.fill_typical
    if typical and profile.interests is not None:
        stories.sort(key=lambda st: (-(st[0].score + typical * st[0].typical), st[0].candidate.article_id))
    return stories


def _by_week(
    stories: Sequence[Story], profile: ReaderProfile, stale: float, weights: Weights, limit: int
) -> list[Story]:
    """Old news (past the follow horizon, ``stories`` best first): the cards with a reason about
    the reader (a follow, named even when broad or unsupported, or an ``explained`` card) first,
    newest week first (weeks of ``freshness.old_bucket_hours`` counted back from the horizon),
    by score within a week, with follows taking turns there; then the rest by score (where the
    reader's interests, not the date, should choose). Freshness has decayed to about nothing
    for all of them, so by score alone a follow's year-old match led a page above last month's
    (the demo's reader following Iran saw 2012 before 2020)."""
    bucket = max(1.0, weights.freshness.old_bucket_hours) * 3600.0
    groups: dict[tuple[bool, int], list[Story]] = {}
    for st in stories:
        s = st[0]
        if s.follows or explained(s, profile, weights):
            week = int((stale - s.candidate.at) // bucket)
            groups.setdefault((False, week), []).append(st)
        else:
            groups.setdefault((True, 0), []).append(st)
    spread = weights.diversity.follow_spread
    ordered: list[Story] = []
    for key in sorted(groups):
        ordered += _spread(groups[key], spread, max(0, limit - len(ordered)))
    return ordered


def _spread(stories: Sequence[Story], penalty: float, limit: int) -> list[Story]:
    """``stories`` (best first) with the followed ones reordered among the places they hold, so
    that followed keys take turns: a followed story's rank is its score less ``penalty`` for every
    story of its strongest follow already placed (ties: see ``_turn_order``). Stories without a
    follow keep their places, so the spread changes which follow a place goes to, never how
    many places follows get. The first ``limit`` x 4 places are spread; the rest keep the order."""
    want = max(0, limit) * 4
    followed = [st for st in stories[:want] if st[0].follows]
    if penalty <= 0 or len(followed) < 2:
        return list(stories)
    queues: dict[Key, deque[Story]] = {}
    for st in sorted(followed, key=_turn_order):
        queues.setdefault(st[0].follow, deque()).append(st)  # type: ignore[arg-type]
    used: Counter[Key] = Counter()

    def entry(key: Key, n: int) -> tuple[float, float, int, Key]:
        s = queues[key][0][0]
        return (-(s.score - penalty * used[key]), -s.candidate.at, n, key)

    heap = [entry(key, n) for n, key in enumerate(queues)]
    heapq.heapify(heap)
    turns: list[Story] = []
    while heap:
        _, _, n, key = heapq.heappop(heap)
        turns.append(queues[key].popleft())
        used[key] += 1
        if queues[key]:
            heapq.heappush(heap, entry(key, n))
    taken = iter(turns)
    head = [next(taken) if st[0].follows else st for st in stories[:want]]
    return head + list(stories[want:])


def _turn_order(story: Story) -> tuple[float, int, float]:
    """Within one follow: by score, then where the article names the followed key (its entities
    and topics are listed most salient first: "Iran: a blogger was arrested" before "Sultan
    Qaboos of Oman dies", which names Iran's foreign minister among the mourners), then newer."""
    s = story[0]
    kind, key = s.follow or ("", "")
    keys = s.candidate.entities if kind == "entity" else s.candidate.topics if kind == "topic" else ()
    place = keys.index(key) if key in keys else 0
    return (-s.score, place, -s.candidate.at)


def _page(
    stories: Sequence[Story],
    profile: ReaderProfile,
    now: datetime,
    weights: Weights,
    limit: int,
    seed: int,
    *,
    keep_order: bool = False,
) -> list[Pick]:
    """``limit`` picks from ``stories``, sorted by score (or, ``keep_order``, in the order of
    ``stories``), explored cards last."""
    if limit <= 0 or not stories:
        return []
    slots = max(1, int(limit * weights.diversity.reserve_follow_share)) if profile.follows else 0
    page = _reserve_follows(stories, profile, now, weights, slots)
    explore = _explore(stories, limit, weights, seed, {p.best.article_id for p in page})
    page = _fill(stories, page, limit - len(explore), weights, {p.best.article_id for p in explore})
    if keep_order:
        position = {st[0].candidate.article_id: i for i, st in enumerate(stories)}
        ranked = sorted((p for p in page if not p.explored), key=lambda p: position[p.best.article_id])
        return (ranked + explore)[:limit]
    return _arrange(page + explore, limit)
