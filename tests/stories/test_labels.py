"""Story labels and representatives on real labelled stories."""

from __future__ import annotations

import json

import numpy as np
import pytest

from mynews.enrich.embeddings import get_embedder
from mynews.stories.labels import label_story, representative, shorten

from .corpus import DATA, by_id


def _story(label: str) -> list[str]:
    stories = json.loads((DATA / "stories" / "labelled_stories.json").read_text("utf-8"))["stories"]
    return [by_id()[i].title for s in stories if s["label"] == label for i in s["articles"]]


def test_label_is_a_central_headline() -> None:
    titles = _story("Thai grandfather jailed for lese majeste dies")
    assert label_story(titles) in titles
    armenia = _story("Firebombing of a gay-friendly bar in Yerevan")
    label = label_story(armenia, ["Armenia", "Yerevan", "DIY"])
    assert label in armenia
    assert "Bar" in label


def test_entities_break_ties_towards_the_naming_headline() -> None:
    titles = ["Storm hits coast", "Hurricane Dorian hits coast"]
    assert label_story(titles, ["Hurricane Dorian"]) == "Hurricane Dorian hits coast"


def test_long_headlines_are_shortened_at_a_word() -> None:
    long = "Wikinews interviews Craig Farquharson, Liberal Democrat candidate for 2020 Groom by-election"
    assert shorten(long, 40) == "Wikinews interviews Craig Farquharson…"
    assert len(label_story([long], limit=40)) <= 40
    assert label_story([]) == ""


def test_representative_is_closest_to_the_centroid() -> None:
    titles = _story("Suspension of the UK parliament before Brexit")
    vectors = get_embedder("hashing").embed(titles)
    index = representative(vectors)
    centroid = vectors.mean(axis=0)
    assert index == int(np.argmax(vectors @ centroid))
    assert representative(vectors[:1]) == 0
    with pytest.raises(ValueError):
        representative(np.zeros((0, 4), dtype=np.float32))
