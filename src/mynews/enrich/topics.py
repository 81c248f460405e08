"""Topics of an article: the fixed IPTC top level, the news' own sections and tags, operator rules.

IPTC top level (17 Media Topics subjects, ``data/iptc_topics.json``). Two methods, both on the
MiniLM vector of ``ArticleText.lead`` (the caller computes that vector once and passes it in):

- ``classifier`` (the default): multinomial logistic regression on the lead vector plus a small
  TF-IDF bag of words of the lead, trained by ``bench/train_topics.py`` on every labelled set the
  repository has (Wikipedia Current events categories of Feb–Apr 2025, Global Voices categories,
  each mapped to IPTC by reviewed data files) and shipped as ``data/iptc_classifier.json`` (JSON
  weights, never trained at run time). Its probabilities are calibrated (a temperature fitted on
  out-of-month predictions) and an article gets the topic only when the probability reaches the
  shipped threshold, chosen so that shown topics are right at least 95% of the time on
  validation months (a full-length article has its own, lower threshold, chosen the same way on
  hand-labelled articles: the model is right more often on them at a given probability). Below
  it the article has no IPTC topic rather than a wrong one: what is
  shown, followed and given as a reason ("You follow Sport") is only what the model is sure of;
- ``similarity``: cosine between the article vector and each topic's "name: definition. terms";
  the best topic always (a baseline, and a fallback when the weights file is absent).

Section/tag topics live in ``topics_sections``, operator rules in ``topics_rules``; both are
re-exported here.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

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
    "best_iptc",
    "iptc_scores",
    "iptc_topics",
    "match_rule_topics",
    "normalise_label",
    "section_topics",
    "topic_model_name",
]

METHODS = ("classifier", "similarity")
TOKEN = re.compile(r"(?u)\b\w\w+\b")  # scikit-learn's default token pattern, lowercased text


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
    """How IPTC topics are chosen. ``threshold``: the calibrated probability a topic needs with
    the classifier (None: the one shipped with the weights, chosen on validation months for
    shown-topic precision >= 0.95); ``margin``: with similarity, how close to the best cosine
    others must be; ``max_topics``: at most this many."""

    method: str = "classifier"
    threshold: float | None = None
    margin: float = 0.03
    max_topics: int = 3
    embedder: str = "all-MiniLM-L6-v2"


@dataclass(frozen=True)
class IptcClassifier:
    """The shipped model: probability = softmax((vector . weights + tfidf(lead) . lexical + bias)
    / temperature) over ``keys``."""

    version: str
    keys: tuple[str, ...]
    weights: Matrix  # (k, dim)
    bias: Matrix  # (k,)
    temperature: float
    threshold: float
    vocabulary: dict[str, int]
    idf: Matrix  # (v,)
    lexical: Matrix  # (v, k): one row per word, so an article's words are a row gather
    # a full-length article (article_words words or more) is sure at article_threshold: chosen on
    # hand-labelled articles, where the model is right more often at a given probability than on
    # 1-3 sentence items (absent from older weights files: the same threshold for all)
    article_threshold: float | None = None
    article_words: int = 0

    def threshold_for(self, words: int) -> float:
        """The probability a topic needs on an article of ``words`` words."""
        if self.article_threshold is not None and self.article_words and words >= self.article_words:
            return self.article_threshold
        return self.threshold


@lru_cache(maxsize=1)
def iptc_topics() -> tuple[IptcTopic, ...]:
    raw = json.loads(resources.files("mynews.enrich").joinpath("data/iptc_topics.json").read_text("utf-8"))
    return tuple(IptcTopic(**topic) for topic in raw["topics"])


@lru_cache(maxsize=4)
def topic_vectors(embedder: str = "all-MiniLM-L6-v2") -> Matrix:
    """The embedded topic prompts, one row per IPTC topic (computed once per process)."""
    from mynews.enrich.embeddings import get_embedder

    return get_embedder(embedder).embed([topic.prompt for topic in iptc_topics()])


def classifier_from_json(raw: dict[str, Any]) -> IptcClassifier:
    import numpy as np

    lexical = raw.get("lexical") or {"vocabulary": [], "idf": [], "weights": [[] for _ in raw["keys"]]}
    return IptcClassifier(
        str(raw["version"]),
        tuple(raw["keys"]),
        np.asarray(raw["weights"], dtype=np.float32),
        np.asarray(raw["bias"], dtype=np.float32),
        float(raw["temperature"]),
        float(raw["threshold"]),
        {word: i for i, word in enumerate(lexical["vocabulary"])},
        np.asarray(lexical["idf"], dtype=np.float32),
        np.ascontiguousarray(
            np.asarray(lexical["weights"], dtype=np.float32).reshape(len(raw["keys"]), -1).T
        ),
        float(raw["article_threshold"]) if raw.get("article_threshold") is not None else None,
        int(raw.get("article_words") or 0),
    )


@lru_cache(maxsize=1)
def load_classifier() -> IptcClassifier | None:
    """The shipped classifier, or None when the weights file is absent."""
    path = resources.files("mynews.enrich").joinpath("data/iptc_classifier.json")
    if not path.is_file():
        return None
    return classifier_from_json(json.loads(path.read_text("utf-8")))


def topic_model_name(options: IptcOptions | None = None) -> str:
    """What chooses IPTC topics with ``options``: the shipped classifier's version (its weights
    and thresholds), or the prompt similarity and its embedder. Stored with each article's topics,
    so an upgrade that ships a new classifier knows which stored topics to re-choose."""
    options = options or IptcOptions()
    model = load_classifier()
    if options.method == "similarity" or model is None:
        return f"similarity:{options.embedder}"[:64]
    return f"classifier:{model.version}"[:64]


def similarity_scores(vectors: Matrix, embedder: str = "all-MiniLM-L6-v2") -> Matrix:
    """Cosine of each article vector with each topic prompt: (n, 17)."""
    return vectors @ topic_vectors(embedder).T


def tfidf(texts: Sequence[str], model: IptcClassifier) -> Any:
    """The texts' l2-normalised sublinear TF-IDF over the model's vocabulary, as a sparse
    (n, v) matrix (what scikit-learn's ``TfidfVectorizer(sublinear_tf=True)`` computes)."""
    import math

    from scipy import sparse

    idf = model.idf.tolist()
    indptr, indices, data = [0], list[int](), list[float]()
    for text in texts:
        counts: dict[int, int] = {}
        for token in TOKEN.findall(text.lower()):
            column = model.vocabulary.get(token)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        values = [(1.0 + math.log(n)) * idf[c] for c, n in counts.items()]
        norm = math.sqrt(sum(x * x for x in values)) or 1.0
        indices += counts
        data += [x / norm for x in values]
        indptr.append(len(indices))
    return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), len(idf)), dtype="float32")


