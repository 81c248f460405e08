"""fetch() against real feed files served over loopback: every polling rule at the HTTP level."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from mynews.core.errors import FetchError
from mynews.core.fetching import Validators
from mynews.ingest.feeds import parse_feed
from mynews.ingest.fetch import FetchPolicy, fetch
from tests.feedserver import FeedServer, Route

FEEDS = Path(__file__).parent.parent / "data" / "feeds"
GUARDIAN = (FEEDS / "rss-parser__guardian.rss").read_bytes()
HEISE = (FEEDS / "rss-parser__heise.atom").read_bytes()


def policy(server: FeedServer, **kw: object) -> FetchPolicy:
    return FetchPolicy(allow_hosts=server.allow_hosts, **kw)  # type: ignore[arg-type]


def test_plain_fetch_returns_the_feed_bytes_and_validators(feedserver: FeedServer) -> None:
    url = feedserver.route(
        "/guardian.rss",
        Route(body=GUARDIAN, etag='"g1"', last_modified="Wed, 31 Jan 2018 07:30:00 GMT"),
    )
    result = fetch(url, policy=policy(feedserver))
    assert result.status == 200
    assert result.body == GUARDIAN
    assert result.validators == Validators(etag='"g1"', last_modified="Wed, 31 Jan 2018 07:30:00 GMT")
    assert result.permanent_url is None
    assert len(parse_feed(result.body, url=result.url, content_type=result.content_type).items) == 55
    sent = feedserver.requests_to("/guardian.rss")[0].headers
    assert "mynews" in sent["user-agent"]
    assert "gzip" in sent["accept-encoding"]


def test_second_fetch_sends_validators_and_gets_an_empty_304(feedserver: FeedServer) -> None:
    url = feedserver.route(
        "/g.rss", Route(body=GUARDIAN, etag='"v7"', last_modified="Wed, 31 Jan 2018 07:30:00 GMT")
    )
    first = fetch(url, policy=policy(feedserver))
    second = fetch(url, validators=first.validators, policy=policy(feedserver))
    assert second.status == 304
    assert second.not_modified
    assert second.body == b""
    assert second.validators == first.validators
    headers = feedserver.requests_to("/g.rss")[1].headers
    assert headers["if-none-match"] == '"v7"'
    assert headers["if-modified-since"] == "Wed, 31 Jan 2018 07:30:00 GMT"


def test_last_modified_alone_gives_304(feedserver: FeedServer) -> None:
    url = feedserver.route("/h.atom", Route(body=HEISE, last_modified="Mon, 01 Feb 2016 17:00:00 GMT"))
    first = fetch(url, policy=policy(feedserver))
    assert first.validators.etag is None
    assert fetch(url, validators=first.validators, policy=policy(feedserver)).status == 304


def test_stale_validators_get_the_full_body(feedserver: FeedServer) -> None:
    url = feedserver.route("/g.rss", Route(body=GUARDIAN, etag='"new"'))
    result = fetch(url, validators=Validators(etag='"old"'), policy=policy(feedserver))
    assert result.status == 200
    assert result.body == GUARDIAN


def test_301_sets_permanent_url(feedserver: FeedServer) -> None:
    feedserver.route("/old.rss", Route(status=301, location="/new.rss"))
    new = feedserver.route("/new.rss", Route(body=GUARDIAN))
    result = fetch(feedserver.url("/old.rss"), policy=policy(feedserver))
    assert result.url == new
    assert result.permanent_url == new
    assert result.body == GUARDIAN


def test_308_chain_is_permanent_but_302_anywhere_is_not(feedserver: FeedServer) -> None:
    feedserver.route("/a", Route(status=308, location="/b"))
    feedserver.route("/b", Route(status=301, location="/feed"))
    feedserver.route("/c", Route(status=301, location="/d"))
    feedserver.route("/d", Route(status=302, location="/feed"))
    feed = feedserver.route("/feed", Route(body=HEISE))
    assert fetch(feedserver.url("/a"), policy=policy(feedserver)).permanent_url == feed
    temporary = fetch(feedserver.url("/c"), policy=policy(feedserver))
    assert temporary.url == feed
    assert temporary.permanent_url is None


def test_302_does_not_update_the_url(feedserver: FeedServer) -> None:
    feedserver.route("/moved", Route(status=302, location="/feed"))
    feed = feedserver.route("/feed", Route(body=HEISE))
    result = fetch(feedserver.url("/moved"), policy=policy(feedserver))
    assert result.url == feed
    assert result.permanent_url is None


def test_redirect_loop_is_cut_at_max_redirects(feedserver: FeedServer) -> None:
    feedserver.route("/loop", Route(status=302, location="/loop"))
    with pytest.raises(FetchError) as err:
        fetch(feedserver.url("/loop"), policy=policy(feedserver, max_redirects=3))
    assert err.value.kind == "http"
    assert len(feedserver.requests_to("/loop")) == 4


def test_410_is_gone(feedserver: FeedServer) -> None:
    url = feedserver.route("/dead", Route(status=410, body=b"gone"))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver))
    assert err.value.kind == "gone"
    assert err.value.http_status == 410


@pytest.mark.parametrize("status", [429, 503])
def test_retry_after_seconds(feedserver: FeedServer, status: int) -> None:
    url = feedserver.route("/busy", Route(status=status, headers={"Retry-After": "120"}))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver))
    assert (err.value.kind, err.value.http_status, err.value.retry_after) == ("http", status, 120.0)


def test_retry_after_http_date_is_measured_against_the_server_date(feedserver: FeedServer) -> None:
    url = feedserver.route(
        "/busy",
        Route(
            status=503,
            headers={"Retry-After": "Wed, 21 Oct 2015 07:30:00 GMT", "Date": "Wed, 21 Oct 2015 07:28:00 GMT"},
        ),
    )
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver))
    assert err.value.retry_after == 120.0


@pytest.mark.parametrize("status", [403, 404, 500])
def test_other_errors_are_http_errors_without_retry_after(feedserver: FeedServer, status: int) -> None:
    url = feedserver.route("/err", Route(status=status, body=b"no"))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver))
    assert (err.value.kind, err.value.http_status, err.value.retry_after) == ("http", status, None)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_content_encoding_is_decoded(feedserver: FeedServer, encoding: str) -> None:
    url = feedserver.route("/z", Route(body=GUARDIAN, encoding=encoding))
    result = fetch(url, policy=policy(feedserver))
    assert result.body == GUARDIAN


def test_gzip_file_on_disk_is_served_as_is_and_parsed(feedserver: FeedServer) -> None:
    url = feedserver.serve_file("/compressed.xml", FEEDS / "node-feedparser__compressed.xml")
    result = fetch(url, policy=policy(feedserver))
    assert result.body[:2] == b"\x1f\x8b"  # no Content-Encoding: the bytes are the file
    assert "Бузулуке" in parse_feed(result.body).items[0].title


def test_oversized_body_with_content_length_is_refused_up_front(feedserver: FeedServer) -> None:
    url = feedserver.route("/big", Route(body=GUARDIAN))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver, max_bytes=10_000))
    assert err.value.kind == "too_large"
    assert "151464" in err.value.message


def test_oversized_body_without_content_length_is_cut_while_streaming(feedserver: FeedServer) -> None:
    url = feedserver.route("/big", Route(body=GUARDIAN, send_length=False))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver, max_bytes=10_000))
    assert err.value.kind == "too_large"


def test_endless_body_is_cut(feedserver: FeedServer) -> None:
    url = feedserver.route("/endless", Route(endless=True))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver, max_bytes=200_000))
    assert err.value.kind == "too_large"


def test_limit_counts_decompressed_bytes(feedserver: FeedServer) -> None:
    bomb = b"<rss>" + b" " * 5_000_000 + b"</rss>"
    url = feedserver.route("/bomb", Route(body=bomb, encoding="gzip"))  # ~5 KB on the wire
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver, max_bytes=1_000_000))
    assert err.value.kind == "too_large"


def test_slow_server_times_out(feedserver: FeedServer) -> None:
    url = feedserver.route("/slow", Route(body=HEISE, delay=3))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver, timeout=0.5))
    assert err.value.kind == "timeout"


def test_slow_drip_body_hits_the_total_deadline(feedserver: FeedServer) -> None:
    # Each byte arrives well within the read timeout, but the whole body would take ~20 s.
    url = feedserver.route("/drip", Route(body=HEISE[:2000], drip=0.01))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=policy(feedserver, timeout=1.0, total_timeout=1.0))
    assert err.value.kind == "timeout"


def test_connection_refused_is_a_network_error() -> None:
    with socket.socket() as sock:  # a port that nothing listens on once closed
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError) as err:
        fetch(
            f"http://127.0.0.1:{port}/feed", policy=FetchPolicy(allow_hosts=(f"127.0.0.1:{port}",), timeout=2)
        )
    assert err.value.kind == "network"


def test_unresolvable_host_is_a_network_error() -> None:
    with pytest.raises(FetchError) as err:
        fetch("http://no-such-host.invalid/feed", policy=FetchPolicy(timeout=2))
    assert err.value.kind == "network"
