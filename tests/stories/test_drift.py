"""split_story on real stories: two labelled stories merged by hand come apart; whole
labelled stories of six or more articles stay whole (one known exception: the 2020 US
election story, whose campaign and post-election halves do read as two stories)."""

from __future__ import annotations

from itertools import combinations

import pytest

from mynews.stories.drift import SplitParams, split_story

from .conftest import floor

pytestmark = pytest.mark.slow


def test_merged_stories_split_back(corpus_inputs, labelled) -> None:
    stories = [s["articles"] for s in labelled if len(s["articles"]) >= 3]
    exact = 0
    pairs = list(combinations(stories, 2))
    for a, b in pairs:
        groups = split_story([corpus_inputs[i] for i in a + b])
        exact += len(groups) == 2 and set(groups[0]) in (set(a), set(b))
    print(f"merged pairs split back exactly: {exact}/{len(pairs)}")
    assert exact / len(pairs) >= floor("stories_split_merged_exact")


def test_coherent_stories_stay_whole(corpus_inputs, labelled) -> None:
    large = [s for s in labelled if len(s["articles"]) >= SplitParams().min_size]
    split = [s["label"] for s in large if len(split_story([corpus_inputs[i] for i in s["articles"]])) > 1]
    assert len(large) >= 6
    assert split == ["2020 US presidential election and its aftermath"]


def test_groups_come_in_time_order(corpus_inputs, labelled) -> None:
    by_label = {s["label"]: s["articles"] for s in labelled}
    hong_kong = by_label["Hong Kong protests 2019"]
    yerevan = by_label["Firebombing of a gay-friendly bar in Yerevan"]
    groups = split_story([corpus_inputs[i] for i in hong_kong + yerevan])
    by_date = sorted(yerevan, key=lambda i: corpus_inputs[i].published)
    assert groups == [by_date, sorted(hong_kong, key=lambda i: corpus_inputs[i].published)]
