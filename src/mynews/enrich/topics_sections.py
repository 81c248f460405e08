"""Followable topics from the news itself: a source's section label, its feed categories and tags.

Labels are normalised to one key whatever their spelling ("North Korea nuclear crisis",
"north-korea-nuclear-crisis", "NORTH KOREA NUCLEAR CRISIS" -> ``north-korea-nuclear-crisis``),
so the same topic from several sources merges. Labels that are not topics (languages, formats,
site furniture) are data: ``data/topic_labels.json``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from mynews.core.enrichment import TopicAssignment

SCORES = {"section": 1.0, "category": 0.8, "tag": 0.6}
MAX_LABEL_CHARS = 80
_SEPARATORS = re.compile(r"[\s_\-/|·:]+")
_DROP = re.compile(r"[^\w\s]")


def normalise_label(label: str) -> str:
    """The key of a label: case, accents, hyphens, underscores and "&" do not matter."""
    text = unicodedata.normalize("NFKC", label).casefold().replace("&", " and ")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = _DROP.sub("", _SEPARATORS.sub(" ", text))
    return "-".join(text.split())


@lru_cache(maxsize=1)
def _non_topics() -> frozenset[str]:
    raw = json.loads(resources.files("mynews.enrich").joinpath("data/topic_labels.json").read_text("utf-8"))
    return frozenset(normalise_label(label) for label in raw["non_topics"])


def is_topic_label(label: str) -> bool:
    key = normalise_label(label)
    return bool(key) and key not in _non_topics() and len(label) <= MAX_LABEL_CHARS and not key.isdigit()


def display_name(label: str) -> str:
    """A readable name: the label as written when it has mixed case, else sentence case."""
    text = (
        " ".join(_SEPARATORS.sub(" ", label).split())
        if "-" in label or "_" in label
        else " ".join(label.split())
    )
    if text.islower() or text.isupper():
        return text[:1].upper() + text[1:].lower()
    return text


def section_topics(
    section: str | None, tags: Iterable[str] = (), categories: Iterable[str] = ()
) -> tuple[TopicAssignment, ...]:
    """Section, categories and tags as ``section`` topics, one per key, strongest source first."""
    found: dict[str, TopicAssignment] = {}
    labelled = [(section, "section")] if section else []
    labelled += [(c, "category") for c in categories] + [(t, "tag") for t in tags]
    for label, origin in labelled:
        if not label or not is_topic_label(label):
            continue
        key = normalise_label(label)
        if key not in found or found[key].score < SCORES[origin]:
            found[key] = TopicAssignment(key, display_name(label), "section", SCORES[origin])
    return tuple(sorted(found.values(), key=lambda t: (-t.score, t.key)))
