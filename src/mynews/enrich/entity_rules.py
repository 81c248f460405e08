"""Entity rules kept as data (``data/entity_rules.json``): clean a mention, strip titles, map
aliases, capitals and demonyms to canonical names, correct known model mistakes; and a small
gazetteer (``data/gazetteer.json``): names that are one real thing whatever kind the NER
guessed (countries, regions and cities are places; some armed groups, companies and bodies are
organisations), with the other forms they are written in.

Pure string functions: no spaCy here, so the rules can be tested and reused without a model.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

_POSSESSIVE = re.compile(r"(?:['’]s|s['’]|['’])$")
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")
_EDGE_PUNCT = "\"'“”‘’«»()[]{}.,;:!?-–—*#@/\\|"
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class EntityRules:
    """The rule tables, read once per process."""

    titles: frozenset[str]
    kinds: dict[str, str]
    not_entities: frozenset[str]
    name_particles: frozenset[str]
    aliases: dict[str, str]
    aliases_folded: dict[str, str]
    capitals: dict[str, str]
    demonyms: dict[str, str]
    person_org_suffixes: frozenset[str]
    locative_prepositions: frozenset[str]
    country_words: frozenset[str]
    person_titles: frozenset[str]
    city_nouns: frozenset[str]
    place_heads: frozenset[str]
    known_kinds: dict[str, str]  # gazetteer and capitals: canonical name -> kind
    shouting_neighbours: int
    heading_words: int
    junk_names: re.Pattern[str]  # licence and credit words: "Public Licensed", "CC BY-SA"
    credit_lines: re.Pattern[str]  # a sentence that credits or licenses, not news
    given_names: frozenset[str] = frozenset()  # casefolded: a bare first name is no surname
    first_names: frozenset[str] = frozenset()  # a person's first word (first_names.json)
    org_words: frozenset[str] = frozenset()  # a word that makes a name no person's
    org_heads: frozenset[str] = frozenset()  # a last word only an organisation's name ends with
    cities: dict[str, tuple[str, ...]] = field(default_factory=dict)  # city -> its countries (cities.json)


def _data(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("mynews.enrich").joinpath(f"data/{name}").read_text("utf-8")
    )
    return data


@lru_cache(maxsize=1)
def load_rules() -> EntityRules:
    raw, places = _data("entity_rules.json"), _data("gazetteer.json")
    known = {name: "place" for name in raw["capitals"]}
    aliases = {}
    for kind in ("place", "organisation", "person"):
        for name, forms in places.get(kind, {}).items():
            known[name] = kind
            aliases.update({form: name for form in forms if form != name})
    aliases.update({alias: name for name, forms in raw["aliases"].items() for alias in forms})
    raw_aliases = {alias for forms in raw["aliases"].values() for alias in forms}
    countries = set(raw["capitals"].values()) | set(raw["demonyms"].values()) | raw_aliases
    return EntityRules(
        titles=frozenset(t.rstrip(".") for t in raw["titles"]),
        kinds=dict(raw["kinds"]),
        not_entities=frozenset(raw["not_entities"]),
        name_particles=frozenset(raw["name_particles"]),
        aliases=aliases,
        aliases_folded={a.casefold(): n for a, n in aliases.items() if len(a) > 3},
        capitals=dict(raw["capitals"]),
        demonyms=dict(raw["demonyms"]),
        person_org_suffixes=frozenset(raw["person_org_suffixes"]),
        locative_prepositions=frozenset(raw["locative_prepositions"]),
        country_words=frozenset(countries | set(raw["demonyms"])),
        person_titles=frozenset(raw["person_titles_before_name"]),
        city_nouns=frozenset(raw["city_nouns"]),
        place_heads=frozenset(raw["place_heads"]),
        known_kinds=known,
        shouting_neighbours=int(raw["shouting_neighbours"]),
        heading_words=int(raw["heading_words"]),
        junk_names=_any_of(raw["junk_name_patterns"]),
        credit_lines=_any_of(raw["credit_line_patterns"]),
        given_names=frozenset(n.casefold() for n in raw.get("given_names", ())),
        first_names=frozenset(_data("first_names.json")["names"]),
        org_words=frozenset(raw.get("org_words", ())),
        org_heads=frozenset(raw.get("org_heads", ())),
        cities={name: tuple(countries) for name, countries in _data("cities.json")["cities"].items()},
    )


def _any_of(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


def gazetteer(rules: EntityRules | None = None) -> list[tuple[str, str]]:
    """(name, spaCy label) pairs the model may miss: countries, capitals, the corrected names.

    Used by an entity ruler placed after the NER, so it only fills gaps ("Colombia: Tweeting
    Marathon..." in a title-case headline, "Jordanian Twitter users")."""
    rules = rules or load_rules()
    places = set(rules.capitals) | set(rules.capitals.values()) | set(rules.demonyms.values())
    places |= {n for n, kind in rules.known_kinds.items() if kind == "place"}
    places |= {a for a, n in rules.aliases.items() if n in places and len(a) > 2}
    labels = {"person": "PERSON", "organisation": "ORG", "place": "GPE"}
    pairs = {name: "GPE" for name in places if name not in rules.kinds}
    pairs.update({name: labels[kind] for name, kind in rules.known_kinds.items() if kind != "place"})
    pairs.update(
        {
            a: labels[rules.known_kinds[n]]
            for a, n in rules.aliases.items()
            if rules.known_kinds.get(n) == "organisation" and len(a) > 2
        }
    )
    pairs.update({name: labels[kind] for name, kind in rules.kinds.items()})
    return sorted(pairs.items())


def clean_surface(text: str) -> str:
    """Normalise spaces, drop a leading "the", edge punctuation and a possessive ("China's")."""
    text = _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()
    rest = _LEADING_THE.sub("", text)
    if rest == text or " " in rest or text.startswith("the "):
        text = rest  # "The Guardian" keeps its article; "the Trump administration" does not
    text = text.strip(_EDGE_PUNCT + " ")
    text = re.sub(r"['’]S$", "", text) if text.isupper() else _POSSESSIVE.sub("", text)
    text = _TRAILING_SCORE.sub("", text)  # "Denmark 3-1", "Conservative Party - 365" (seats)
    head = _SPACED_DASH.split(text, maxsplit=1)[0]
    if head != text and any(c.isalpha() for c in head):
        text = head  # a caption's "Brenda Zulu - Zambian", "Bob Geldof - World Economic Forum"
    return text.strip(_EDGE_PUNCT + " ")


_TRAILING_SCORE = re.compile(r"\s+(?:[-–]\s*\d+|\d+\s*[-–]\s*\d+)$")
_SPACED_DASH = re.compile(r"\s+[-–—]\s+")  # a dash between spaces ends a name ("Jean-Marie" keeps its own)


def foreign_script(name: str) -> bool:
    """A name with a letter of a script other than Latin ("Навального", "Καταπληκτικός"): the
    model reads English, so such a name is a quote in another language taken for a name (a case
    form of Navalny's name, the Greek for "amazing"), not a thing a reader can follow."""
    for ch in name:
        if ch.isalpha() and ord(ch) > 0x24F:  # past Latin Extended-B
            kind = unicodedata.name(ch, "").split(" ")[0]
            if kind not in ("LATIN", "MODIFIER"):  # "Nukuʻalofa": a modifier letter
                return True
    return False


def _is_title(word: str, rules: EntityRules) -> bool:
    """A title, also when shouted ("PRESIDENT Sata"); an acronym title is written as it is ("MP")."""
    word = word.rstrip(".")
    return word in rules.titles or (len(word) > 3 and word.isupper() and word.capitalize() in rules.titles)


def strip_titles(name: str, rules: EntityRules | None = None) -> str:
    """Drop leading titles and country qualifiers: "US President Donald Trump" -> "Donald Trump".

    Never strips the last word, so "General" alone stays what it was (and is dropped elsewhere).
    """
    rules = rules or load_rules()
    words = name.split(" ")
    while len(words) > 1:
        if _is_title(words[0], rules) or words[0] == "of":
            words = words[1:]
            continue
        # a country qualifier goes only when a title follows it ("US President ...")
        for size in (1, 2):
            rest = words[size:]
            if " ".join(words[:size]) in rules.country_words and len(rest) > 1 and rest[0] in rules.titles:
                words = rest
                break
        else:
            break
    return " ".join(words)


def canonical_name(name: str, rules: EntityRules | None = None) -> str:
    """The canonical form of a cleaned name: "U.S." -> "United States", else the name itself."""
    rules = rules or load_rules()
    if name.startswith("The ") and (name[4:] in rules.aliases or name[4:] in rules.country_words):
        name = name[4:]
    if name in rules.aliases:
        return rules.aliases[name]
    return rules.aliases_folded.get(name.casefold(), name)


def forced_kind(name: str, rules: EntityRules | None = None) -> str | None:
    """A kind fixed by the corrections table ("Twitter" is an organisation) or the gazetteer
    ("Yerevan", "Burkina Faso" are places whatever the model said), or None."""
    rules = rules or load_rules()
    return rules.kinds.get(name) or rules.known_kinds.get(name)


def is_known(name: str, rules: EntityRules | None = None) -> bool:
    """A name the rules or the gazetteer know (never taken for a mislabelled surname)."""
    rules = rules or load_rules()
    return (
        name in rules.kinds
        or name in rules.known_kinds
        or name in rules.country_words
        or name in rules.aliases
        or name in rules.aliases.values()
    )


def strip_trailing_titles(name: str, rules: EntityRules | None = None) -> str:
    """ "Yerevan Mayor" -> "Yerevan": titles after a name say whose office it is, not who."""
    rules = rules or load_rules()
    words = name.split(" ")
    while len(words) > 1 and words[-1].rstrip(".") in rules.titles:
        words = words[:-1]
    return " ".join(words)


def is_noise(name: str, rules: EntityRules | None = None) -> bool:
    """True for mentions that are not entities: listed words, titles alone, no letters, lower case,
    a phrase with lower-case words other than name particles ("Las escenas de cuerpos"), a
    headline ("Armenia: Nationalists Disrupt Cultural Diversity", a linked post's title), licence
    and credit words ("Public Licensed" of "GNU General Public Licensed", "Creative Commons"), a
    name in another script (``foreign_script``)."""
    rules = rules or load_rules()
    if len(name) < 2 or not any(c.isalpha() for c in name) or ": " in name:
        return True
    if rules.junk_names.search(name) or foreign_script(name):
        return True
    if not (name[0].isupper() or name[0].isdigit()):
        return True
    if any(w.isalpha() and w.islower() and w not in rules.name_particles for w in name.split(" ")[1:]):
        return True
    return name in rules.not_entities or name.rstrip(".") in rules.titles


def is_credit_line(sentence: str, rules: EntityRules | None = None) -> bool:
    """A sentence that credits a picture, gives a licence or is the site's own line ("Photo by
    ROMA YANDOLIN, copyright © Demotix.", "This post is part of our special coverage Indigenous
    Rights."): its names are not what the article is about."""
    return bool((rules or load_rules()).credit_lines.search(sentence))


def country_of_capital(name: str, rules: EntityRules | None = None) -> str | None:
    return (rules or load_rules()).capitals.get(name)


def country_of_demonym(text: str, rules: EntityRules | None = None) -> str | None:
    """ "Chinese" -> "China"; plural forms too ("Americans")."""
    rules = rules or load_rules()
    if text in rules.demonyms:
        return rules.demonyms[text]
    if text.endswith("s") and text[:-1] in rules.demonyms:
        return rules.demonyms[text[:-1]]
    return None


def person_of_org(name: str, rules: EntityRules | None = None) -> str | None:
    """ "Trump administration" -> "Trump": an organisation named after a person, or None. A
    capitalised suffix after several words names a body, not a person's ("Federal Aviation
    Administration"; "Biden Administration" is still Biden's)."""
    rules = rules or load_rules()
    words = name.split(" ")
    if len(words) >= 2 and words[-1] in rules.person_org_suffixes:
        if len(words) > 2 and words[-1][:1].isupper():
            return None
        return " ".join(words[:-1])
    return None


_JOINERS = re.compile(r"[.'’ʼ`´]")  # inside a name they join, not separate: U.S., D.I.Y, Sana'a


def entity_key(name: str, kind: str) -> str:
    """A stable slug for cross-article identity: ("Donald Trump", "person") -> "person:donald-trump".

    Case, accents, dots and apostrophes do not count ("U.S. Senate" and "US Senate", "D.I.Y"
    and "DIY", "Sana'a" and "Sanaa", "México" and "Mexico" are one key); other punctuation and
    spaces separate words."""
    folded = unicodedata.normalize("NFKD", _JOINERS.sub("", name).casefold())
    ascii_ish = "".join(c for c in folded if not unicodedata.combining(c))
    slug = re.sub(r"[^\w]+", "-", ascii_ish).strip("-")
    return f"{kind}:{slug}"


# one capitalised word of a name: "Haley", "McDonald", "O'Brien", "Jean-Pierre"; not "NASA", "Reenen's"
PERSON_WORD = re.compile(r"[A-ZÀ-Þ](?:[a-zß-ÿ]+(?:[A-ZÀ-Þ][a-zß-ÿ]+)?|[a-zß-ÿ]*[-'’][A-ZÀ-Þ][a-zß-ÿ]+)")


def city_in_its_country(name: str, places: frozenset[str], rules: EntityRules | None = None) -> bool:
    """``name`` is a city of 100,000 people or more (GeoNames) whose country the article also names
    as a place ("Perm" beside Russia, "Qom" beside Iran, "Niamey" beside Niger), and not a name the
    rules know or a first name ("Elizabeth"): the model's person or organisation is that city.
    Without its country ("Batman", the film; "Latina" in the United States) the label stands."""
    rules = rules or load_rules()
    countries = rules.cities.get(name)
    return bool(
        countries
        and forced_kind(name, rules) is None
        and name.split()[0] not in rules.first_names
        and any(country in places for country in countries)
    )


def person_named_as_org(name: str, rules: EntityRules | None = None) -> bool:
    """A name of two or three capitalised words that starts with a common first name and has
    no word that makes it an organisation or a place: a person the model labelled an
    organisation ("Nikki Haley", "Eduardo Reyes"; not "Georgia Institute of Technology", "Oliver
    Wyman Group"). Names the rules know keep their kind."""
    rules = rules or load_rules()
    words = name.split(" ")
    return (
        2 <= len(words) <= 3
        and words[0] in rules.first_names
        and all(PERSON_WORD.fullmatch(w) for w in words)
        and not any(w in rules.org_words for w in words)
        and not any(w in rules.country_words or w in rules.capitals for w in words)
        and forced_kind(name, rules) is None
    )


def organisation_by_its_head(name: str, rules: EntityRules | None = None) -> bool:
    """A name of several words that ends with a word only an organisation's name ends with
    ("Oxfam International", "Ituna Partners"): an organisation, whatever kind the model said.
    Names the rules know keep their kind."""
    rules = rules or load_rules()
    words = name.split(" ")
    return len(words) >= 2 and words[-1] in rules.org_heads and forced_kind(name, rules) is None
