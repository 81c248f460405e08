"""The SSRF guard: addresses refused after DNS, after every redirect, and at connect time."""

from __future__ import annotations

import ipaddress
import socket

import pytest

from mynews.core.errors import FetchError
from mynews.ingest.address_guard import blocked_reason, check_url, resolve_checked
from mynews.ingest.fetch import FetchPolicy, GuardedBackend, fetch
from tests.feedserver import FeedServer, Route

BLOCKED = [
    ("127.0.0.1", "loopback"),
    ("127.8.9.10", "loopback"),
    ("10.0.0.1", "private"),
    ("172.16.5.4", "private"),
    ("192.168.1.1", "private"),
    ("169.254.169.254", "cloud metadata"),
    ("169.254.10.1", "link-local"),
    ("100.64.0.1", "carrier-grade NAT"),
    ("100.100.100.200", "carrier-grade NAT"),  # Alibaba Cloud metadata
    ("0.0.0.0", "unspecified"),
    ("224.0.0.251", "multicast"),
    ("240.0.0.1", "private"),
    ("::1", "loopback"),
    ("::", "unspecified"),
    ("fe80::1", "link-local"),
    ("fd12:3456::1", "private"),
    ("fd00:ec2::254", "cloud metadata"),
    ("ff02::1", "multicast"),
    ("::ffff:127.0.0.1", "loopback (embedded in IPv6)"),
    ("::ffff:169.254.169.254", "cloud metadata (embedded in IPv6)"),
    ("2002:c0a8:101::1", "private (embedded in IPv6)"),  # 6to4 of 192.168.1.1
    ("64:ff9b::a00:1", "private (embedded in IPv6)"),  # NAT64 of 10.0.0.1
]
PUBLIC = ["93.184.216.34", "8.8.8.8", "151.101.1.111", "2606:4700:4700::1111", "::ffff:8.8.8.8"]


@pytest.mark.parametrize(("address", "reason"), BLOCKED)
def test_non_public_addresses_are_blocked(address: str, reason: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_pass(address: str) -> None:
    assert blocked_reason(ipaddress.ip_address(address)) is None


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/feed",
        "http://localhost:8080/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data/",
        "http://2130706433/",  # 127.0.0.1 as one decimal number
        "http://0x7f.1/",  # 127.0.0.1 in hex shorthand
        "http://10.1.2.3:22/",
        "file:///etc/passwd",
        "ftp://example.org/feed",
        "gopher://127.0.0.1:6379/_INFO",
        "javascript:alert(1)",
        "http:///nohost",
    ],
)
def test_check_url_refuses(url: str) -> None:
    with pytest.raises(FetchError) as err:
        check_url(url, ())
    assert err.value.kind == "blocked"


def test_an_allowance_lets_exactly_one_host_and_port_through() -> None:
    check_url("http://localhost:8080/feed", ("localhost:8080",))
    check_url("http://127.0.0.1:8080/feed", ("127.0.0.1:8080",))
    check_url("http://LOCALHOST:8080/other/page", ("localhost:8080",))
    check_url("http://127.0.0.1/feed", ("127.0.0.1:80",))
    assert "127.0.0.1" in resolve_checked("localhost", 80, ("localhost:80",))
    for url in (
        "http://127.0.0.1:8080/feed",  # allowing a name is not allowing the IP
        "http://localhost:8081/feed",  # nor another port
        "http://localhost/feed",
        "https://localhost:8443/feed",
    ):
        with pytest.raises(FetchError):
            check_url(url, ("localhost:8080",))
    check_url("http://[::1]:8080/feed", ("[::1]:8080",))
    with pytest.raises(FetchError):
        check_url("http://[::1]:8081/feed", ("[::1]:8080",))


def test_without_allow_hosts_loopback_server_is_blocked(feedserver: FeedServer) -> None:
    url = feedserver.route("/feed", Route(body=b"<rss/>"))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=FetchPolicy())
    assert err.value.kind == "blocked"
    assert feedserver.seen == []  # refused before any byte was sent


