"""Bounded requests, over real HTTP: bodies over the route's limit are refused with 413 in the
one error shape (declared or streamed), over-sized articles with 422, integers outside the
database's range with 422 (404 in a path; never 500), and the server's memory stays under a stated cap."""

from __future__ import annotations

import json
import socket

import httpx
import pytest

from mynews.services.context import Context
from mynews.services.ingestion.push import create_push_source
from mynews.services.readers import accounts
from tests.conftest import LiveServer
from tests.memory import peak_growth_mb

CAP_MB = 120


def raw_post(
    server: LiveServer, path: str, headers: dict[str, str], body: bytes = b"", chunked_mb: int = 0
) -> tuple[int, dict]:
    """POST over a plain socket: a declared length without sending it, or ``chunked_mb`` MB of a
    chunked body sent until the server answers (a client that never stops sending)."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=30) as sock:
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        sock.sendall((head + "\r\n").encode() + body)
        if chunked_mb:
            chunk = b"x" * 65536
            try:
                for _ in range(chunked_mb * 16):
                    sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
            except (BrokenPipeError, ConnectionResetError):
                pass  # the server answered and hung up: what we want
        data = b""
        while b"\r\n\r\n" not in data or len(data.split(b"\r\n\r\n", 1)[1]) < 10:
            part = sock.recv(65536)
            if not part:
                break
            data += part
    status = int(data.split(b" ", 2)[1])
    payload = data.split(b"\r\n\r\n", 1)[1]
    if b"\r\n" in payload[:8]:  # chunked answer
        payload = payload.split(b"\r\n", 1)[1].rsplit(b"\r\n0\r\n", 1)[0]
    return status, json.loads(payload.split(b"\r\n")[0]) if payload.startswith(b"{") else {}


@pytest.fixture
def tokens(ctx: Context) -> dict[str, str]:
    _, push = create_push_source(ctx, "Limits", hosts=["limits.example"])
    accounts.sign_up(ctx, "limits@example.org", "correct horse battery")
    reader = accounts.sign_in(ctx, "limits@example.org", "correct horse battery")[0]
    _, personal = accounts.create_token(ctx, reader.id, "t")
    return {"push": push, "reader": personal}


@pytest.mark.parametrize(
    ("path", "token", "megabytes"),
    [
        ("/api/v1/articles", "push", 51),
        ("/api/v1/articles/batch", "push", 51),
        ("/api/v1/signals", "reader", 50),
    ],
)
def test_a_declared_huge_body_is_refused_before_it_is_read(
    live_app: LiveServer, tokens: dict[str, str], path: str, token: str, megabytes: int
) -> None:
    headers = {
        "Authorization": f"Bearer {tokens[token]}",
        "Content-Type": "application/json",
        "Content-Length": str(megabytes * 1_000_000),
    }
    (status, body), growth = peak_growth_mb(lambda: raw_post(live_app, path, headers))
    print(f"{path} declared {megabytes} MB: {status}, peak growth {growth:.1f} MB")
    assert status == 413 and body["error"]["code"] == "too_large"
    assert growth < CAP_MB


@pytest.mark.parametrize(("path", "token"), [("/api/v1/articles", "push"), ("/api/v1/signals", "reader")])
def test_a_streamed_huge_body_is_cut_off_at_the_limit(
    live_app: LiveServer, tokens: dict[str, str], path: str, token: str
) -> None:
    headers = {
        "Authorization": f"Bearer {tokens[token]}",
        "Content-Type": "application/json",
        "Transfer-Encoding": "chunked",
    }
    (status, body), growth = peak_growth_mb(lambda: raw_post(live_app, path, headers, chunked_mb=51))
    print(f"{path} streamed: {status}, peak growth {growth:.1f} MB")
    assert status == 413 and body["error"]["code"] == "too_large"
    assert growth < CAP_MB


def test_an_article_over_its_caps_is_refused_and_nothing_is_stored(
    ctx: Context, live_app: LiveServer, tokens: dict[str, str]
) -> None:
    auth = {"Authorization": f"Bearer {tokens['push']}"}
    base = {"id": "a", "url": "https://limits.example/a", "title": "Title", "text": "Body."}
    with httpx.Client(base_url=live_app.url, headers=auth, timeout=60) as client:
        many_tags, growth = peak_growth_mb(
            lambda: client.post("/api/v1/articles", json=base | {"tags": [f"t{n}" for n in range(100_000)]})
        )
        print(f"100k tags: {many_tags.status_code}, peak growth {growth:.1f} MB")
        assert many_tags.status_code == 422 and many_tags.json()["error"]["code"] == "limit_exceeded"
        assert growth < CAP_MB
        big = client.post("/api/v1/articles", json=base | {"html": "<p>" + "x" * 1_500_000 + "</p>"})
        assert big.status_code == 422 and "html bytes" in big.json()["error"]["message"]
        # A batch whose last article is refused stores none of the others (all or nothing).
        batch = [base | {"id": f"b{n}", "url": f"https://limits.example/b{n}"} for n in range(3)]
        batch.append(base | {"id": "foreign", "url": "https://elsewhere.example/x"})
        refused = client.post("/api/v1/articles/batch", json={"articles": batch})
        assert refused.status_code == 403 and refused.json()["error"]["code"] == "host_not_registered"
        missing = client.post("/api/v1/articles/batch", json={"articles": [*batch[:3], {"title": "no id"}]})
        assert missing.status_code == 400
        assert client.get("/api/v1/articles").json()["items"] == []


BIG = str(2**63)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/api/v1/articles?source_id={BIG}"),
        ("GET", f"/api/v1/articles/{BIG}"),
        ("GET", f"/api/v1/articles?limit={BIG}"),
        ("GET", f"/api/v1/search?q=x&offset={BIG}"),
        ("GET", f"/api/v1/stories/{BIG}"),
        ("GET", f"/api/v1/stories?min_size={BIG}"),
        ("PUT", f"/api/v1/saved/{BIG}"),
        ("DELETE", f"/api/v1/history/{BIG}"),
        ("DELETE", f"/api/v1/tokens/{BIG}"),
        ("GET", f"/articles/{BIG}"),
        ("GET", "/api/v1/articles/-1"),
        ("GET", "/api/v1/search?q=x&offset=-5"),
    ],
)
def test_integers_outside_the_database_range_are_refused_never_500(
    live_app: LiveServer, tokens: dict[str, str], method: str, path: str
) -> None:
    """Out of range in a query is 422; in a path it names nothing, so 404 (http/errors.py)."""
    auth = {"Authorization": f"Bearer {tokens['reader']}", "Accept": "application/json"}
    response = httpx.request(method, live_app.url + path, headers=auth)
    expected = (422, "invalid_request") if "?" in path else (404, "not_found")
    assert (response.status_code, response.json()["error"]["code"]) == expected, (path, response.text[:200])


def test_integers_in_bodies_are_422(live_app: LiveServer, tokens: dict[str, str]) -> None:
    auth = {"Authorization": f"Bearer {tokens['reader']}"}
    for body in (
        '{"article_id": 9223372036854775808, "kind": "open"}',
        '{"article_id": 2147483648, "kind": "open"}',
        '{"article_id": 1, "kind": "read", "value": Infinity}',  # Python's JSON reader takes these
        '{"article_id": 1, "kind": "read", "value": NaN}',
    ):
        headers = auth | {"Content-Type": "application/json"}
        response = httpx.post(f"{live_app.url}/api/v1/signals", content=body, headers=headers)
        assert response.status_code == 422, (body, response.text[:200])
