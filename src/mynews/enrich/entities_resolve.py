"""Merge the mentions of one article into entities: partial names resolve to the full name seen
in the same article ("Thornton" -> "Susan Thornton", "the Trump administration" -> Donald
Trump), acronyms defined in the text ("Federal Security Service (FSB)") join their full name,
one kind per entity by weighted vote, and a salience from where the mentions appear.

Pure: works on ``Mention`` values, no spaCy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace

from mynews.core.enrichment import EntityMention
from mynews.enrich.entity_rules import (
    EntityRules,
    canonical_name,
    city_in_its_country,
    forced_kind,
    is_known,
    load_rules,
)


@dataclass(frozen=True)
class Mention:
    """One mention before merging. ``name`` is already canonical for its own form; ``surface`` is
    what the text says. Flags say how it was derived."""

    name: str
    kind: str
    surface: str
    weight: float
    maybe_person: bool = False  # "Trump" in "the Trump administration", labelled ORG by spaCy
    from_org: bool = False
    demonym: bool = False  # "Chinese" -> China
    metonymy: bool = False  # "Pyongyang said" -> North Korea
    heading: bool = False  # found in a short heading paragraph ("Joy and Sorrow")
    title_case: bool = False  # found in a headline that capitalises every word


def resolve_mentions(
    mentions: list[Mention],
    acronyms: dict[str, str],
    rules: EntityRules | None = None,
    common: frozenset[str] = frozenset(),
    headline_only: bool = False,
) -> tuple[EntityMention, ...]:
    """Entities of one article, most salient first. ``common``: the words the article itself
    writes in lower case; a one-word name among them is a common word ("Crisis", "Services").
    ``headline_only``: the article has no text but its headline."""
    rules = rules or load_rules()
    mentions = _drop_heading_only_words(mentions, rules)
    mentions = [_expand_acronym(m, acronyms) for m in mentions]
    full_names = _full_person_names(mentions)
    mentions = [_drop_place_before_person(m, full_names, rules) for m in mentions]
    mentions = [_resolve_partial(m, full_names, rules) for m in mentions]
    mentions = _drop_common_words(mentions, common, rules)
    mentions = _cities_in_their_country(mentions, rules)
    if not headline_only:
        mentions = _drop_title_case_phrases(mentions, rules)
    return _aggregate(mentions, rules)


def _drop_common_words(mentions: list[Mention], common: frozenset[str], rules: EntityRules) -> list[Mention]:
    """A one-word name the same article also writes in lower case ("the crisis", "social
    services"), and the rules do not know, is a capitalised common word, not a name."""
    if not common:
        return mentions
    return [
        m
        for m in mentions
        if " " in m.name
        or m.demonym
        or m.metonymy
        or m.name.isupper()  # an acronym ("WHO", "IT") is a name even where "who" is a word
        or m.name.casefold() not in common
        or is_known(m.name, rules)
    ]


def _cities_in_their_country(mentions: list[Mention], rules: EntityRules) -> list[Mention]:
    """A city the model took for a person or an organisation ("Perm", "Qom", "Skopje") is the
    city when the same article names its country (``entity_rules.city_in_its_country``)."""
    places = frozenset(m.name for m in mentions if m.kind == "place")
    if not places:
        return mentions
    return [
        replace(m, kind="place")
        if m.kind != "place" and not m.demonym and city_in_its_country(m.name, places, rules)
        else m
        for m in mentions
    ]


def _drop_title_case_phrases(mentions: list[Mention], rules: EntityRules) -> list[Mention]:
    """A name of several words that only a title-case headline has ("Zambia: Netizens Sceptically
    Hail Draft Constitution", "Brazil: Blog Countersues Newspaper Over Web Domain"), while the
    article's own text never names it, and the rules do not know, is a run of capitalised
    headline words, not a name: a real one is named again in the text. (An article that is only
    its headline keeps them: ``resolve_mentions(headline_only=True)``.)"""
    in_text = {m.name for m in mentions if not m.title_case}
    return [
        m
        for m in mentions
        if not m.title_case
        or " " not in m.name
        or m.name in in_text
        or m.demonym
        or m.metonymy
        or is_known(m.name, rules)
    ]


def _drop_heading_only_words(mentions: list[Mention], rules: EntityRules) -> list[Mention]:
    """A one-word name the text only has in headings, and the rules do not know, is a common
    word set in title case ("Joy and Sorrow"), not a name."""
    in_prose = {m.name for m in mentions if not m.heading}
    return [
        m for m in mentions if not m.heading or " " in m.name or m.name in in_prose or is_known(m.name, rules)
    ]


def _expand_acronym(mention: Mention, acronyms: dict[str, str]) -> Mention:
    full = acronyms.get(mention.name)
    if full is None or (mention.kind == "person" and not mention.name.isupper()):
        return mention
    return replace(mention, name=full, kind="organisation")


def _full_person_names(mentions: list[Mention]) -> dict[str, float]:
    weights: dict[str, float] = defaultdict(float)
    for m in mentions:
        if m.kind == "person" and not m.maybe_person and " " in m.name:
            weights[m.name] += m.weight
    return dict(weights)


def _drop_place_before_person(mention: Mention, full_names: dict[str, float], rules: EntityRules) -> Mention:
    """ "Senator from Vermont Bernie Sanders" gives "Vermont Bernie Sanders": a known place before
    a person the same article names in full is where the person is from, not part of the name."""
    if mention.kind == "person" and mention.name in full_names:
        return mention
    words = mention.name.split(" ")
    for size in (1, 2):
        rest = " ".join(words[size:])
        if (
            rest in full_names
            and forced_kind(canonical_name(" ".join(words[:size]), rules), rules) == "place"
        ):
            return replace(mention, name=rest, kind="person")
    return mention


def _resolve_partial(mention: Mention, full_names: dict[str, float], rules: EntityRules) -> Mention:
    """A name that is part of a fuller person name in the same article becomes that person."""
    if mention.demonym or mention.metonymy or mention.name in full_names:
        return mention
    if mention.kind != "person" and not _could_be_person(mention, rules):
        return mention
    words = mention.name.split(" ")
    candidates = [full for full in full_names if full != mention.name and _is_part_of(words, full.split(" "))]
    if not candidates:
        return replace(mention, kind="person") if mention.maybe_person else mention
    best = max(candidates, key=lambda full: (full_names[full], full))
    return replace(mention, name=best, kind="person")


def _could_be_person(mention: Mention, rules: EntityRules) -> bool:
    """An ORG or place mention may be a mis-labelled surname, unless the rules know the name."""
    if mention.maybe_person:
        return True
    name = mention.name
    return " " not in name and not is_known(name, rules) and name not in rules.capitals


def _is_part_of(words: list[str], full: list[str]) -> bool:
    """True when ``words`` is a run of ``full`` that starts or ends it ("Thornton", "Xi")."""
    size = len(words)
    if size >= len(full):
        return False
    return full[-size:] == words or full[:size] == words


def _aggregate(mentions: list[Mention], rules: EntityRules) -> tuple[EntityMention, ...]:
    weights: dict[str, float] = defaultdict(float)
    counts: dict[str, int] = defaultdict(int)
    kinds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    surfaces: dict[str, dict[str, None]] = defaultdict(dict)
    for m in mentions:
        weights[m.name] += m.weight
        counts[m.name] += 1
        kinds[m.name][m.kind] += m.weight
        surfaces[m.name][m.surface] = None
    if not weights:
        return ()
    top = max(weights.values())
    entities = [
        EntityMention(
            name=name,
            kind=forced_kind(name, rules) or max(kinds[name].items(), key=lambda item: (item[1], item[0]))[0],
            mentions=tuple(surfaces[name]),
            count=counts[name],
            salience=round(weights[name] / top, 3),
        )
        for name in weights
    ]
    return tuple(sorted(entities, key=lambda e: (-e.salience, e.name)))
