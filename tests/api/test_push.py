"""Publisher push over real HTTP: token auth, idempotency, batch, one error shape, sanitised HTML."""

from __future__ import annotations

import httpx

from mynews.services.context import Context
from mynews.services.ingestion.push import create_push_source
from mynews.services.reading.articles import article
from tests.conftest import LiveServer

PAYLOAD = {
    "id": "story-1",
    "url": "https://news.example.org/2024/05/01/budget?utm_source=push",
    "title": "City council passes the budget",
    "html": '<p>The council voted 7-2.</p><script>alert(1)</script><p onclick="x()">Details follow.</p>',
    "authors": ["A. Reporter"],
    "published": "2024-05-01T10:00:00Z",
    "tags": ["Local politics"],
}


def test_push_is_authenticated_idempotent_and_sanitised(ctx: Context, live_app: LiveServer) -> None:
    _, token = create_push_source(ctx, "Example News", "https://news.example.org/")
    with httpx.Client(base_url=live_app.url) as client:
        denied = client.post("/api/v1/articles", json=PAYLOAD, headers={"Authorization": "Bearer wrong"})
        assert denied.status_code == 401
        assert denied.json()["error"]["code"] == "unauthorized"

        auth = {"Authorization": f"Bearer {token}"}
        first = client.post("/api/v1/articles", json=PAYLOAD, headers=auth)
        assert first.status_code == 202, first.text
        again = client.post("/api/v1/articles", json=PAYLOAD, headers=auth)
        assert again.json() == {"article_id": first.json()["article_id"], "created": False}

        stored = article(ctx, first.json()["article_id"])
        assert stored.status == "ready"
        assert stored.url == "https://news.example.org/2024/05/01/budget"
        assert "<script" not in (stored.body_html or "") and "onclick" not in (stored.body_html or "")
        assert "The council voted 7-2." in stored.text

        batch = client.post(
            "/api/v1/articles/batch",
            headers=auth,
            json={
                "articles": [
                    PAYLOAD | {"id": "story-2", "url": None, "title": "Second"},
                    PAYLOAD
                    | {"id": "story-3", "url": None, "title": "Third", "html": None, "text": "One.\n\nTwo."},
                ]
            },
        )
        assert batch.status_code == 202
        assert [r["created"] for r in batch.json()] == [True, True]
        assert article(ctx, batch.json()[1]["article_id"]).text == "One.\n\nTwo."

        invalid = client.post("/api/v1/articles", json={"id": "x"}, headers=auth)
        assert invalid.status_code == 422
        assert invalid.json()["error"]["code"] == "invalid_request"


def test_latest_articles_paginate_with_a_cursor(ctx: Context, live_app: LiveServer) -> None:
    _, token = create_push_source(ctx, "Pager")
    items = [
        {
            "id": f"p{i}",
            "title": f"Article {i}",
            "text": f"Body {i}.",
            "published": f"2024-05-{i + 1:02d}T08:00:00Z",
        }
        for i in range(7)
    ]
    with httpx.Client(base_url=live_app.url) as client:
        client.post(
            "/api/v1/articles/batch", json={"articles": items}, headers={"Authorization": f"Bearer {token}"}
        )
        seen: list[str] = []
        cursor = None
        while True:
            page = client.get(
                "/api/v1/articles", params={"limit": 3} | ({"cursor": cursor} if cursor else {})
            ).json()
            seen += [a["title"] for a in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == [f"Article {i}" for i in reversed(range(7))]
        html = client.get("/latest").text
        assert "Article 6" in html
        assert (
            client.get("/api/v1/articles", params={"cursor": "garbage!"}).json()["error"]["code"]
            == "bad_cursor"
        )
        missing = client.get("/api/v1/articles/999999")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
