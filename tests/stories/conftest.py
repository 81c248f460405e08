"""Shared fixtures: the corpus as clustering inputs (MiniLM vectors, spaCy entities) and floors."""

from __future__ import annotations

import json

import pytest

from mynews.stories.clustering import StoryInput

from .corpus import DATA, globalvoices, wikinews

FLOORS = DATA / "quality_floors.json"


def floor(key: str) -> float:
    return float(json.loads(FLOORS.read_text("utf-8"))[key])


@pytest.fixture(scope="session")
def corpus_inputs() -> dict[str, StoryInput]:
    """Every article of both corpora as a StoryInput, by id (loads spaCy and MiniLM)."""
    from .story_inputs import story_inputs

    articles = [*globalvoices(), *wikinews()]
    return {item.id: item for item in story_inputs(articles)}  # type: ignore[misc]


@pytest.fixture(scope="session")
def labelled() -> list[dict]:  # type: ignore[type-arg]
    return json.loads((DATA / "stories" / "labelled_stories.json").read_text("utf-8"))["stories"]
