"""Language of a text, light and offline: letters first, then frequent function words.

No model and no extra package: scripts used by one language (Greek, Hangul, Thai, Georgian...)
decide at once (``scripts`` in ``data/language_profiles.json``); for scripts shared by several
languages (Latin, Cyrillic, Arabic) the language whose function words are most frequent in the
text wins, if they make a real share of its words. Returns an ISO 639-1 code or None.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

SAMPLE_CHARS = 6000
MIN_LETTERS = 12
MIN_HITS = 2
MIN_SHARE = 0.08  # function words of the winner / all words
_WORDS = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


@dataclass(frozen=True)
class Profiles:
    stopwords: dict[str, frozenset[str]]
    scripts: dict[str, str]
    shared: dict[str, tuple[str, ...]]
    letters: dict[str, frozenset[str]]  # letters only some languages of a script use


@lru_cache(maxsize=1)
def profiles() -> Profiles:
    raw = json.loads(
        resources.files("mynews.enrich").joinpath("data/language_profiles.json").read_text("utf-8")
    )
    return Profiles(
        {lang: frozenset(words) for lang, words in raw["stopwords"].items()},
        dict(raw["scripts"]),
        {script: tuple(langs) for script, langs in raw["shared_scripts"].items()},
        {lang: frozenset(letters) for lang, letters in raw["letter_hints"].items()},
    )


def script_of(char: str) -> str:
    """The script of a letter, from its Unicode name ("LATIN", "CYRILLIC", "CJK", "HANGUL"...)."""
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else ""


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language, or None when too short or unclear."""
    sample = text[:SAMPLE_CHARS]
    scripts = Counter(script_of(c) for c in sample if c.isalpha())
    if sum(scripts.values()) < MIN_LETTERS:
        return None
    rules = profiles()
    if scripts["HIRAGANA"] + scripts["KATAKANA"] > 0.1 * sum(scripts.values()):
        return "ja"
    script = scripts.most_common(1)[0][0]
    if script in rules.scripts:
        return rules.scripts[script]
    return _by_function_words(sample, rules.shared.get(script, ()), rules)


def _by_function_words(sample: str, candidates: tuple[str, ...], rules: Profiles) -> str | None:
    words = _WORDS.findall(sample.casefold())
    if not words or not candidates:
        return None
    counts = Counter(words)
    hits = {lang: _hits(counts, lang, rules) for lang in candidates}
    best = max(candidates, key=lambda lang: (hits[lang], -candidates.index(lang)))
    if hits[best] < MIN_HITS or hits[best] / len(words) < MIN_SHARE:
        return None
    return best


def _hits(counts: Counter[str], lang: str, rules: Profiles) -> int:
    """Function words of ``lang``, plus words spelt with a letter only ``lang`` (of its script) uses."""
    letters = rules.letters.get(lang, frozenset())
    return sum(
        n for w, n in counts.items() if w in rules.stopwords[lang] or (letters and not letters.isdisjoint(w))
    )
