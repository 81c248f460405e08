"""Training data and fitting for the pair models (``pair_model``), from labelled articles.

``labelled_pairs`` replays labelled articles in time order the way ingestion does (candidates:
the events of the ``neighbours`` nearest earlier articles, and their storylines), but with the
true events and storylines as the state (teacher forcing). Every (article, candidate event)
gives one row of ``clustering.event_features`` (1 when the candidate is the article's event),
and every article, as an event of its own, one row of ``storylines.storyline_features`` per
candidate storyline (1 when it is the article's storyline). ``fit`` is a regularised logistic
regression (scikit-learn) over standardised features.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from mynews.stories.clustering import (
    EVENT_FEATURES,
    StoryInput,
    StoryState,
    add_to_story,
    event_features,
    is_candidate,
    new_story,
)
from mynews.stories.pair_model import PairModel
from mynews.stories.replay import ReplayParams, summary
from mynews.stories.specificity import EntityIdf
from mynews.stories.storylines import (
    STORYLINE_FEATURES,
    StorylineState,
    _gap_days,
    add_article,
    add_event,
    new_storyline,
    storyline_features,
)

ItemId = Hashable


@dataclass
class Pairs:
    """Feature rows and labels for both models."""

    event_rows: list[list[float]] = field(default_factory=list)
    event_labels: list[int] = field(default_factory=list)
    storyline_rows: list[list[float]] = field(default_factory=list)
    storyline_labels: list[int] = field(default_factory=list)


def labelled_pairs(
    inputs: Sequence[StoryInput],
    event_of: Mapping[ItemId, str],
    storyline_of: Mapping[ItemId, str],
    params: ReplayParams | None = None,
) -> Pairs:
    """Pairs from ``inputs`` with their true event and storyline labels (ids missing from a
    mapping are alone)."""
    import numpy as np

    params = params or ReplayParams()
    out = Pairs()
    events: dict[str, StoryState] = {}
    lines: dict[str, StorylineState] = {}
    line_of_event: dict[str, str] = {}
    rows: list[np.ndarray] = []
    row_event: list[str] = []
    idf = EntityIdf()
    for article in sorted(inputs, key=lambda a: a.published):
        event = event_of.get(article.id) or f"alone:{article.id}"
        line = storyline_of.get(article.id) or f"alone:{article.id}"
        near: set[str] = set()
        if rows:
            sims = np.vstack(rows) @ article.vector
            k = min(params.neighbours, len(sims))
            near = {row_event[int(i)] for i in np.argpartition(-sims, k - 1)[:k]}
        for name in sorted(near):
            state = events[name]
            if is_candidate(article, state, params.story):
                features = event_features(article, state, params.story, idf)
                out.event_rows.append([features[n] for n in EVENT_FEATURES])
                out.event_labels.append(int(name == event))
        alone = summary(new_story(event, article))
        for name in sorted({line_of_event[e] for e in near}):
            state_line = lines[name]
            if _gap_days(alone, state_line) <= params.storyline.max_gap_days:
                features = storyline_features(alone, state_line, params.storyline, idf)
                out.storyline_rows.append([features[n] for n in STORYLINE_FEATURES])
                out.storyline_labels.append(int(name == line))
        if event in events:
            events[event] = add_to_story(events[event], article, params.story)
            own_line = line_of_event[event]
            lines[own_line] = add_article(
                lines[own_line], article.vector, article.entities, article.published
            )
        else:
            events[event] = new_story(event, article)
            line_of_event[event] = line
            lines[line] = add_event(lines[line], alone) if line in lines else new_storyline(line, alone)
        rows.append(article.vector)
        row_event.append(event)
        idf.add(article.entities)
    return out


def fit(
    rows: Sequence[Sequence[float]],
    labels: Sequence[int],
    names: Sequence[str],
    c: float = 1.0,
    weights: Sequence[float] | None = None,
) -> PairModel:
    """A logistic regression over standardised ``rows`` (threshold 0.5 until one is chosen);
    ``weights``: one per row (a small corpus can weigh as much as a large one)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    x = np.asarray(rows, dtype=np.float64)
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=c, max_iter=2000)
    model.fit((x - mean) / scale, np.asarray(labels), sample_weight=None if weights is None else np.asarray(weights))
    return PairModel(
        tuple(names),
        tuple(round(float(v), 6) for v in mean),
        tuple(round(float(v), 6) for v in scale),
        tuple(round(float(v), 6) for v in model.coef_[0]),
        round(float(model.intercept_[0]), 6),
        0.5,
    )
