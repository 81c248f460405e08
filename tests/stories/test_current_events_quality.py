"""Event and storyline quality floors on January 2025 of Wikipedia "Current events".

The 576 items of tests/data/stories/wikipedia-current-events-2025h1 (CC BY-SA 4.0) are
understood by the enrich step (the ``compute`` of processing: spaCy entities and MiniLM
vectors; the 10 most salient entity keys, one key per name as the store keeps them) and
replayed in time order by ``stories.replay`` (the decisions ingestion makes), then scored
against the editors' leaf heading (events) and top heading (storylines), next to every item
alone. January is part of the pair models' training months (January–March, see
bench/train_stories.py), so these floors guard against regressions; the held-out figures
(May–June) are in docs/quality.md (bench/stories_eval.py). Floors in
tests/data/quality_floors.json.
"""

from __future__ import annotations

import pytest

from mynews.stories.quality import bcubed, pairwise
from mynews.stories.replay import replay

from .conftest import floor
from .current_events import MONTH, gold, load, story_inputs

pytestmark = pytest.mark.slow


def test_january_events_and_storylines_beat_their_floors() -> None:
    items = load(MONTH)
    assert len(items) == 576
    got = replay(story_inputs(items))
    for level, predicted in (("event", got.events), ("storyline", got.storylines())):
        truth = gold(items, level)
        alone = bcubed([[i.id] for i in items], truth)
        pair, b3 = pairwise(predicted, truth), bcubed(predicted, truth)  # type: ignore[arg-type]
        print(
            f"{level}: pairwise P {pair.precision:.3f} R {pair.recall:.3f} F1 {pair.f1:.3f};"
            f" BCubed F1 {b3.f1:.3f} (every item alone {alone.f1:.3f})"
        )
        assert pair.f1 >= floor(f"current_events_jan_{level}_pairwise_f1")
        assert b3.f1 >= floor(f"current_events_jan_{level}_bcubed_f1")
    assert (
        bcubed(got.storylines(), gold(items, "storyline")).f1
        > bcubed([[i.id] for i in items], gold(items, "storyline")).f1
    )
