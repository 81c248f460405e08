"""A loopback HTTP server for fetch and polling tests, with scripted behaviour per path.

    server = FeedServer()             # or the ``feedserver`` fixture (tests/conftest_feedserver.py)
    server.start()
    server.route("/feed.xml", Route(body=data, etag='"v1"', content_type="application/rss+xml"))
    server.route("/old", Route(status=301, location="/feed.xml"))
    fetch(server.url("/old"), policy=FetchPolicy(allow_hosts=server.allow_hosts))
    server.requests_to("/feed.xml")   # what was asked (headers included)
    server.stop()

Behaviours: ETag / Last-Modified validators answered with 304, redirects (any status +
``location``), any status with extra headers (410, 429/503 + Retry-After), gzip / deflate
Content-Encoding, a delay before the answer, a slow drip of the body, an endless body, and no
Content-Length. ``max_concurrent`` records the most requests in flight at once (per-host limit).
"""

from __future__ import annotations

import gzip
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import Message
from functools import lru_cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


@dataclass
class Route:
    """What the server answers on one path."""

    body: bytes = b""
    status: int = 200
    content_type: str | None = "application/xml"
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    location: str | None = None
    encoding: str | None = None  # "gzip" or "deflate"
    delay: float = 0.0  # seconds before the status line
    drip: float = 0.0  # seconds between body chunks of ``drip_size`` bytes
    drip_size: int = 1
    endless: bool = False  # stream body chunks forever (no Content-Length)
    send_length: bool = True  # False: no Content-Length, body ends when the connection closes
    hold: float = 0.0  # seconds to keep the request in flight (counted as concurrent)


@dataclass
class Seen:
    """One request the server received; ``headers`` is looked up case-insensitively."""

    path: str
    headers: Message


class FeedServer:
    """A ThreadingHTTPServer on 127.0.0.1 (free port) in a daemon thread."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.seen: list[Seen] = []
        self.in_flight = 0
        self.max_concurrent = 0
        self._lock = threading.Lock()
        self._httpd = _QuietServer(("127.0.0.1", 0), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.02,), daemon=True)

    @property
    def port(self) -> int:
        return int(self._httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def allow_hosts(self) -> tuple[str, ...]:
        """Pass as ``FetchPolicy(allow_hosts=...)`` so that the SSRF guard lets this server (its
        exact host:port, as an operator allows one internal source) through."""
        return (f"127.0.0.1:{self.port}", f"localhost:{self.port}")

    def url(self, path: str) -> str:
        return self.base_url + path

    def route(self, path: str, route: Route) -> str:
        """Serve ``route`` on ``path``; returns the full URL."""
        self.routes[path] = route
        return self.url(path)

    def serve_file(self, path: str, file: Path | str, **route: Any) -> str:
        """Serve the bytes of ``file`` on ``path`` (extra Route fields as keywords)."""
        return self.route(path, Route(body=Path(file).read_bytes(), **route))

    def requests_to(self, path: str) -> list[Seen]:
        with self._lock:
            return [seen for seen in self.seen if seen.path == path]

    def start(self) -> FeedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> FeedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _enter(self, seen: Seen) -> None:
        with self._lock:
            self.seen.append(seen)
            self.in_flight += 1
            self.max_concurrent = max(self.max_concurrent, self.in_flight)

    def _leave(self) -> None:
        with self._lock:
            self.in_flight -= 1


class _QuietServer(ThreadingHTTPServer):
    """Clients that hang up early (timeouts, size limits) are expected here, not errors."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], ConnectionError | TimeoutError):
            super().handle_error(request, client_address)


def _handler_for(server: FeedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # headers and body go in separate writes: no 40 ms stalls

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            server._enter(Seen(path=path, headers=self.headers))
            left = False

            def leave() -> None:  # before the last bytes go out: once the client holds the whole
                nonlocal left  # answer it may send its next request, which must not find this
                if not left:  # one still counted in flight (a 2-core CI run saw 2 for a limit of 1)
                    left = True
                    server._leave()

            try:
                _answer(self, server.routes.get(path), leave)
            except (BrokenPipeError, ConnectionResetError):
                pass
            finally:
                leave()

    return Handler


def _answer(handler: BaseHTTPRequestHandler, route: Route | None, leave: Callable[[], None]) -> None:
    if route is None:
        route = Route(status=404, body=b"not found", content_type="text/plain")
    time.sleep(route.delay + route.hold)
    if _not_modified(handler, route):
        handler.send_response(304)
        _validator_headers(handler, route)
        handler.send_header("Content-Length", "0")
        leave()
        handler.end_headers()
        return
    body = _encode(route.body, route.encoding)
    handler.log_request(route.status)
    handler.send_response_only(route.status)
    if "date" not in {name.lower() for name in route.headers}:
        handler.send_header("Date", handler.date_time_string())
    if route.content_type:
        handler.send_header("Content-Type", route.content_type)
    if route.location:
        handler.send_header("Location", route.location)
    if route.encoding:
        handler.send_header("Content-Encoding", route.encoding)
    for name, value in route.headers.items():
        handler.send_header(name, value)
    _validator_headers(handler, route)
    if route.endless or not route.send_length:
        handler.send_header("Connection", "close")
        handler.close_connection = True
    else:
        handler.send_header("Content-Length", str(len(body)))
    if not body and not route.endless:
        leave()
    handler.end_headers()
    _write_body(handler, route, body, leave)


def _not_modified(handler: BaseHTTPRequestHandler, route: Route) -> bool:
    if route.status != 200:
        return False
    etag_hit = route.etag is not None and handler.headers.get("If-None-Match") == route.etag
    date_hit = (
        route.last_modified is not None and handler.headers.get("If-Modified-Since") == route.last_modified
    )
    return etag_hit or date_hit


def _validator_headers(handler: BaseHTTPRequestHandler, route: Route) -> None:
    if route.etag:
        handler.send_header("ETag", route.etag)
    if route.last_modified:
        handler.send_header("Last-Modified", route.last_modified)


@lru_cache(maxsize=64)
def _encode(body: bytes, encoding: str | None) -> bytes:
    """Body as sent on the wire (cached: compressing a large feed on every request would make
    the server, not the client, the thing a benchmark measures)."""
    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    return body


def _write_body(
    handler: BaseHTTPRequestHandler, route: Route, body: bytes, leave: Callable[[], None]
) -> None:
    if route.endless:
        chunk = body or b"<item>" * 1024
        while True:
            handler.wfile.write(chunk)
            handler.wfile.flush()
            if route.drip:
                time.sleep(route.drip)
    if not route.drip:
        leave()
        handler.wfile.write(body)
        return
    for start in range(0, len(body), route.drip_size):
        if start + route.drip_size >= len(body):
            leave()
        handler.wfile.write(body[start : start + route.drip_size])
        handler.wfile.flush()
        time.sleep(route.drip)