def test_redirect_to_a_blocked_address_is_refused(feedserver: FeedServer) -> None:
    # The loopback server itself is allowed by IP, but it redirects to an address that is not.
    feedserver.route("/r1", Route(status=302, location="http://169.254.169.254/latest/meta-data/"))
    feedserver.route("/r2", Route(status=301, location="http://127.0.0.2:1/admin"))
    only_ip = FetchPolicy(allow_hosts=(f"127.0.0.1:{feedserver.port}",), timeout=2)
    for path in ("/r1", "/r2"):
        with pytest.raises(FetchError) as err:
            fetch(feedserver.url(path), policy=only_ip)
        assert err.value.kind == "blocked"


def test_redirect_to_another_scheme_is_refused(feedserver: FeedServer) -> None:
    feedserver.route("/r", Route(status=302, location="file:///etc/passwd"))
    with pytest.raises(FetchError) as err:
        fetch(feedserver.url("/r"), policy=FetchPolicy(allow_hosts=feedserver.allow_hosts))
    assert err.value.kind == "blocked"


def test_connect_time_check_refuses_what_resolves_to_loopback(feedserver: FeedServer) -> None:
    # The network backend resolves and checks again when it dials, and dials the checked IP:
    # this is what stops a DNS answer that changes after check_url (DNS rebinding).
    with pytest.raises(FetchError) as err:
        GuardedBackend(()).connect_tcp("localhost", feedserver.port, timeout=2)
    assert err.value.kind == "blocked"
    with pytest.raises(FetchError):
        GuardedBackend((f"localhost:{feedserver.port + 1}",)).connect_tcp(
            "localhost", feedserver.port, timeout=2
        )
    stream = GuardedBackend((f"localhost:{feedserver.port}",)).connect_tcp(
        "localhost", feedserver.port, timeout=2
    )
    stream.close()


def test_fetch_dials_through_the_guarded_backend(
    feedserver: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With the up-front check switched off, the connect-time check alone still refuses loopback:
    # proof that the client really connects through GuardedBackend.
    monkeypatch.setattr("mynews.ingest.fetch.check_url", lambda url, allow_hosts: None)
    url = feedserver.route("/feed", Route(body=b"<rss/>"))
    with pytest.raises(FetchError) as err:
        fetch(url, policy=FetchPolicy(timeout=2))
    assert err.value.kind == "blocked"
    assert feedserver.seen == []


def test_dns_rebinding_between_check_and_connect_is_refused(
    feedserver: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A resolver that answers with a public address first, then with loopback (the rebinding
    # attack): the check passes, but the connection is only ever made to a checked address.
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1", "127.0.0.1"])

    def rebinding(host: str, port: int, *args: object, **kw: object) -> list:
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr("mynews.ingest.address_guard.socket.getaddrinfo", rebinding)
    feedserver.route("/feed", Route(body=b"<rss/>"))
    with pytest.raises(FetchError) as err:
        fetch(f"http://rebind.example:{feedserver.port}/feed", policy=FetchPolicy(timeout=2))
    assert err.value.kind == "blocked"
    assert feedserver.seen == []


def test_the_connection_goes_to_the_checked_address_not_a_fresh_lookup(
    feedserver: FeedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Both checks see a public address; any later lookup would say loopback. Dialling the name
    # again would reach the loopback server; dialling the checked address never does.
    answers = iter(["93.184.216.34", "93.184.216.34"])

    def rebinding(host: str, port: int, *args: object, **kw: object) -> list:
        literal = host.replace(".", "").isdigit()  # like the real resolver, IPs map to themselves
        address = host if literal else next(answers, "127.0.0.1")
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr("mynews.ingest.address_guard.socket.getaddrinfo", rebinding)
    feedserver.route("/feed", Route(body=b"<rss/>"))
    with pytest.raises(FetchError) as err:
        fetch(f"http://rebind.example:{feedserver.port}/feed", policy=FetchPolicy(timeout=1))
    assert err.value.kind in ("network", "timeout")  # 93.184.216.34 is not reachable from here
    assert feedserver.seen == []
