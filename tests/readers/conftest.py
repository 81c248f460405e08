"""Fixtures for reader tests: real Global Voices articles with topics, on the migrated test DB."""

from __future__ import annotations

import pytest

from mynews.services.context import Context
from tests.readers.news import load_news


@pytest.fixture
def news(ctx: Context) -> dict[str, list[int]]:
    return load_news(ctx)
