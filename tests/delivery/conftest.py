"""Fixtures for delivery tests: the real SMTP server on loopback, news from the bundled corpus,
and a context whose clock stands a little after that news (5 May 2012)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from mynews.core.clock import FixedClock
from mynews.services.context import Context
from tests.delivery.mailserver import MailServer
from tests.delivery.receiver import Receiver
from tests.readers.news import load_news

NEWS = 80  # corpus articles from 1 to 5 May 2012 (enough for a day's digest and its follows)
NEWS_NOW = datetime(2012, 5, 5, 15, 30, tzinfo=UTC)  # the newest of them is from 14:21


@pytest.fixture
def mail() -> Iterator[MailServer]:
    with MailServer(user="mynews", password="smtp secret") as server:
        yield server


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with Receiver() as server:
        yield server


@pytest.fixture
def news(ctx: Context) -> dict[str, list[int]]:
    return load_news(ctx, limit=NEWS)


@pytest.fixture
def news_ctx(ctx: Context, mail: MailServer) -> Context:
    """The test context at news time, sending mail to the loopback SMTP server."""
    ctx.clock = FixedClock(NEWS_NOW)
    ctx.settings = ctx.settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": mail.port,
            "smtp_security": "none",
            "smtp_user": "mynews",
            "smtp_password": "smtp secret",
            "smtp_from": "mynews digest <digest@news.example>",
            "base_url": "http://news.example",
            "delivery_allow_hosts": ["127.0.0.1"],
        }
    )
    return ctx
