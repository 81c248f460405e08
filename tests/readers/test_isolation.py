"""One reader never sees or changes another's follows, history, saved articles or tokens — tried
through the JSON API and the pages of the real app on loopback; CSRF and the admin role."""

from __future__ import annotations

import httpx

from tests.conftest import LiveServer
from tests.readers.news import api, csrf_of, sign_up


def _two_readers(live_app: LiveServer, news: dict[str, list[int]]):  # type: ignore[no-untyped-def]
    ada, bob = sign_up(live_app.url, "ada@example.org"), sign_up(live_app.url, "bob@example.org")
    ada_api, bob_api = api(live_app.url, ada.token("ada's phone")), api(live_app.url, bob.token())
    topic = max(news, key=lambda k: len(news[k]))
    article = news[topic][0]
    assert ada_api.put("/api/v1/follows", json={"kind": "topic", "key": topic}).status_code == 200
    assert ada_api.put(f"/api/v1/saved/{article}").status_code == 204
    assert ada_api.post("/api/v1/signals", json={"article_id": article, "kind": "open"}).status_code == 204
    return ada, bob, ada_api, bob_api, topic, article


def test_the_api_keeps_readers_apart(live_app: LiveServer, news: dict[str, list[int]]) -> None:
    _ada, _bob, ada_api, bob_api, topic, article = _two_readers(live_app, news)
    assert bob_api.get("/api/v1/follows").json() == []
    assert bob_api.get("/api/v1/saved").json()["items"] == []
    assert bob_api.get("/api/v1/history").json()["items"] == []
    assert bob_api.get("/api/v1/me").json()["email"] == "bob@example.org"

    ada_token_id = ada_api.get("/api/v1/tokens").json()[0]["id"]
    assert [t["name"] for t in bob_api.get("/api/v1/tokens").json()] == ["tests"]
    assert bob_api.delete(f"/api/v1/tokens/{ada_token_id}").status_code == 404
    assert bob_api.delete(f"/api/v1/follows/topic/{topic}").status_code == 404
    # Deleting "history" or "saved" as Bob only ever touches Bob's rows.
    assert bob_api.delete(f"/api/v1/history/{article}").status_code == 204
    assert bob_api.delete("/api/v1/history").status_code == 204
    assert bob_api.delete(f"/api/v1/saved/{article}").status_code == 204

    assert [f["key"] for f in ada_api.get("/api/v1/follows").json()] == [topic]
    assert [i["article_id"] for i in ada_api.get("/api/v1/saved").json()["items"]] == [article]
    assert [i["article_id"] for i in ada_api.get("/api/v1/history").json()["items"]] == [article]
    assert ada_api.get("/api/v1/me").status_code == 200  # Ada's token survived Bob's attempt


def test_the_pages_keep_readers_apart(live_app: LiveServer, news: dict[str, list[int]]) -> None:
    ada, bob, ada_api, _bob_api, topic, article = _two_readers(live_app, news)
    ada_token_id = ada_api.get("/api/v1/tokens").json()[0]["id"]
    settings = bob.client.get("/settings").text
    assert "ada&#39;s phone" not in settings and "ada's phone" not in settings
    assert news[topic] and f'value="{topic}"' not in settings
    assert f'href="/read/{article}"' not in bob.client.get("/saved").text
    assert f'href="/read/{article}"' not in bob.client.get("/history").text
    assert bob.post(f"/settings/tokens/{ada_token_id}/revoke", {}).status_code == 404
    assert bob.post("/follows/remove", {"kind": "topic", "key": topic}).status_code == 404
    assert ada_api.get("/api/v1/me").status_code == 200
    assert f'href="/read/{article}"' in ada.client.get("/saved").text


def test_without_credentials_nothing_is_served(live_app: LiveServer, news: dict[str, list[int]]) -> None:
    anonymous = httpx.Client(base_url=live_app.url)
    home = anonymous.get("/")  # a visitor gets Top stories, without actions
    assert home.status_code == 200 and "<h1>Top stories</h1>" in home.text
    assert home.text.count('<li class="story') == 12 and "Fewer like this" not in home.text
    for path in ("/api/v1/me", "/api/v1/feed/for-you", "/api/v1/follows", "/api/v1/saved", "/api/v1/history"):
        response = anonymous.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"]["code"] == "unauthorized"
    bad = api(live_app.url, "mnt_not-a-token")
    assert bad.get("/api/v1/me").json()["error"]["code"] == "bad_token"
    assert anonymous.get("/saved", follow_redirects=False).headers["location"] == "/signin?next=/saved"


def test_forms_and_cookie_api_calls_need_the_csrf_token(
    live_app: LiveServer, news: dict[str, list[int]]
) -> None:
    ada = sign_up(live_app.url, "ada@example.org")
    topic = next(iter(news))
    no_token = ada.client.post("/follows", data={"kind": "topic", "key": topic})
    assert no_token.status_code == 403
    forged = ada.client.post("/follows", data={"kind": "topic", "key": topic, "csrf_token": "forged"})
    assert forged.status_code == 403
    other_browser = csrf_of(httpx.Client(base_url=live_app.url).get("/signin").text)
    stolen = ada.client.post("/follows", data={"kind": "topic", "key": topic, "csrf_token": other_browser})
    assert stolen.status_code == 403
    cookie_api = ada.client.put("/api/v1/follows", json={"kind": "topic", "key": topic})
    assert cookie_api.status_code == 403 and cookie_api.json()["error"]["code"] == "csrf_failed"
    assert ada.client.get("/api/v1/follows").json() == []
    assert ada.post("/follows", {"kind": "topic", "key": topic}).status_code == 303
    with_header = ada.client.put(
        "/api/v1/follows",
        json={"kind": "topic", "key": topic, "muted": True},
        headers={"x-csrf-token": ada.csrf()},
    )
    assert with_header.status_code == 200 and with_header.json()["muted"] is True


def test_operator_pages_need_an_admin(live_app: LiveServer) -> None:
    assert httpx.Client(base_url=live_app.url).get("/admin/sources").status_code == 401
    admin = sign_up(live_app.url, "operator@example.org")  # the first reader is the operator
    reader = sign_up(live_app.url, "reader@example.org")
    assert admin.client.get("/admin/sources").status_code == 200
    assert reader.client.get("/admin/sources").status_code == 403


def test_sign_in_through_the_form_is_rate_limited(live_app: LiveServer) -> None:
    sign_up(live_app.url, "ada@example.org")
    client = httpx.Client(base_url=live_app.url)
    token = csrf_of(client.get("/signin").text)
    codes = [
        client.post(
            "/signin", data={"email": "ada@example.org", "password": "guess", "csrf_token": token}
        ).status_code
        for _ in range(11)
    ]
    assert codes == [401] * 10 + [429]


def test_the_readers_api_is_documented(live_app: LiveServer) -> None:
    spec = httpx.get(f"{live_app.url}/api/openapi.json").json()
    for path in (
        "/api/v1/me",
        "/api/v1/feed/for-you",
        "/api/v1/feed/following",
        "/api/v1/feed/top",
        "/api/v1/follows",
        "/api/v1/signals",
        "/api/v1/saved",
        "/api/v1/history",
        "/api/v1/tokens",
    ):
        assert path in spec["paths"], path
    assert "HTTPBearer" in spec["components"]["securitySchemes"]
    reasons = spec["components"]["schemas"]["CardOut"]["properties"]["reasons"]
    assert "Why the card" in reasons["description"]
    assert httpx.get(f"{live_app.url}/api/docs").status_code == 200
