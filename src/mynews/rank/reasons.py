"""Why a card is on the page: structured reasons, the strongest first, each with what it names.

Each reason comes from a score component and is ordered by that component's weighted value, so
the first reason is the component that contributed most. Named at the most specific level:

- ``follow``: "You follow North Korea", or "Mentions North Korea, which you follow" when the
  article names it only in passing (the strongest follow matched: an entity, keyword, author,
  source or storyline before a topic);
- ``read_about``: "Because you read about Rex Tillerson": only for a key learned from real
  reading (``ReaderProfile.learned``: reads of ``signals.read_min_seconds`` or more, more, save,
  share), an entity or author before a topic, a topic only when strongly liked, and never a key
  too common in the window to say why this card (``Scored.broad``: "United States", "Politics");
- ``similar``: "Similar to what you read" (interest similarity to the reader's liked articles);
- ``news``: "New in <story>": newer than what the reader read of a story (or its storyline)
  (``ReaderProfile.read_stories``);
- ``story``: "Developing: 12 sources" / "Covered by 5 sources"; ``popular``, ``trending``;
- ``source``: "More from Global Voices" (a source the reader likes and not much of the window,
  when nothing else explains it);
- ``recent`` ("Recent", "Earlier news") when nothing applies (never in the top ten of a reader
  with history or follows: there such a card is "More news"; never on the page of a reader of
  whom nothing is known: every card there is "More news", ``for_you``).

A card that is on the page for no reason about the reader (the top's fill, an exploration draw,
or a card whose personal reason may not be said) claims none: it says only what is true of the
news itself ("Developing: 12 sources"), or nothing, and For you sets it apart as "More news"
(``for_you``).

``Reason.key`` is the (kind, key) named, so a page can link it and offer to manage it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from mynews.rank.candidates import Candidate
from mynews.rank.profile import Key, ReaderProfile
from mynews.rank.scoring import COMPONENTS, Scored
from mynews.rank.weights import Weights

TOPIC_AFFINITY_MIN = 0.5  # a learned topic is broad: name it only when strongly liked
SPECIFIC_FIRST = {"story": 0, "storyline": 0, "entity": 1, "keyword": 2, "author": 3, "source": 4, "topic": 5}

PASSING_AFTER = 3  # a followed entity after an article's three most salient is named in passing


@dataclass(frozen=True)
class Reason:
    """One reason: ``kind`` (see the module docstring), the key it names, its text."""

    kind: str
    text: str
    key: Key | None = None
    label: str | None = None
    strength: float = 0.0

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "text": self.text,
            "key_kind": self.key[0] if self.key else None,
            "key": self.key[1] if self.key else None,
            "label": self.label,
        }


def news_key(s: Scored, profile: ReaderProfile, weights: Weights) -> Key | None:
    """The story (else storyline) the reader really read that this card is news in: published
    after the newest article they read there (``ReaderProfile.read_stories``), and either
    ``diversity.story_hours`` or more after it (a later development, however alike: a day's new
    toll reads like the last one) or no copy of what they read (cosine to each liked vector
    under ``diversity.story_news_distinct``: another source's report of the same news is not new).
    A storyline is wider than one event: it needs interest similarity
    ``reasons.news_storyline_min_similarity`` too."""
    if not profile.read_stories:
        return None
    c = s.candidate
    at = c.at
    for key in c.story_keys:
        if key[0] == "storyline" and s.similarity < weights.reasons.news_storyline_min_similarity:
            continue
        read = profile.read_stories.get(key)
        if read is not None and at > read:
            later = at - read >= weights.diversity.story_hours * 3600.0
            return key if later or _not_a_copy(s, profile, weights.diversity.story_news_distinct) else None
    return None


def _not_a_copy(s: Scored, profile: ReaderProfile, limit: float) -> bool:
    """Whether the card is less like every liked article than ``limit`` (cosine)."""
    v, liked = s.candidate.vector, profile.interests
    if v is None or liked is None or len(liked) == 0:
        return True
    return float((liked @ v).max()) < limit


def _news_reason(s: Scored, profile: ReaderProfile, weights: Weights) -> Reason | None:
    """The "New in <story>" reason: the card is newer than what the reader read of its story. It
    leads the card's personal reasons (more specific than what the reader read about at large)."""
    key = news_key(s, profile, weights)
    if key is None:
        return None
    name = profile.name_of(key)
    strength = _c(s, "interest") + max(0.0, _c(s, "feedback")) + 1e-6
    return Reason("news", new_in(key, name), key, name, strength)


def new_in(key: Key, name: str) -> str:
    """ "New in Gaza war" for a storyline; a story's name is a headline, so it is quoted: New in
    “Red Hat to move focus away from CentOS…” (unquoted it read as one long sentence)."""
    return f"New in “{name}”" if key[0] == "story" else f"New in {name}"


def _story_reason(c: Candidate, s: Scored, weights: Weights) -> Reason | None:
    if c.story_sources < weights.reasons.developing_min_sources:
        return None
    text = (
        f"Developing: {c.story_sources} sources"
        if c.story_growth > 0
        else f"Covered by {c.story_sources} sources"
    )
    return Reason(
        "story", text, ("story", str(c.story_id)) if c.story_id else None, None, _c(s, "importance")
    )


_COLUMN = {name: i for i, name in enumerate(COMPONENTS)}


def _c(s: Scored, name: str) -> float:
    """One weighted component of the card's score (without building ``Scored.components``)."""
    return s.values[_COLUMN[name]]


def _learned_key(
    s: Scored, profile: ReaderProfile, weights: Weights, broad: frozenset[Key] | None = None
) -> Key | None:
    """The most specific key of the candidate the reader learned to like by reading, leaving
    out ``broad`` keys (default: the window's, ``s.broad``)."""
    learned = profile.learned
    c = s.candidate
    keys = c.liked_keys  # topics, then entities and author
    if weights.reasons.learned_min > 0.0 and (not learned or learned.keys().isdisjoint(keys)):
        return None  # no key the reader learned (an unlearned key is 0.0, under both bars)
    broad = s.broad if broad is None else broad
    best: tuple[float, Key] | None = None
    topics = len(c.topics)
    for key in keys[topics:]:
        value = learned.get(key, 0.0)
        if value >= weights.reasons.learned_min and key not in broad and (best is None or value > best[0]):
            best = (value, key)
    if best is None:
        for key in keys[:topics]:
            value = learned.get(key, 0.0)
            if value >= TOPIC_AFFINITY_MIN and key not in broad and (best is None or value > best[0]):
                best = (value, key)
    return best[1] if best else None


def _interest_reason(s: Scored, profile: ReaderProfile, weights: Weights) -> Reason | None:
    strength = _c(s, "interest") + max(0.0, _c(s, "feedback"))
    liked = _learned_key(s, profile, weights)
    if liked is not None and (
        profile.interests is None or s.similarity >= weights.reasons.read_about_min_similarity
    ):
        name = profile.name_of(liked)
        if liked[0] == "author":
            return Reason("read_about", f"More by {name}", liked, name, strength)
        return Reason("read_about", f"Because you read about {name}", liked, name, strength)
    if s.similarity >= weights.reasons.similar_min:
        return Reason("similar", "Similar to what you read", None, None, strength)
    return None


def follow_supported(s: Scored, profile: ReaderProfile, weights: Weights) -> bool:
    """Whether the card's follow match is enough to explain it: a specific follow (not one on
    much of the window, such as the keyword "state" or the topic Politics, nor one the reader
    does not answer: ``Scored.broad``), and for a reader with reading history, news like what
    they read (similarity ``reasons.follow_min_similarity``)
    unless it is a followed storyline or story. Following "Ukraine" and reading about the war
    says little about a Ukrainian football result (wanted 5-13% of the time in the simulator)."""
    specific = [k for k in s.follows if k not in s.broad]
    if not specific:
        return False
    if profile.interests is None or any(k[0] in ("storyline", "story") for k in specific):
        return True
    return s.similarity >= weights.reasons.follow_min_similarity


def _follow_reason(s: Scored, profile: ReaderProfile, weights: Weights) -> Reason | None:
    """The most specific follow matched; an unsupported one (see ``follow_supported``) is
    still true and shown, but after every other reason. A followed entity the article names only
    in passing (not among its ``PASSING_AFTER`` most salient entities) says so: "Mentions China,
    which you follow", not "You follow China" on a story about Myanmar's power cuts."""
    if not s.follows:
        return None
    key = min(s.follows, key=lambda k: SPECIFIC_FIRST.get(k[0], 9))
    name = profile.name_of(key)
    entities = s.candidate.entities
    if key[0] in ("storyline", "story"):
        text = new_in(key, name)
    elif key[0] == "entity" and key[1] in entities and entities.index(key[1]) >= PASSING_AFTER:
        text = f"Mentions {name}, which you follow"
    else:
        text = f"You follow {name}"
    strength = _c(s, "follow") if follow_supported(s, profile, weights) else 0.0
    return Reason("follow", text, key, name, strength)


def _source_reason(
    s: Scored, profile: ReaderProfile, others: int, weights: Weights, *, broad: bool = False
) -> Reason | None:
    """A source the reader likes, only when nothing else explains the card and (unless
    ``broad``, the last resort before "Recent") the source is not much of the window
    (``Scored.broad``: on a one-publisher instance it says little)."""
    c = s.candidate
    key = ("source", c.source_id)
    liked = profile.affinity.get(key, 0.0) >= weights.reasons.learned_min
    if liked and not others and _c(s, "source") > 0.0 and (broad or key not in s.broad):
        name = c.source_name or profile.name_of(key)
        return Reason("source", f"More from {name}", key, name, _c(s, "source"))
    return None


def reasons_of(s: Scored, profile: ReaderProfile, weights: Weights) -> list[Reason]:
    """Every reason that explains ``s``, strongest first (no "Recent", no exploration)."""
    c = s.candidate
    found = [
        r
        for r in (
            _follow_reason(s, profile, weights),
            _news_reason(s, profile, weights),
            _interest_reason(s, profile, weights),
            _story_reason(c, s, weights),
        )
        if r
    ]
    if c.popularity >= weights.reasons.popular_min_opens or "popular" in c.via:
        found.append(Reason("popular", "Popular", None, None, _c(s, "popularity")))
    if "trending" in c.via and c.story_size >= 2:
        # the day's biggest stories; a lone article that only pads the list (a quiet day) is not,
        # however new (its story "grew" by itself)
        found.append(Reason("trending", "Trending", None, None, _c(s, "importance") * 0.9))
    source = _source_reason(s, profile, len(found), weights)
    if source is not None:
        found.append(source)
    found.sort(key=lambda r: -r.strength)
    return found


PERSONAL = frozenset({"follow", "news", "read_about", "similar"})
NEWS_FACTS = frozenset({"story", "trending", "popular"})  # true of the news, whoever reads it


def says_why(reasons: Sequence[Reason]) -> bool:
    """Whether a card's reasons say why it is on this reader's page (a personal reason)."""
    return any(r.kind in PERSONAL for r in reasons)


def explained(s: Scored, profile: ReaderProfile, weights: Weights) -> bool:
    """Whether a reason about this reader explains the card (a liked source or a big story alone
    was wanted 3-6% of the time in the simulator: not enough for the top of the page; nor is a
    follow that matches much of the window, such as the word "state": wanted 2% of the time).

    The same answer as asking ``reasons_of`` for a supported personal reason (``PERSONAL``),
    without naming any: the ranker asks this of every candidate and names only the page's
    (the cheapest questions first)."""
    similarity, follows = s.similarity, s.follows
    if similarity >= weights.reasons.similar_min:
        return True  # "Similar to what you read", if nothing more specific
    if follows:  # ``follow_supported``, asked of every candidate a follow matches
        broad = s.broad
        if profile.interests is None or similarity >= weights.reasons.follow_min_similarity:
            if not broad.issuperset(follows):
                return True  # a specific follow
        else:
            for k in follows:  # a specific followed storyline or story needs no similarity
                if (k[0] == "storyline" or k[0] == "story") and k not in broad:
                    return True
    if (
        profile.learned
        and (profile.interests is None or s.similarity >= weights.reasons.read_about_min_similarity)
        and _learned_key(s, profile, weights) is not None
    ):
        return True  # "Because you read about X"
    return news_key(s, profile, weights) is not None  # "New in <story>"


PASSED_OVER_UNSAID = frozenset({"news", "read_about", "similar"})


def leads(reason: Reason, s: Scored, profile: ReaderProfile, weights: Weights) -> bool:
    """Whether a reason may be said for this card (its place on the page does not change:
    ``explained`` does not ask, only what the card says does). Not said:

    - "New in <story>", "Because you read about X" and "Similar to what you read" of a card the
      reader was already shown ``reasons.unsaid_after_seen`` times and passed over
      (``ReaderProfile.seen``): they have answered that claim. In the simulator's tuning months
      such cards were wanted 45% / 32% / 20% of the time (166 / 111 / 5 cards), the same kinds on
      cards not passed over 86% / 86% / 82%. A follow is the reader's own word and is still said.
    - "New in <story>" of a card less close than ``reasons.news_min_closeness`` (cosine) to what
      the reader really read in that story (``ReaderProfile.closeness``): another thread the story
      joined (2 of 22 such cards wanted, 82% of the others)."""
    after = weights.reasons.unsaid_after_seen
    if reason.kind in PASSED_OVER_UNSAID and after > 0 and profile.seen.get(s.article_id, 0) >= after:
        return False
    if reason.kind != "news" or reason.key is None:
        return True
    near = profile.closeness(reason.key, s.candidate.vector)
    return near is None or near >= weights.reasons.news_min_closeness


def _earlier(s: Scored, now: datetime, weights: Weights) -> bool:
    age_hours = (now - s.candidate.published).total_seconds() / 3600.0
    return age_hours > weights.freshness.follow_horizon_hours


def reasons_for(
    s: Scored,
    profile: ReaderProfile,
    weights: Weights,
    *,
    explored: bool = False,
    now: datetime | None = None,
) -> tuple[Reason, ...]:
    """The reasons shown for one card, strongest first, at most ``reasons.max_reasons``. A
    personal reason that may not be said (``leads``) is left out. A card that is on the page
    for no reason about the reader says no personal reason, only what is true of the news
    (a big story, a trending one), or nothing: an ``explored`` card (the top's fill or an
    exploration draw) of a reader with history, and such a reader's card whose only personal
    reasons may not be said (they passed it over, or it is not their thread of a story). A card
    with no reason at all is otherwise "Recent", or "Earlier news" when it is older than
    ``freshness.follow_horizon_hours`` at ``now`` (a quiet instance's page reaches last year's
    posts: they are not recent)."""
    found = reasons_of(s, profile, weights)
    said = [r for r in found if leads(r, s, profile, weights)]
    quiet = not any(r.kind in PERSONAL and r.strength > 0 for r in said)
    if profile.has_history and (explored or (len(said) < len(found) and quiet)):
        return tuple(r for r in said if r.kind in NEWS_FACTS)[: weights.reasons.max_reasons]
    found = said
    if not found:
        # rather the source the reader reads, or the broad key they did read about, than a bare
        # "Recent"
        liked = _learned_key(s, profile, weights, frozenset())
        source = _source_reason(s, profile, 0, weights, broad=True)
        if source is not None:
            found.append(source)
        elif liked is not None and (
            profile.interests is None or s.similarity >= weights.reasons.read_about_min_similarity
        ):
            name = profile.name_of(liked)
            found.append(Reason("read_about", f"Because you read about {name}", liked, name))
        elif now is not None and _earlier(s, now, weights):
            found.append(Reason("recent", "Earlier news"))
        else:
            found.append(Reason("recent", "Recent"))
    unique: dict[str, Reason] = {}
    for reason in found:
        unique.setdefault(reason.text, reason)
    return tuple(list(unique.values())[: weights.reasons.max_reasons])
