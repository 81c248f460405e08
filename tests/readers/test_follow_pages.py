"""Topic pages carry a follow button that works, with and without JavaScript."""

from __future__ import annotations

from mynews.services.context import Context
from mynews.services.readers import follows
from tests.conftest import LiveServer
from tests.readers.news import sign_up


def test_following_a_topic_from_its_page(
    ctx: Context, news: dict[str, list[int]], live_app: LiveServer
) -> None:
    key = max(news, key=lambda k: len(news[k]))
    visitor = live_app.url + f"/topics/{key}"
    import httpx

    assert "Sign in</a> to follow" in httpx.get(visitor).text
    reader = sign_up(live_app.url, "pages@example.org")
    page = reader.client.get(f"/topics/{key}").text
    assert 'action="/follows"' in page and "Follow " in page
    done = reader.post("/follows", {"kind": "topic", "key": key, "next": f"/topics/{key}"})
    assert done.status_code == 303 and done.headers["location"] == f"/topics/{key}"
    assert "Following" in reader.client.get(f"/topics/{key}").text
    me = [r for r in follows.list_follows(ctx, _reader_id(ctx, reader.email))]
    assert [(f.kind, f.key, f.muted) for f in me] == [("topic", key, False)]
    reader.post("/follows/remove", {"kind": "topic", "key": key, "next": f"/topics/{key}"})
    assert follows.list_follows(ctx, _reader_id(ctx, reader.email)) == []


def _reader_id(ctx: Context, email: str) -> int:
    from mynews.services.readers import accounts

    return next(r.id for r in accounts.list_readers(ctx) if r.email == email)
