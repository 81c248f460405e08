"""Story clustering quality on hand-labelled real stories, run online in time order.

Global Voices (May 2012, 378 articles, 29 labelled stories) tuned the parameters; Wikinews
(2019-2020, 293 articles, 22 stories) is held out. Floors in tests/data/quality_floors.json.
"""

from __future__ import annotations

import pytest

from .conftest import floor
from .story_eval import evaluate

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


def test_labelled_stories_are_well_formed(labelled, corpus_inputs) -> None:
    ids = [i for story in labelled for i in story["articles"]]
    assert len(labelled) >= 30
    assert all(len(story["articles"]) >= 2 for story in labelled)
    assert len(ids) == len(set(ids))
    assert set(ids) <= set(corpus_inputs)
