"""pytest fixture for the loopback feed server; import it into a conftest or a test module:

from tests.conftest_feedserver import feedserver  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.feedserver import FeedServer


@pytest.fixture
def feedserver() -> Iterator[FeedServer]:
    """A started FeedServer on 127.0.0.1; stopped after the test."""
    with FeedServer() as server:
        yield server
