"""Fetching over HTTP: the only module that imports httpx.

``fetch`` does one conditional GET, following redirects itself hop by hop so that every hop
passes the SSRF guard; the connection itself goes through a network backend that resolves,
checks and dials the checked address (no DNS rebinding between check and connect). Bodies are
streamed and decompressed by bounded decoders (``ingest.decompress``: gzip, deflate, br),
counted against ``max_bytes`` on the wire and after decompression, with a ratio cap against
compression bombs; a total deadline stops a slow-drip server. Failures raise ``FetchError`` with a ``kind`` the caller can act on.
``fetch_many`` runs several fetches on threads, at most ``max_per_host`` at once per host.
"""

from __future__ import annotations

import threading
import time
import zlib
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from mynews.core.clock import Clock
from mynews.core.errors import FetchError
from mynews.core.fetching import FetchResult, Validators
from mynews.ingest.address_guard import check_url, resolve_checked
from mynews.ingest.decompress import Inflater, TooLarge, supported_encodings
from mynews.ingest.retry_after import parse_retry_after

if TYPE_CHECKING:
    from mynews.core.settings import Settings

DEFAULT_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, "
    "text/xml;q=0.9, application/json;q=0.8, text/html;q=0.7, */*;q=0.1"
)
REDIRECTS = (301, 302, 303, 307, 308)
PERMANENT = (301, 308)


@dataclass(frozen=True)
class FetchPolicy:
    """How to fetch. ``timeout`` bounds connect and each read; ``total_timeout`` (default: the
    same as ``timeout``) bounds the whole fetch including redirects and a slow body."""

    timeout: float = 20.0
    total_timeout: float | None = None
    max_bytes: int = 10_000_000
    max_ratio: float = 100.0
    max_redirects: int = 5
    user_agent: str = "mynews/0.1 (+https://github.com/mynews)"
    allow_hosts: tuple[str, ...] = ()  # "host:port" endpoints let through the SSRF guard
    accept: str = DEFAULT_ACCEPT
    max_per_host: int = 2

    @classmethod
    def from_settings(cls, settings: Settings, **overrides: Any) -> FetchPolicy:
        values: dict[str, Any] = {
            "timeout": settings.fetch_timeout,
            "max_bytes": settings.fetch_max_bytes,
            "max_ratio": settings.fetch_max_ratio,
            "max_redirects": settings.fetch_max_redirects,
            "user_agent": settings.fetch_user_agent,
            "max_per_host": settings.fetch_max_per_host,
        }
        return cls(**(values | overrides))

    @property
    def deadline_seconds(self) -> float:
        return self.total_timeout if self.total_timeout is not None else self.timeout


class HostLimiter:
    """At most ``max_per_host`` requests in flight per host; share one across threads."""

    def __init__(self, max_per_host: int = 2) -> None:
        self.max_per_host = max(1, max_per_host)
        self._lock = threading.Lock()
        self._slots: dict[str, threading.BoundedSemaphore] = {}

    @contextmanager
    def slot(self, host: str) -> Iterator[None]:
        with self._lock:
            semaphore = self._slots.setdefault(host.lower(), threading.BoundedSemaphore(self.max_per_host))
        with semaphore:
            yield


def fetch(
    url: str,
    *,
    validators: Validators | None = None,
    policy: FetchPolicy | None = None,
    limiter: HostLimiter | None = None,
    client: httpx.Client | None = None,
    clock: Clock | None = None,
) -> FetchResult:
    """GET ``url`` under ``policy``; returns a FetchResult (200, or 304 with an empty body).

    Raises FetchError with kind blocked, timeout, too_large, http, gone or network.
    """
    policy = policy or FetchPolicy()
    if client is None:
        with make_client(policy) as own:
            return _fetch(url, validators, policy, limiter, own, clock or Clock())
    return _fetch(url, validators, policy, limiter, client, clock or Clock())


