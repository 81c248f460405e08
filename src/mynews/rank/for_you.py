"""The For you feed: filter, score, diversify and explain one page of cards.

``rank_for_you`` is the one entry point the services layer calls per page. Pagination
(see ``mynews.rank.pagination``): the lead loads a candidate window published at or before the
cursor's ``as_of``, passes the articles already shown in this feed session as ``exclude`` and
the cursor's ``seed``; the next page is then ranked with the reader's newest profile (so a
signal changes the very next page) and never repeats a card.

For a reader of whom anything is known (reading, signals or follows), the top of a page (the guarded top,
``freshness.top`` cards) is in two parts: the cards picked for a reason about the reader ("You
follow …", "New in …", "Because you read about …", "Similar to what you read"), then "More
news": the cards it holds for no such reason (the fill when too few have one, an exploration
draw, a card the reader passed over), which claim no personal reason (``Card.section``
``"more"``; at most a fact of the news, "Developing: 12 sources"). Any card among the first
``freshness.top`` of the page without a personal reason is "More news" too (on a quiet instance
the rest of the page can start there). The simulator's readers wanted about one in eight of
those: a reason on them would be wrong seven times in eight.

For a reader of whom nothing is known yet (no reading, no signals, no follows) nothing on the
page is picked for them: every card is "More news", saying only what is true of the news
("Trending", "Developing: 12 sources"), never "Recent" (the simulator's first-day readers wanted
5–15% of their "Recent" top cards); the page asks them to follow or read instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from mynews.rank.candidates import Candidate, Card
from mynews.rank.diversity import Pick, diversify
from mynews.rank.matching import visible
from mynews.rank.profile import ReaderProfile
from mynews.rank.reasons import NEWS_FACTS, Reason, reasons_for, says_why
from mynews.rank.scoring import quiet_follows, score_candidates
from mynews.rank.weights import Weights


def _card(pick: Pick, profile: ReaderProfile, weights: Weights, now: datetime, leading: bool) -> Card:
    """``leading``: the card is among the first ``freshness.top`` of the page."""
    s = pick.best
    reasons: tuple[Reason, ...] = reasons_for(s, profile, weights, explored=pick.explored, now=now)
    # nothing known of the reader yet: nothing on their page is picked for them
    more = not profile.known or (leading and (pick.explored or not says_why(reasons)))
    if more:  # only what is true of the news itself: not "Recent" either
        reasons = tuple(r for r in reasons if r.kind in NEWS_FACTS)
    return Card(
        article_id=s.article_id,
        story_id=s.candidate.story_id,
        score=s.score,
        reasons=tuple(r.text for r in reasons),
        folded=pick.folded,
        story_sources=s.candidate.story_sources,
        components=s.components,
        explored=pick.explored,
        details=tuple(r.to_dict() for r in reasons),
        propensity=pick.propensity,
        section="more" if more else "picked",
    )


def rank_for_you(
    profile: ReaderProfile,
    candidates: Sequence[Candidate],
    *,
    now: datetime,
    weights: Weights,
    limit: int = 30,
    seed: int = 0,
    exclude: frozenset[int] = frozenset(),
) -> list[Card]:
    """One page of at most ``limit`` cards for ``profile`` from ``candidates``.

    Muted, read, hidden and ``exclude``d articles never show. Deterministic: the same inputs and
    ``seed`` give the same page.
    """
    shown = visible(profile, candidates, exclude)
    quiet = quiet_follows(profile, candidates, weights)
    scored = score_candidates(profile, shown, now=now, weights=weights, quiet=quiet)
    picks = diversify(scored, profile, now=now, weights=weights, limit=limit, seed=seed)
    first = min(limit, weights.freshness.top)
    cards = [_card(pick, profile, weights, now, i < first) for i, pick in enumerate(picks)]
    # the guarded top (it leads the page; on a quiet instance the rest of the page may follow
    # within the first ten): what was picked for the reader first, in its order, then "More news"
    top = sum(1 for pick in picks if pick.top)
    return sorted(cards[:top], key=lambda c: c.section == "more") + cards[top:]
