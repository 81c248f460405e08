"""Polling policy: back-off, jitter, Retry-After, and outcomes for each fetch result."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest

from mynews.core.errors import FetchError, ParseError
from mynews.core.fetching import FetchResult, Validators
from mynews.ingest.feeds import parse_feed
from mynews.ingest.schedule import JITTER, describe_error, next_check, outcome_for_error, outcome_for_success

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
HOUR = 3600.0
DAY = 86400.0
FEEDS = Path(__file__).parent.parent / "data" / "feeds"


def delay(**kw: object) -> float:
    args: dict = {"interval": HOUR, "error_count": 0, "max_backoff": DAY, "key": "src-1"} | kw
    return (next_check(NOW, **args) - NOW).total_seconds()


def test_healthy_source_waits_about_the_interval() -> None:
    assert HOUR * (1 - JITTER) <= delay() <= HOUR * (1 + JITTER)


def test_errors_back_off_exponentially_up_to_the_cap() -> None:
    waits = [delay(error_count=n) for n in range(8)]
    assert all(a < b for a, b in pairwise(waits[:6]))  # 1 h, 2 h, 4 h, 8 h, 16 h, 24 h
    for n, wait in enumerate(waits):
        expected = min(HOUR * 2**n, DAY)
        assert expected * (1 - JITTER) <= wait <= min(expected * (1 + JITTER), DAY)
    assert waits[-1] <= DAY


def test_huge_error_counts_stay_at_the_cap() -> None:
    assert delay(error_count=10_000) <= DAY
    assert delay(error_count=10_000) >= DAY * (1 - JITTER)


def test_jitter_is_deterministic_per_key_and_spreads_sources() -> None:
    assert delay(key="a") == delay(key="a")
    spread = {delay(key=f"source-{i}") for i in range(50)}
    assert len(spread) > 40
    assert min(spread) < HOUR < max(spread)


def test_retry_after_is_honoured_even_beyond_the_back_off() -> None:
    assert delay(error_count=1, retry_after=5 * HOUR) == 5 * HOUR
    assert delay(error_count=1, retry_after=2 * DAY) == 2 * DAY
    assert delay(error_count=3, retry_after=10) >= HOUR * 8 * (1 - JITTER)  # a short one does not shorten it


def test_interval_has_a_floor() -> None:
    assert delay(interval=0) >= 60 * (1 - JITTER)


def result(**kw: object) -> FetchResult:
    fields: dict = {
        "url": "https://ex.org/feed",
        "status": 200,
        "body": b"",
        "content_type": "application/rss+xml",
        "validators": Validators(etag='"e1"', last_modified="Wed, 31 Jan 2018 07:30:00 GMT"),
    } | kw
    return FetchResult(**fields)


def test_success_resets_errors_and_keeps_new_validators() -> None:
    outcome = outcome_for_success(NOW, result(), interval=HOUR, max_backoff=DAY, error_count=4)
    assert (outcome.status, outcome.error_count, outcome.last_error) == ("ok", 0, None)
    assert outcome.validators == Validators(etag='"e1"', last_modified="Wed, 31 Jan 2018 07:30:00 GMT")
    assert outcome.next_check_at is not None and outcome.next_check_at - NOW <= timedelta(seconds=HOUR * 1.1)
    assert outcome.new_url is None and not outcome.retired


def test_not_modified_and_permanent_redirect() -> None:
    outcome = outcome_for_success(
        NOW, result(status=304, permanent_url="https://new.ex.org/feed"), interval=HOUR, max_backoff=DAY
    )
    assert outcome.status == "not_modified"
    assert outcome.new_url == "https://new.ex.org/feed"
    assert outcome.http_status == 304


def test_unreadable_feed_counts_as_an_error() -> None:
    parsed = parse_feed((FEEDS / "feed-rs__rss_2.0_invalid_1.xml").read_bytes())
    outcome = outcome_for_success(NOW, result(), interval=HOUR, max_backoff=DAY, error_count=2, parsed=parsed)
    assert outcome.status == "error" and outcome.error_count == 3
    assert outcome.last_error and outcome.last_error.startswith("unreadable feed: malformed feed")
    assert outcome.next_check_at and outcome.next_check_at - NOW >= timedelta(seconds=HOUR * 8 * 0.9)


def test_broken_feed_with_items_is_a_recovery() -> None:
    parsed = parse_feed((FEEDS / "feeder__rss_theguardian.xml").read_bytes())
    outcome = outcome_for_success(NOW, result(), interval=HOUR, max_backoff=DAY, error_count=2, parsed=parsed)
    assert outcome.status == "recovered" and outcome.error_count == 0
    assert outcome.last_error and outcome.last_error.startswith("recovered 54 items from a broken feed")


def test_gone_retires_the_source() -> None:
    err = FetchError("gone (HTTP 410)", kind="gone", http_status=410)
    outcome = outcome_for_error(NOW, err, error_count=0, interval=HOUR, max_backoff=DAY)
    assert outcome.retired and outcome.status == "gone" and outcome.next_check_at is None
    assert outcome.http_status == 410 and outcome.last_error == "gone: gone (HTTP 410)"


@pytest.mark.parametrize("status", [429, 503])
def test_rate_limited_waits_for_retry_after(status: int) -> None:
    err = FetchError(f"HTTP {status}", kind="http", http_status=status, retry_after=7200)
    outcome = outcome_for_error(NOW, err, error_count=0, interval=600, max_backoff=DAY)
    assert outcome.next_check_at == NOW + timedelta(seconds=7200)
    assert outcome.error_count == 1
    assert outcome.last_error == f"http: HTTP {status} (retry after 7200 s)"


def test_errors_accumulate_and_back_off() -> None:
    err = FetchError("timed out fetching https://ex.org/feed", kind="timeout")
    count, waits = 0, []
    for _ in range(4):
        outcome = outcome_for_error(NOW, err, error_count=count, interval=HOUR, max_backoff=DAY, key="k")
        count = outcome.error_count
        assert outcome.next_check_at is not None
        waits.append(outcome.next_check_at - NOW)
    assert count == 4
    assert waits == sorted(waits) and waits[0] < waits[-1]
    assert outcome.validators is None  # errors keep the stored validators


def test_describe_other_errors() -> None:
    assert describe_error(ParseError("no feed here")) == "parse_failed: no feed here"
    assert describe_error(ValueError("boom")) == "ValueError: boom"
    long = outcome_for_error(
        NOW, FetchError("x" * 2000, kind="network"), error_count=0, interval=HOUR, max_backoff=DAY
    )
    assert long.last_error is not None and len(long.last_error) <= 500