def fetch_many(
    requests: Sequence[tuple[str, Validators | None]],
    *,
    policy: FetchPolicy | None = None,
    limiter: HostLimiter | None = None,
    max_workers: int = 8,
) -> list[FetchResult | FetchError]:
    """Fetch several URLs on threads (per-host limit from ``policy`` or ``limiter``); the
    results come back in order, a FetchError in place of each failed fetch."""
    policy = policy or FetchPolicy()
    limiter = limiter or HostLimiter(policy.max_per_host)

    with make_client(policy) as client:

        def one(request: tuple[str, Validators | None]) -> FetchResult | FetchError:
            try:
                return fetch(request[0], validators=request[1], policy=policy, limiter=limiter, client=client)
            except FetchError as exc:
                return exc

        with ThreadPoolExecutor(max_workers=max(1, max_workers)) as pool:
            return list(pool.map(one, requests))


def make_client(policy: FetchPolicy) -> httpx.Client:
    """An httpx client whose connections are dialled only to addresses the guard accepted."""
    return httpx.Client(
        transport=GuardedTransport(policy.allow_hosts),
        timeout=httpx.Timeout(policy.timeout),
        follow_redirects=False,
        trust_env=False,
        headers={
            "User-Agent": policy.user_agent,
            "Accept": policy.accept,
            "Accept-Encoding": ", ".join(supported_encodings()),
        },
    )


class GuardedBackend(httpcore.NetworkBackend):
    """Resolves and checks the host at connect time, then dials the checked address."""

    def __init__(self, allow_hosts: tuple[str, ...]) -> None:
        self.allow_hosts = allow_hosts
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for address in resolve_checked(host, port, self.allow_hosts):
            try:
                return self._inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        raise last or httpcore.ConnectError(f"no address for {host}")

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        raise FetchError("unix sockets are not fetched", kind="blocked")

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class GuardedTransport(httpx.HTTPTransport):
    """httpx transport whose connection pool uses ``GuardedBackend`` (and no proxies)."""

    def __init__(self, allow_hosts: tuple[str, ...]) -> None:
        super().__init__(trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=100,
            max_keepalive_connections=20,
            keepalive_expiry=5.0,
            network_backend=GuardedBackend(allow_hosts),
        )


@dataclass(frozen=True)
class _Hop:
    """One HTTP exchange: a final response (body read) or a redirect (``location`` set)."""

    status: int
    headers: httpx.Headers
    body: bytes = b""
    location: str | None = None


def _fetch(
    url: str,
    validators: Validators | None,
    policy: FetchPolicy,
    limiter: HostLimiter | None,
    client: httpx.Client,
    clock: Clock,
) -> FetchResult:
    started = time.monotonic()
    deadline = started + policy.deadline_seconds
    current, permanent = url, True
    for _ in range(policy.max_redirects + 1):
        check_url(current, policy.allow_hosts)
        host = urlsplit(current).hostname or ""
        with limiter.slot(host) if limiter else _no_limit():
            hop = _exchange(client, current, validators, policy, deadline)
        if hop.location is None:
            _raise_for_status(hop, clock)
            moved = current if permanent and current != url else None
            return _result(hop, current, moved, validators, time.monotonic() - started)
        permanent = permanent and hop.status in PERMANENT
        current = urljoin(current, hop.location)
    raise FetchError(f"more than {policy.max_redirects} redirects", kind="http")


@contextmanager
def _no_limit() -> Iterator[None]:
    yield


def _exchange(
    client: httpx.Client, url: str, validators: Validators | None, policy: FetchPolicy, deadline: float
) -> _Hop:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(f"gave up after {policy.deadline_seconds:g}s", kind="timeout")
    timeout = httpx.Timeout(min(policy.timeout, remaining))
    try:
        with client.stream("GET", url, headers=_conditional(validators), timeout=timeout) as response:
            location = response.headers.get("location")
            if response.status_code in REDIRECTS and location:
                return _Hop(response.status_code, response.headers, location=location.strip())
            wanted = 200 <= response.status_code < 300  # error pages and 304s are not read
            body = _read_body(response, policy, deadline) if wanted else b""
            return _Hop(response.status_code, response.headers, body)
    except httpx.TimeoutException as exc:
        raise FetchError(f"timed out fetching {url}", kind="timeout") from exc
    except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
        raise FetchError(f"invalid URL {url!r}: {exc}", kind="blocked") from exc
    except httpx.HTTPError as exc:
        raise FetchError(f"network error fetching {url}: {exc}", kind="network") from exc


