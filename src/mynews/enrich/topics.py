"""Topics of an article: the fixed IPTC top level, the news' own sections and tags, operator rules.

IPTC top level (17 Media Topics subjects, ``data/iptc_topics.json``): every article gets its best
topic, plus others that score above a threshold. Two measured methods, both on the MiniLM vector
of ``ArticleText.lead`` (so the caller computes that vector once and passes it in):

- ``similarity``: cosine between the article vector and each topic's "name: definition. terms";
- ``classifier``: one-vs-rest logistic regression on MiniLM vectors, trained by
  ``bench/train_topics.py`` on Global Voices categories mapped to IPTC and shipped as
  ``data/iptc_classifier.json`` (never trained at run time); it knows only the 14 topics the
  corpus has examples of, and it is tied to Global Voices' style;
- ``hybrid`` (the default): half the classifier probability plus half the similarity rescaled
  to 0..1 within the article. Measured on held-out Global Voices posts and on hand-labelled
  Wikinews articles, it is close to the classifier on the first and far better on the second.

Section/tag topics live in ``topics_sections``, operator rules in ``topics_rules``; both are
re-exported here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from mynews.core.enrichment import TopicAssignment
from mynews.enrich.topics_rules import RuleTopic, match_rule_topics
from mynews.enrich.topics_sections import normalise_label, section_topics

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Matrix = npt.NDArray[np.float32]

__all__ = [
    "IptcOptions",
    "IptcTopic",
    "RuleTopic",
    "assign_iptc",
    "iptc_scores",
    "iptc_topics",
    "match_rule_topics",
    "normalise_label",
    "section_topics",
]

METHODS = ("hybrid", "classifier", "similarity")


@dataclass(frozen=True)
class IptcTopic:
    key: str
    name: str
    qcode: str
    definition: str
    terms: str

    @property
    def prompt(self) -> str:
        """What the similarity method embeds for this topic."""
        return f"{self.name}: {self.definition} Such as {self.terms}."


@dataclass(frozen=True)
class IptcOptions:
    """How IPTC topics are chosen. ``threshold``: the score other topics than the best need with
    the classifier and hybrid methods (None: the one chosen by cross-validation and shipped with
    the weights); ``margin``: with similarity, how close to the best cosine others must be;
    ``hybrid_weight``: the classifier's share in the hybrid score."""

    method: str = "hybrid"
    threshold: float | None = None
    margin: float = 0.03
    hybrid_weight: float = 0.5
    max_topics: int = 3
    embedder: str = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class IptcClassifier:
    keys: tuple[str, ...]
    weights: Matrix  # (k, dim)
    bias: Matrix  # (k,)
    threshold: float


@lru_cache(maxsize=1)
def iptc_topics() -> tuple[IptcTopic, ...]:
    raw = json.loads(resources.files("mynews.enrich").joinpath("data/iptc_topics.json").read_text("utf-8"))
    return tuple(IptcTopic(**topic) for topic in raw["topics"])


@lru_cache(maxsize=4)
def topic_vectors(embedder: str = "all-MiniLM-L6-v2") -> Matrix:
    """The embedded topic prompts, one row per IPTC topic (computed once per process)."""
    from mynews.enrich.embeddings import get_embedder

    return get_embedder(embedder).embed([topic.prompt for topic in iptc_topics()])


@lru_cache(maxsize=1)
def load_classifier() -> IptcClassifier | None:
    """The shipped classifier, or None when the weights file is absent."""
    import numpy as np

    path = resources.files("mynews.enrich").joinpath("data/iptc_classifier.json")
    if not path.is_file():
        return None
    raw = json.loads(path.read_text("utf-8"))
    return IptcClassifier(
        tuple(raw["keys"]),
        np.asarray(raw["weights"], dtype=np.float32),
        np.asarray(raw["bias"], dtype=np.float32),
        float(raw["threshold"]),
    )


def similarity_scores(vectors: Matrix, embedder: str = "all-MiniLM-L6-v2") -> Matrix:
    """Cosine of each article vector with each topic prompt: (n, 17)."""
    return vectors @ topic_vectors(embedder).T


def classifier_scores(vectors: Matrix) -> Matrix:
    """Classifier probabilities (n, 17); NaN in the columns of topics it was not trained on."""
    import numpy as np

    model = load_classifier()
    out = np.full((len(vectors), len(iptc_topics())), np.nan, dtype=np.float32)
    if model is None:
        return out
    logits = vectors @ model.weights.T + model.bias
    probs = 1.0 / (1.0 + np.exp(-logits))
    columns = {topic.key: i for i, topic in enumerate(iptc_topics())}
    for row, key in enumerate(model.keys):
        out[:, columns[key]] = probs[:, row]
    return out


def iptc_scores(vectors: Matrix, options: IptcOptions | None = None) -> Matrix:
    """Scores (n, 17) by the chosen method."""
    import numpy as np

    options = options or IptcOptions()
    if options.method not in METHODS:
        raise ValueError(f"unknown topic method {options.method!r} (known: {', '.join(METHODS)})")
    if options.method == "similarity":
        return similarity_scores(vectors, options.embedder)
    probs = np.nan_to_num(classifier_scores(vectors), nan=0.0)
    if options.method == "classifier":
        return probs
    sims = similarity_scores(vectors, options.embedder)
    low, high = sims.min(axis=1, keepdims=True), sims.max(axis=1, keepdims=True)
    rescaled = (sims - low) / np.maximum(high - low, 1e-6)
    weight = options.hybrid_weight
    return (weight * probs + (1.0 - weight) * rescaled).astype(np.float32)


def assign_iptc(vectors: Matrix, options: IptcOptions | None = None) -> list[tuple[TopicAssignment, ...]]:
    """IPTC topics per article vector: the best one always, then others that pass the bar."""
    options = options or IptcOptions()
    scores = iptc_scores(vectors, options)
    topics = iptc_topics()
    out = []
    for row in scores:
        order = sorted(range(len(topics)), key=lambda i: -float(row[i]))
        best = float(row[order[0]])
        keep = [
            i for i in order[: options.max_topics] if i == order[0] or _passes(float(row[i]), best, options)
        ]
        out.append(
            tuple(
                TopicAssignment(topics[i].key, topics[i].name, "iptc", round(float(row[i]), 4)) for i in keep
            )
        )
    return out


def _passes(score: float, best: float, options: IptcOptions) -> bool:
    if options.method == "similarity":
        return score >= best - options.margin
    model = load_classifier()
    threshold = options.threshold if options.threshold is not None else model.threshold if model else 0.5
    return score >= threshold