def classifier_logits(vectors: Matrix, texts: Sequence[str] | None, model: IptcClassifier) -> Matrix:
    """Uncalibrated scores (n, k); without ``texts`` only the vector part counts."""
    logits = vectors @ model.weights.T + model.bias
    if texts is not None and model.vocabulary:
        logits += tfidf(texts, model) @ model.lexical
    return logits


def classifier_scores(vectors: Matrix, texts: Sequence[str] | None = None) -> Matrix:
    """Calibrated probabilities (n, 17), 0 for topics the model was not trained on; NaN
    everywhere when no model is shipped."""
    import numpy as np

    model = load_classifier()
    out = np.full((len(vectors), len(iptc_topics())), np.nan if model is None else 0.0, dtype=np.float32)
    if model is None or not len(vectors):
        return out
    logits = classifier_logits(vectors, texts, model) / model.temperature
    logits -= logits.max(axis=1, keepdims=True)
    probs = np.exp(logits)
    probs /= probs.sum(axis=1, keepdims=True)
    columns = {topic.key: i for i, topic in enumerate(iptc_topics())}
    for row, key in enumerate(model.keys):
        out[:, columns[key]] = probs[:, row]
    return out


def iptc_scores(
    vectors: Matrix, options: IptcOptions | None = None, texts: Sequence[str] | None = None
) -> Matrix:
    """Scores (n, 17) by the chosen method (``texts``: the articles' leads, for the classifier's
    word features)."""
    options = options or IptcOptions()
    if options.method not in METHODS:
        raise ValueError(f"unknown topic method {options.method!r} (known: {', '.join(METHODS)})")
    if options.method == "similarity" or load_classifier() is None:
        return similarity_scores(vectors, options.embedder)
    return classifier_scores(vectors, texts)


def assign_iptc(
    vectors: Matrix,
    options: IptcOptions | None = None,
    texts: Sequence[str] | None = None,
    words: Sequence[int] | None = None,
) -> list[tuple[TopicAssignment, ...]]:
    """IPTC topics per article vector. Classifier: the topics whose calibrated probability
    reaches the threshold (often none: no topic rather than a wrong one); ``words``, each
    article's length, picks the shipped threshold of full-length articles where it applies.
    Similarity: the best one always, then others within the margin."""
    options = options or IptcOptions()
    scores = iptc_scores(vectors, options, texts)
    topics = iptc_topics()
    model = load_classifier()
    calibrated = options.method == "classifier" and model is not None
    lengths = list(words) if words is not None else [0] * len(scores)
    out = []
    for row, length in zip(scores, lengths, strict=True):
        if options.threshold is not None:
            threshold = options.threshold
        else:
            threshold = model.threshold_for(length) if model else 0.0
        order = sorted(range(len(topics)), key=lambda i: -float(row[i]))[: options.max_topics]
        best = float(row[order[0]])
        keep = [
            i
            for i in order
            if (float(row[i]) >= threshold if calibrated else float(row[i]) >= best - options.margin)
        ]
        out.append(
            tuple(
                TopicAssignment(topics[i].key, topics[i].name, "iptc", round(float(row[i]), 4)) for i in keep
            )
        )
    return out


def best_iptc(vectors: Matrix, texts: Sequence[str] | None = None) -> list[str]:
    """The most likely IPTC key of each article, shown or not (for measuring top-1)."""
    import numpy as np

    scores = iptc_scores(vectors, IptcOptions(), texts)
    keys = [t.key for t in iptc_topics()]
    return [keys[int(np.argmax(row))] for row in scores]


@lru_cache(maxsize=1)
def _label_subjects() -> dict[str, tuple[str, ...]]:
    """Normalised news labels -> IPTC keys: each subject's own key and name, and the reviewed
    category maps the classifier trains on (Global Voices, Wikipedia Current events)."""
    out: dict[str, tuple[str, ...]] = {}
    for name in ("gv_category_topics.json", "current_events_topics.json"):
        raw = json.loads(resources.files("mynews.enrich").joinpath(f"data/{name}").read_text("utf-8"))
        for label, keys in raw["map"].items():
            out[normalise_label(label)] = tuple(keys)
    for topic in iptc_topics():
        out[normalise_label(topic.key)] = out[normalise_label(topic.name)] = (topic.key,)
    return out


def label_subjects(label_key: str) -> tuple[str, ...]:
    """The IPTC subjects a news label ("Sports", "Economics & Business", "Politics and
    elections") names, by its normalised key; () for labels that are not one."""
    return _label_subjects().get(label_key, ())
