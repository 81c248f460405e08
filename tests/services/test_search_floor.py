"""Search's relevance floor, pinned on January 2025 of Wikipedia's "Current events" (the test
copy; bench/search_floor.py chose the floor on January–March, checked it on April and reports
May–June held out): nonsense finds nothing, and real queries keep their precision and recall."""

from __future__ import annotations

from pathlib import Path

import pytest

from mynews.services.browsing.search import MEANING_ONLY_FLOOR, Filters, candidates, fuse
from tests.enrich.floors import floor
from tests.services import search_labelled as sl
from tests.stories import current_events as ce

pytestmark = pytest.mark.slow


def test_nonsense_finds_nothing_and_real_queries_stay_above_their_floor(tmp_path: Path) -> None:
    items = ce.load(ce.MONTH)
    ctx, ids = sl.store(items, tmp_path)
    try:
        labelled = sl.queries(items, ids)
        assert len(labelled) >= 30
        scores = sl.evaluate(ctx, labelled, [MEANING_ONLY_FLOOR, 0.40], sl.NONSENSE + sl.made_up())
        chosen, guessed = scores[MEANING_ONLY_FLOOR], scores[0.40]
        assert chosen.nonsense_queries >= 95
        assert chosen.nonsense_answered == 0 and chosen.nonsense_results == 0
        assert chosen.precision >= floor("search_jan_precision@10")
        assert chosen.recall >= floor("search_jan_recall@50")
        assert guessed.nonsense_answered > 0  # the floor guessed before (0.40) let nonsense through
        with ctx.db.reading() as session:  # what the issue saw: "zzzxqqq" gave two unrelated results
            assert fuse(candidates(ctx, session, "zzzxqqq", Filters()))[0] == []
    finally:
        ctx.db.dispose()
