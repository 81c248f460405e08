"""A storyline's name: a phrase its events share ("M23 rebels"), else its most central specific
entities ("Gaza Strip · Israel · Hamas").

A storyline spans many events, so no single headline names it. ``name_storyline`` looks for a
short phrase several of its events' labels use that names one of its central entities and says
one thing more ("Trump's executive order", "United States presidential election"): written as
the headlines write it, so it really occurs in the news. Without one, ``label_storyline``: the
entities most of its articles name, weighed by how specific they are (a hub like "United States"
comes last, and only when nothing more specific is central). A storyline of one event, or one
whose articles share no entity, is named by its event's label. Measured by
bench/storyline_names.py (docs/quality.md, "Storyline names people recognise").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence

from mynews.stories.labels import shorten
from mynews.stories.specificity import EntityIdf

MAX_NAMES = 3
MIN_SHARE = 0.25  # an entity named by at least this share of the storyline's articles


def label_storyline(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    event_labels: Sequence[str],
    idf: EntityIdf | None,
    article_count: int,
) -> str:
    """``counts``: articles naming each entity key; ``names``: display names of (some) keys."""
    labels = [label for label in event_labels if label.strip()]
    if len(labels) <= 1 or article_count < 2:
        return shorten(labels[0]) if labels else ""
    floor = max(2.0, MIN_SHARE * article_count)
    central = [(key, n) for key, n in counts.items() if n >= floor and key in names]

    def weight(item: tuple[str, int]) -> float:
        key, n = item
        return n * (idf.weight(key) if idf is not None else 1.0)

    chosen = [key for key, _ in sorted(central, key=lambda kv: (-weight(kv), kv[0]))[:MAX_NAMES]]
    if not chosen:
        return shorten(labels[0])
    return shorten(" · ".join(names[key] for key in chosen))


# -- a name people recognise: a phrase the events' headlines share ----------------------------

MIN_PHRASE_EVENTS = 2  # a phrase names the storyline only if this many of its events' labels use it
MIN_PHRASE_SHARE = 0.15  # ... and at least this share of them
LONGER = 0.15  # score bonus per word beyond two ("New Orleans truck attack" over "truck attack")
_TOKEN = re.compile(r"[^\W_]+(?:['’\-–][^\W_]+)*", re.UNICODE)
_BREAK = re.compile(r"[,.;:!?\"“”‘()\[\]|/—]|\s[-–]\s|'\s|\s'")
_POSSESSIVE = re.compile(r"['’]s$")
_YEAR = re.compile(r"(19|20)\d\d$")
# Words a phrase neither starts nor ends with: function words, and the verbs and fillers
# headlines are made of ("Trump signs", "M23 rebels capture"), which are no name.
_EDGE_WORDS = """a about above across after against ahead all along also amid among an and another any are as at
    back be been before behind being below between both but by can could did do does down during each
    either every few for from further had has have he her here his how if in into is it its just least
    less many may might more most much must near next no nor not now of off on once one only onto or
    other our out over own per same she should since so some such than that the their them then there
    these they this those though through to too toward towards under until up upon us very via was we
    were what when where which while who whom whose why will with within without would yet you your
    says say said tells told reports reported report announces announced announce claims claimed
    calls called signs signed sign meets met kills killed kill dies died dead die launches launched
    hits hit takes took take makes made make gets got get gives gave give holds held hold vows warns
    warned urges urged seeks sought plans planned faces faced sees saw set sets begins began ends ended
    rises rose falls fell agrees agreed orders ordered confirms confirmed denies denied accuses accused
    arrested arrests charged charges wins won loses lost leaves left joins joined becomes became
    continues continued reaches reached opens opened closes closed blocks blocked approves approved
    rejects rejected suspends suspended resumes resumed returns returned receives received issues
    issued releases released starts started goes went comes came moves moved pushes pushed
    fires fired attacks attacked strikes struck visits visited expands expanded extends extended
    imposes imposed raises raised cuts cut bans banned threatens threatened demands demanded
    condemns condemned responds responded reportedly allegedly including according amidst ongoing
    first second third two three four five six seven eight nine ten hundreds thousands dozens
    people least several other others including latest
    president prime minister secretary governor chancellor king queen pope leader chief mayor
    senator spokesperson spokesman envoy general commander former acting
    defense defence foreign interior finance affairs justice"""
_EDGE = frozenset(_EDGE_WORDS.split())
# Adjectives a name does not end with ("Democratic presidential" is half a name).
_NOT_LAST_WORDS = (
    "presidential parliamentary legislative political military national federal international "
    "economic nuclear civil public local regional social humanitarian diplomatic judicial "
    "constitutional electoral financial global armed militant islamist rebel-held state-run"
)
_NOT_LAST = frozenset(_NOT_LAST_WORDS.split())


def _words(text: str) -> list[list[str]]:
    """The label's runs of words between punctuation marks."""
    return [_TOKEN.findall(part) for part in _BREAK.split(text)]


def _anchor_forms(names: Mapping[str, str], keys: Sequence[str]) -> dict[str, str]:
    """Each word of the central entities' names (case-folded) -> its entity key."""
    out: dict[str, str] = {}
    for key in keys:
        for word in _TOKEN.findall(names[key].casefold()):
            if word not in _EDGE and len(word) > 1:
                out.setdefault(word, key)
    return out