def _conditional(validators: Validators | None) -> dict[str, str]:
    headers: dict[str, str] = {}
    if validators and validators.etag:
        headers["If-None-Match"] = validators.etag
    if validators and validators.last_modified:
        headers["If-Modified-Since"] = validators.last_modified
    return headers


def _read_body(response: httpx.Response, policy: FetchPolicy, deadline: float) -> bytes:
    """The body, decompressed as it streams in by our bounded decoders (``ingest.decompress``):
    never more than ``max_bytes`` out, nor ``max_ratio`` times what came over the wire."""
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise FetchError(f"body of {declared} bytes exceeds {policy.max_bytes}", kind="too_large")
    raw = _timed(response.iter_raw(), policy, deadline)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in _decoded(raw, _inflaters(response, policy)):
            size += len(chunk)
            if size > policy.max_bytes:
                raise FetchError(f"body exceeds {policy.max_bytes} bytes", kind="too_large")
            chunks.append(chunk)
    except TooLarge as exc:
        raise FetchError(str(exc), kind="too_large") from exc
    except (zlib.error, ValueError) as exc:
        raise FetchError(f"broken compressed body: {exc}", kind="http") from exc
    return b"".join(chunks)


def _timed(chunks: Iterator[bytes], policy: FetchPolicy, deadline: float) -> Iterator[bytes]:
    """The raw body as it arrives: bounded in bytes on the wire and in time."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
        if size > policy.max_bytes:
            raise FetchError(f"body exceeds {policy.max_bytes} bytes", kind="too_large")
        if time.monotonic() > deadline:
            raise FetchError(f"gave up after {policy.deadline_seconds:g}s reading the body", kind="timeout")
        yield chunk


def _inflaters(response: httpx.Response, policy: FetchPolicy) -> list[Inflater]:
    """One decoder per Content-Encoding, in the order they must be undone."""
    names = [n.strip().lower() for n in response.headers.get("content-encoding", "").split(",")]
    names = [n for n in names if n and n != "identity"]
    for name in names:
        if name not in (*supported_encodings(), "x-gzip"):
            raise FetchError(f"unsupported content encoding {name!r}", kind="http")
    return [Inflater(n, max_bytes=policy.max_bytes, max_ratio=policy.max_ratio) for n in reversed(names)]


def _decoded(chunks: Iterator[bytes], inflaters: list[Inflater]) -> Iterator[bytes]:
    for inflater in inflaters:
        chunks = _through(chunks, inflater)
    return chunks


def _through(chunks: Iterator[bytes], inflater: Inflater) -> Iterator[bytes]:
    for chunk in chunks:
        yield from inflater.feed(chunk)


def _raise_for_status(hop: _Hop, clock: Clock) -> None:
    status = hop.status
    if 200 <= status < 300 or status == 304:
        return
    if status == 410:
        raise FetchError("gone (HTTP 410)", kind="gone", http_status=410)
    retry_after = None
    if status in (429, 503):
        retry_after = parse_retry_after(hop.headers.get("retry-after"), hop.headers.get("date"), clock.now())
    raise FetchError(f"HTTP {status}", kind="http", http_status=status, retry_after=retry_after)


def _result(
    hop: _Hop, url: str, permanent_url: str | None, sent: Validators | None, elapsed: float
) -> FetchResult:
    etag = hop.headers.get("etag")
    last_modified = hop.headers.get("last-modified")
    if hop.status == 304 and sent:  # a 304 may omit validators: keep the ones we sent
        etag = etag or sent.etag
        last_modified = last_modified or sent.last_modified
    return FetchResult(
        url=url,
        status=hop.status,
        body=hop.body,
        content_type=hop.headers.get("content-type"),
        validators=Validators(etag=etag, last_modified=last_modified),
        permanent_url=permanent_url,
        elapsed=elapsed,
    )
