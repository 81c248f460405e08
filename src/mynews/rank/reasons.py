"""Why a card is on the page: short human reasons, the strongest first.

Each reason comes from a score component and is ordered by that component's weighted value:
"You follow North Korea nuclear crisis" (follow), "Because you read about Rex Tillerson"
(learned affinity and similarity to what the reader opened), "Similar to what you read",
"Developing: 12 sources" / "Covered by 5 sources" (importance), "Popular", "Trending",
"More by <author>", "New from Global Voices" (a quiet source, or a liked one when
nothing else explains the card), and "Something different" for
an exploration card. A card with none of these says "Recent".
"""

from __future__ import annotations

from mynews.rank.candidates import Candidate
from mynews.rank.profile import ReaderProfile
from mynews.rank.scoring import Scored
from mynews.rank.weights import Weights

AFFINITY_MIN = 0.2  # a learned affinity worth naming
SIMILARITY_MIN = 0.25  # an interest similarity worth naming


def _story_reason(c: Candidate, weights: Weights) -> str | None:
    if c.story_sources < weights.reasons.developing_min_sources:
        return None
    if c.story_growth > 0:
        return f"Developing: {c.story_sources} sources"
    return f"Covered by {c.story_sources} sources"


def _interest_reason(s: Scored, profile: ReaderProfile) -> tuple[float, str] | None:
    strength = s.components.get("interest", 0.0) + max(0.0, s.components.get("feedback", 0.0))
    liked = s.liked_key
    if liked is not None and profile.affinity.get(liked, 0.0) >= AFFINITY_MIN:
        if liked[0] == "author":
            return strength, f"More by {profile.name_of(liked)}"
        return strength, f"Because you read about {profile.name_of(liked)}"
    if s.similarity >= SIMILARITY_MIN:
        return strength, "Similar to what you read"
    return None


def _source_reason(s: Scored, profile: ReaderProfile, others: int) -> tuple[float, str] | None:
    """A quiet source is always worth naming; a source the reader likes only when nothing else
    explains the card (otherwise every card of a favourite source would say so)."""
    c = s.candidate
    strength = s.components.get("source", 0.0) + s.components.get("rare_source", 0.0)
    liked = profile.affinity.get(("source", c.source_id), 0.0) >= AFFINITY_MIN and not others
    if (liked or s.components.get("rare_source", 0.0) > 0.0) and strength > 0.0:
        return strength, f"New from {c.source_name or profile.name_of(('source', c.source_id))}"
    return None


def reasons_for(
    s: Scored, profile: ReaderProfile, weights: Weights, *, explored: bool = False
) -> tuple[str, ...]:
    """The reasons for one scored candidate, strongest first, at most ``reasons.max_reasons``."""
    c = s.candidate
    found: list[tuple[float, str]] = []
    if s.follow is not None:
        found.append((s.components.get("follow", 0.0), f"You follow {profile.name_of(s.follow)}"))
    interest = _interest_reason(s, profile)
    if interest is not None:
        found.append(interest)
    story = _story_reason(c, weights)
    if story is not None:
        found.append((s.components.get("importance", 0.0), story))
    if c.popularity >= weights.reasons.popular_min_opens or "popular" in c.via:
        found.append((s.components.get("popularity", 0.0), "Popular"))
    if "trending" in c.via:
        found.append((s.components.get("importance", 0.0) * 0.9, "Trending"))
    source = _source_reason(s, profile, len(found))
    if source is not None:
        found.append(source)
    found.sort(key=lambda pair: -pair[0])
    texts = [text for _, text in found]
    if explored:
        texts.insert(0, "Something different")
    if not texts:
        texts.append("Recent")
    return tuple(dict.fromkeys(texts))[: weights.reasons.max_reasons]