def _anchor(
    token: str, forms: Mapping[str, str], stems: Mapping[str, str], sizes: Sequence[int]
) -> str | None:
    """The entity a word names: one of its words, its possessive ("Trump's") or the adjective
    made from it ("Israeli", "Russian", "Congolese"); parts of a compound ("Rwandan-backed").
    ``stems``: each word of four letters or more but its last letter -> the entity key;
    ``sizes``: the lengths of the stems."""
    word = _POSSESSIVE.sub("", token.casefold())
    if word in _EDGE:
        return None
    parts = (word, *re.split(r"[\-–]", word)) if "-" in word or "–" in word else (word,)
    for part in parts:
        if part in forms:
            return forms[part]
        if not token[:1].isupper():
            continue  # an entity's adjective is written with a capital ("Israeli")
        for size in sizes:
            key = stems.get(part[:size]) if size <= len(part) <= size + 5 else None
            if key is not None:
                return key
    return None


def _name_spans(folded: Sequence[str], names: Sequence[list[str]]) -> list[tuple[int, int]]:
    """Where a name of several words occurs in a run of words: (first, last + 1)."""
    spans = []
    for words in names:
        size = len(words)
        for start in range(len(folded) - size + 1):
            if folded[start : start + size] == words:
                spans.append((start, start + size))
    return spans


def _sentence_case(labels: Sequence[str]) -> bool:
    """Headlines in sentence case ("Israeli airstrikes kill 26 in Gaza"), where a capital says
    "a name", rather than in Title Case, where it says nothing."""
    words = [
        w for label in labels for w in _TOKEN.findall(label) if w.casefold() not in _EDGE and w[:1].isalpha()
    ]
    return sum(w[:1].isupper() for w in words) <= 0.6 * len(words)


def phrase_name(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    event_labels: Sequence[str],
    idf: EntityIdf | None,
    article_count: int,
) -> str | None:
    """The most telling phrase (two to four words) several of the events' labels share, one that
    names a central entity and says something more ("M23 rebels", "Gaza ceasefire"), or None."""
    ranked = phrases(counts, names, event_labels, idf, article_count)
    return ranked[0][1] if ranked else None


def phrases(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    event_labels: Sequence[str],
    idf: EntityIdf | None,
    article_count: int,
) -> list[tuple[float, str, int]]:
    """Candidate phrases, best first: (score, phrase as most often written, events using it)."""
    labels = list(dict.fromkeys(label.strip() for label in event_labels if label.strip()))
    if len(labels) < MIN_PHRASE_EVENTS:
        return []
    floor = max(2.0, MIN_SHARE * article_count)
    central = sorted(key for key, n in counts.items() if n >= floor and key in names)
    forms = _anchor_forms(names, central)
    if not forms:
        return []
    stems = {form[:-1]: key for form, key in sorted(forms.items(), reverse=True) if len(form) >= 4}
    sizes = sorted({len(stem) for stem in stems})
    weight = {key: counts[key] * (idf.weight(key) if idf is not None else 1.0) for key in central}
    top = max(weight.values()) or 1.0
    multi = [w for w in (_TOKEN.findall(name.casefold()) for name in names.values()) if len(w) > 1]
    anchors: dict[str, str | None] = {}
    support: Counter[tuple[str, ...]] = Counter()
    surface: dict[tuple[str, ...], Counter[str]] = {}
    anchored: dict[tuple[str, ...], float] = {}
    all_lower = _sentence_case(labels)  # then the words besides the entity are common words
    for label in labels:
        seen: set[tuple[str, ...]] = set()
        common_lower = all_lower or _sentence_case([label])
        for run in _words(label.rstrip("…")):
            folded = [t.casefold() for t in run]
            keys = []
            for t in run:
                if t not in anchors:
                    anchors[t] = _anchor(t, forms, stems, sizes)
                keys.append(anchors[t])
            if all(k is None for k in keys):
                continue
            spans = _name_spans(folded, multi)
            starts = [t not in _EDGE and not (t.isdigit() and not _YEAR.match(t)) for t in folded]
            ends = [ok and t not in _NOT_LAST for ok, t in zip(starts, folded, strict=True)]
            for size in (2, 3, 4):
                for start in range(len(run) - size + 1):
                    end = start + size
                    if not (starts[start] and ends[end - 1]):
                        continue
                    gram = tuple(folded[start:end])
                    if gram in seen or any(a < start < b or a < end < b for a, b in spans):
                        continue  # counted for this label, or cuts a name ("cities across the United")
                    hits = [k for k in keys[start:end] if k is not None]
                    loose = [
                        t
                        for t, k in zip(run[start:end], keys[start:end], strict=True)
                        if k is None and t.casefold() not in _EDGE
                    ]
                    if not hits or not loose or (common_lower and not all(t[:1].islower() for t in loose)):
                        continue
                    seen.add(gram)
                    support[gram] += 1
                    surface.setdefault(gram, Counter())[" ".join(run[start:end])] += 1
                    anchored[gram] = max(weight[k] for k in hits) / top
    ranked = []
    for gram, n in support.items():
        if n < MIN_PHRASE_EVENTS or n < MIN_PHRASE_SHARE * len(labels):
            continue
        score = n / len(labels) * anchored[gram] * (1 + LONGER * (len(gram) - 2))
        written = min(surface[gram], key=lambda text: (-surface[gram][text], text))
        ranked.append((score, len(gram), gram, written, n))
    ranked.sort(key=lambda r: (-r[0], -r[1], r[2]))
    return [(score, shorten(text[:1].upper() + text[1:]), n) for score, _, _, text, n in ranked]


def name_storyline(
    counts: Mapping[str, int],
    names: Mapping[str, str],
    event_labels: Sequence[str],
    idf: EntityIdf | None,
    article_count: int,
) -> str:
    """A phrase the storyline's events share when there is a telling one, else its central
    entities (``label_storyline``)."""
    phrase = phrase_name(counts, names, event_labels, idf, article_count)
    return phrase or label_storyline(counts, names, event_labels, idf, article_count)
