"""At most ``max_per_host`` requests in flight per host, measured by the server itself."""

from __future__ import annotations

from pathlib import Path

from mynews.core.errors import FetchError
from mynews.core.fetching import FetchResult
from mynews.ingest.fetch import FetchPolicy, HostLimiter, fetch_many
from tests.feedserver import FeedServer, Route

FEEDS = Path(__file__).parent.parent / "data" / "feeds"


def _serve_many(server: FeedServer, count: int) -> list[str]:
    body = (FEEDS / "rss-parser__heise.atom").read_bytes()
    return [server.route(f"/feed{i}.atom", Route(body=body, hold=0.3)) for i in range(count)]


def test_per_host_limit_is_respected(feedserver: FeedServer) -> None:
    urls = _serve_many(feedserver, 8)
    policy = FetchPolicy(allow_hosts=feedserver.allow_hosts, max_per_host=2)
    results = fetch_many([(url, None) for url in urls], policy=policy, max_workers=8)
    assert all(isinstance(r, FetchResult) and r.status == 200 for r in results)
    assert len(feedserver.seen) == 8
    assert feedserver.max_concurrent <= 2


def test_without_a_tight_limit_requests_do_overlap(feedserver: FeedServer) -> None:
    # The control for the test above: the server does see concurrency when it is allowed.
    urls = _serve_many(feedserver, 8)
    policy = FetchPolicy(allow_hosts=feedserver.allow_hosts, max_per_host=8)
    fetch_many([(url, None) for url in urls], policy=policy, max_workers=8)
    assert feedserver.max_concurrent > 2


def test_a_shared_limiter_spans_calls_and_errors_come_back_in_place(feedserver: FeedServer) -> None:
    urls = _serve_many(feedserver, 3)
    gone = feedserver.route("/gone", Route(status=410))
    limiter = HostLimiter(1)
    policy = FetchPolicy(allow_hosts=feedserver.allow_hosts)
    results = fetch_many([(urls[0], None), (gone, None), (urls[1], None)], policy=policy, limiter=limiter)
    assert isinstance(results[0], FetchResult)
    assert isinstance(results[1], FetchError) and results[1].kind == "gone"
    assert isinstance(results[2], FetchResult)
    assert feedserver.max_concurrent == 1
