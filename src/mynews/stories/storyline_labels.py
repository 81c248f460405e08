"""A storyline's name: what its headlines keep saying, else its most central specific entities.

A storyline spans many events, so no single headline names it. When the headlines of at least
half of its events (two or more) share a noun phrase that is not just a name ("Trump
impeachment", "hunger strike", "coronavirus"), that phrase names it, after its most central
entity unless the phrase already names one ("Palestine · hunger strike"). Otherwise the entities
most of its articles name, weighed by how specific they are (a hub like "United States" comes
last, and only when nothing more specific is central), do ("Gaza Strip · Israel · Hamas"). A
storyline of one event, or one whose articles share no entity, is named by its event's label. A
name whose words all belong to a longer chosen name is the same thing named short ("House"
beside "US House of Representatives") and gives its place to the next.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from importlib.resources import files

from mynews.stories.labels import shorten
from mynews.stories.specificity import EntityIdf

MAX_NAMES = 3
MIN_SHARE = 0.25  # an entity named by at least this share of the storyline's articles
PHRASE_SHARE = 0.5  # a phrase in the headlines of at least this share of its events (and 2)
MAX_PHRASE_WORDS = 4
MIN_ONE_WORD = 3  # a phrase of one word needs this many headlines ("coronavirus"; not "round")

TaggedWord = tuple[str, str, str]
"""(a headline's word as it reads in a name, its universal part of speech, the space after it)"""
Tagger = Callable[[str], Sequence[TaggedWord]]

_PHRASE_WORD = frozenset({"NOUN", "PROPN", "ADJ", "NUM"})
_PHRASE_END = frozenset({"NOUN", "PROPN"})
_JOINER = frozenset({"-", "–", "/"})
GENERIC_NOUNS = frozenset(
    json.loads((files("mynews.stories") / "data" / "generic_headline_nouns.json").read_text("utf-8"))["nouns"]
)
"""Nouns too common in headlines to name anything on their own (they may stand in a phrase):
``stories/data/generic_headline_nouns.json``."""


def label_storyline(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    event_labels: Sequence[str],
    idf: EntityIdf | None,
    article_count: int,
    tagger: Tagger | None = None,
) -> str:
    """``counts``: articles naming each entity key; ``names``: display names of (some) keys;
    ``tagger``: a headline's words with their part of speech (none: named by entities only)."""
    labels = [label for label in event_labels if label.strip()]
    if len(labels) <= 1 or article_count < 2:
        return shorten(labels[0]) if labels else ""
    floor = max(2.0, MIN_SHARE * article_count)
    central = [(key, n) for key, n in counts.items() if n >= floor and key in names]

    def weight(item: tuple[str, int]) -> float:
        key, n = item
        return n * (idf.weight(key) if idf is not None else 1.0)

    ranked = [key for key, _ in sorted(central, key=lambda kv: (-weight(kv), kv[0]))]
    chosen = _distinct(ranked, names)[:MAX_NAMES]
    phrase = headline_phrase([tagger(label) for label in labels], names.values()) if tagger else None
    if phrase is not None:
        spelled = _spelled(phrase, names.values())
        named = _entity_words(names.values())
        if chosen and not any(is_named(word, named) for word in spelled.split()):
            return shorten(f"{names[chosen[0]]} · {spelled}")
        return shorten(spelled[:1].upper() + spelled[1:])
    if not chosen:
        return shorten(labels[0])
    return shorten(" · ".join(names[key] for key in chosen))


def headline_phrase(
    headlines: Sequence[Sequence[TaggedWord]], entity_names: Iterable[str] = ()
) -> str | None:
    """The noun phrase of up to four words that the most headlines share (at least half of them,
    and two; three for a single word), longest first among equals. It must hold a noun that is
    not part of an entity's name, or a name the storyline's entities do not hold ("SARS-CoV-2"):
    a phrase of its entities' names only, or a lone word as common as "police", names nothing
    new."""
    need = max(2, math.ceil(PHRASE_SHARE * len(headlines)))
    if len(headlines) < need:
        return None
    named = _entity_words(entity_names)
    seen: dict[str, int] = {}
    spelled: dict[str, str] = {}
    for words in headlines:
        for key, text in _phrases(words, named).items():
            seen[key] = seen.get(key, 0) + 1
            spelled.setdefault(key, text)
    found = [(key, n) for key, n in seen.items() if n >= need and (" " in key or n >= MIN_ONE_WORD)]
    if not found:
        return None
    best = max(found, key=lambda kn: (kn[1], len(kn[0].split()), len(kn[0]), -list(spelled).index(kn[0])))
    return spelled[best[0]]


def _phrases(words: Sequence[TaggedWord], named: frozenset[str]) -> dict[str, str]:
    """Every candidate phrase of one headline: casefolded key -> the phrase as written."""
    out: dict[str, str] = {}
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + 2 * MAX_PHRASE_WORDS) + 1):
            span = words[start:end]
            if any(pos not in _PHRASE_WORD and text not in _JOINER for text, pos, _ in span):
                break
            if span[0][1] not in _PHRASE_WORD or span[-1][1] not in _PHRASE_END:
                continue
            if _word_count(span) > MAX_PHRASE_WORDS:
                break
            new = [t.casefold() for t, pos, _ in span if pos in _PHRASE_END and not is_named(t, named)]
            if not any(len(w) >= 3 and w not in GENERIC_NOUNS for w in new):
                continue
            text = "".join(t + s for t, _, s in span).strip()
            out.setdefault(text.casefold(), text)
    return out


def is_named(word: str, named: frozenset[str]) -> bool:
    """``word`` belongs to one of the storyline's names: one of its parts is a word of a name or
    a form of one ("Palestinians" of Palestine, "Houthi" of Houthis, "Shabaab" of Al-Shabaab), or
    it is an abbreviation ("U.S.", "UN")."""
    letters = [c for c in word if c.isalpha()]
    if letters and len(letters) <= 3 and all(c.isupper() for c in letters):
        return True
    for part in word.casefold().replace("-", " ").replace(".", "").split():
        if part in named:
            return True
        for name in named:
            short, long = sorted((part, name), key=len)
            if len(short) >= 4 and long.startswith(short[:5]):
                return True
    return False


def _word_count(span: Sequence[TaggedWord]) -> int:
    return 1 + sum(1 for _, _, space in span[:-1] if space)


def _entity_words(names: Iterable[str]) -> frozenset[str]:
    return frozenset(w for name in names for w in _words(name.replace("-", " ")))


def _spelled(phrase: str, names: Iterable[str]) -> str:
    """``phrase`` with the words of a name spelled as the name is ("trump" -> "Trump")."""
    spelling = {w.casefold(): w for name in names for w in name.replace(".", "").split()}
    return " ".join(spelling.get(w.casefold(), w) for w in phrase.split())


def _words(name: str) -> frozenset[str]:
    return frozenset(name.casefold().replace(".", "").split())


def _distinct(ranked: Sequence[str], names: Mapping[str, str]) -> list[str]:
    """``ranked`` without the names whose words all belong to another central name's (the
    longer, fuller name stays, in the place the first of the two had)."""
    words = {key: _words(names[key]) for key in ranked}
    out: list[str] = []
    for key in ranked:
        fuller = next((o for o in ranked if o != key and words[key] < words[o]), None)
        pick = fuller if fuller is not None else key
        if pick not in out:
            out.append(pick)
    return out
