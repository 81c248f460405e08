"""Story clustering quality on hand-labelled real stories, run online in time order.

Global Voices (May 2012, 378 articles, 29 labelled stories) tuned the parameters; Wikinews
(2019-2020, 293 articles, 22 stories) is held out. Floors in tests/data/quality_floors.json.
"""

from __future__ import annotations

import pytest

from mynews.stories.quality import bcubed, pairwise

from .conftest import floor
from .story_eval import evaluate, gold

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("corpus", "prefix"), [("gv", "gv:"), ("wn", "wn:")])
def test_clustering_quality_floors(corpus_inputs, labelled, corpus: str, prefix: str) -> None:
    pair, b3 = evaluate(corpus_inputs, labelled, prefix)
    print(
        f"{corpus}: pairwise P {pair.precision:.3f} R {pair.recall:.3f} F1 {pair.f1:.3f};"
        f" BCubed P {b3.precision:.3f} R {b3.recall:.3f} F1 {b3.f1:.3f}"
    )
    assert pair.precision >= floor(f"stories_{corpus}_pairwise_precision")
    assert pair.recall >= floor(f"stories_{corpus}_pairwise_recall")
    assert b3.f1 >= floor(f"stories_{corpus}_bcubed_f1")


@pytest.mark.parametrize(("corpus", "prefix"), [("gv", "gv:"), ("wn", "wn:")])
def test_long_running_stories_are_held_by_storylines(
    corpus_inputs, labelled, corpus: str, prefix: str
) -> None:
    """Many labelled Wikinews stories run for months (the Trump impeachment, the 2020
    primaries, COVID-19's spread: 11 of 22 span over two weeks). An event is days long
    (``StoryParams.max_span_days``), so those are the storyline level's to hold."""
    from mynews.stories.replay import replay

    items = [item for key, item in corpus_inputs.items() if key.startswith(prefix)]
    out = replay(items)
    truth = gold(labelled, [str(i.id) for i in items])
    events, lines = pairwise(out.events, truth), pairwise(out.storylines(), truth)
    b3 = bcubed(out.storylines(), truth)
    print(
        f"{corpus} storylines: pairwise P {lines.precision:.3f} R {lines.recall:.3f} F1 {lines.f1:.3f};"
        f" BCubed F1 {b3.f1:.3f} (events R {events.recall:.3f})"
    )
    assert lines.recall >= floor(f"stories_{corpus}_storyline_pairwise_recall") > events.recall
    assert b3.f1 >= floor(f"stories_{corpus}_storyline_bcubed_f1")


def test_labelled_stories_are_well_formed(labelled, corpus_inputs) -> None:
    ids = [i for story in labelled for i in story["articles"]]
    assert len(labelled) >= 30
    assert all(len(story["articles"]) >= 2 for story in labelled)
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(corpus_inputs)
