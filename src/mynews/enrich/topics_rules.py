"""Operator-defined topics: a name plus a rule (entities, keywords, example articles).

Pure: the caller stores the rules and re-applies them to stored articles when a rule changes.
A rule matches when any of its parts does: an entity of the article (canonical name, or an
``entity_key`` such as ``person:donald-trump``), a keyword or phrase in the text (whole words,
any case), or a vector close enough to one of its example articles' vectors.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mynews.core.enrichment import ArticleText, EntityMention, TopicAssignment
from mynews.enrich.entity_rules import entity_key

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

ENTITY_SCORE = 1.0
KEYWORD_SCORE = 0.8


@dataclass(frozen=True)
class RuleTopic:
    """An operator's topic. ``example_vectors``: (m, dim) vectors of example articles, from the
    same embedder as the article vectors; ``min_similarity``: the cosine that counts as a match."""

    key: str
    name: str
    entities: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    example_vectors: Any = field(default=None, compare=False, repr=False)
    min_similarity: float = 0.6


def match_rule_topics(
    text: ArticleText,
    entities: Sequence[EntityMention],
    rules: Sequence[RuleTopic],
    vector: Matrix | None = None,
) -> tuple[TopicAssignment, ...]:
    """The rule topics an article belongs to, with the strongest reason's score."""
    names = {e.name.casefold() for e in entities} | {entity_key(e.name, e.kind) for e in entities}
    haystack = "\n".join([text.title, text.standfirst or "", text.body, *text.captions])
    out = []
    for rule in rules:
        score = _rule_score(rule, names, haystack, vector)
        if score is not None:
            out.append(TopicAssignment(rule.key, rule.name, "rule", round(score, 4)))
    return tuple(sorted(out, key=lambda t: (-t.score, t.key)))


def _rule_score(rule: RuleTopic, names: set[str], haystack: str, vector: Matrix | None) -> float | None:
    if any(e.casefold() in names or e in names for e in rule.entities):
        return ENTITY_SCORE
    if any(_has_phrase(haystack, k) for k in rule.keywords if k.strip()):
        return KEYWORD_SCORE
    if vector is not None and rule.example_vectors is not None and len(rule.example_vectors):
        best = float((rule.example_vectors @ vector).max())
        if best >= rule.min_similarity:
            return best
    return None


def _has_phrase(haystack: str, phrase: str) -> bool:
    words = [re.escape(w) for w in phrase.split()]
    return re.search(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", haystack, re.IGNORECASE) is not None
