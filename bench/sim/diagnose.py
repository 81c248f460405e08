"""What the ranker knew of each card it put on a page (for ``bench/reader_replay.py --cards``):
the features its reason gates can use, so each reason kind's precision can be read against them.

``install`` wraps ``mynews.rank.for_you._card`` (the step that turns a pick into a card) so each
card's diagnosis is kept in ``LAST`` (article id -> features) until the next page is ranked.
Nothing here changes a page.
"""

from __future__ import annotations

from typing import Any

LAST: dict[int, dict[str, Any]] = {}


def diagnose(pick: Any, profile: Any, weights: Any) -> dict[str, Any]:
    """The gate features of one pick: interest similarity, cosine to the mean liked vector,
    the learned affinity of the key "Because you read about" would name, the follow matched
    and whether it is supported, the story the card would be news in and how much of it the
    reader read."""
    from mynews.rank import reasons

    s = pick.best
    c = s.candidate
    learned = reasons._learned_key(s, profile, weights)
    news = reasons.news_key(s, profile, weights)
    depth = 0
    gap_h = None
    if news is not None:
        read_at = profile.read_stories.get(news)
        gap_h = round((c.published.timestamp() - read_at) / 3600.0, 1) if read_at is not None else None
        depth = sum(
            1 for a in profile.engaged if STORY_OF.get(a, (None, None))[news[0] == "storyline"] == news[1]
        )
    story_cos = None
    v = c.vector
    if news is not None and v is not None:
        index = news[0] == "storyline"
        same = [
            VECTORS[a]
            for a in profile.engaged
            if STORY_OF.get(a, (None, None))[index] == news[1] and a in VECTORS
        ]
        story_cos = round(max(float(v @ u) for u in same), 3) if same else None
    share = round(WINDOW.get(learned, 0) / max(1, WINDOW.get(("n", ""), 1)), 3) if learned else None
    follow = min(s.follows, key=lambda k: reasons.SPECIFIC_FIRST.get(k[0], 9)) if s.follows else None
    return {
        "similarity": round(s.similarity, 3),
        "typical": round(s.typical, 3),
        "learned_key": list(learned) if learned else None,
        "learned": round(profile.learned.get(learned, 0.0), 3) if learned else 0.0,
        "follow_kind": follow[0] if follow else None,
        "follow_supported": reasons.follow_supported(s, profile, weights) if follow else None,
        "follow_broad": (follow in s.broad) if follow else None,
        "news_kind": news[0] if news else None,
        "news_gap_h": gap_h,
        "news_depth": depth,
        "story_cos": story_cos,
        "news_close": _round(profile.closeness(news, v)) if news else None,
        "read_about_close": _round(profile.closeness(learned, v))
        if learned and learned[0] != "topic"
        else None,
        "learned_share": share,
        "engaged": len(profile.engaged),
        "explored": pick.explored,
        "kinds": [r.kind for r in reasons.reasons_of(s, profile, weights)],
        "score": round(s.score, 3),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


STORY_OF: dict[int, tuple[str | None, str | None]] = {}  # article id -> (story id, storyline id)
VECTORS: dict[int, Any] = {}  # article id -> its item's vector (the simulator's MiniLM)
WINDOW: dict[Any, int] = {}  # key -> candidates carrying it on the page being ranked; ("n", "") -> all


def install(story_of: dict[int, tuple[str | None, str | None]], vectors: dict[int, Any]) -> None:
    """Wrap the card step of For you so each page's diagnosis lands in ``LAST``."""
    from mynews.rank import for_you

    STORY_OF.clear()
    STORY_OF.update(story_of)
    VECTORS.clear()
    VECTORS.update(vectors)
    original = for_you._card
    scorer = for_you.score_candidates

    def score(profile: Any, candidates: Any, **kwargs: Any) -> Any:
        WINDOW.clear()
        WINDOW[("n", "")] = len(candidates)
        for c in candidates:
            for key in [("topic", t) for t in c.topics] + [("entity", e) for e in c.entities]:
                WINDOW[key] = WINDOW.get(key, 0) + 1
        return scorer(profile, candidates, **kwargs)

    for_you.score_candidates = score  # type: ignore[assignment]

    def card(pick: Any, profile: Any, weights: Any, *args: Any, **kwargs: Any) -> Any:
        LAST[pick.best.article_id] = diagnose(pick, profile, weights)
        return original(pick, profile, weights, *args, **kwargs)

    for_you._card = card  # type: ignore[assignment]
