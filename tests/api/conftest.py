"""Fixtures for the sync API tests."""

from __future__ import annotations

import pytest

from mynews.services.context import Context
from tests.api.sync_news import SyncNews, load_sync_news


@pytest.fixture
def sync_news(ctx: Context) -> SyncNews:
    return load_sync_news(ctx)
