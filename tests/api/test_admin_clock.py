"""The replay clock over real HTTP: absent on a normal instance, operators only, moves the time
every use case sees (the feed's notion of "fresh" included)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from mynews.core.clock import FixedClock
from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.services.readers import accounts
from tests.conftest import LiveServer


def _serve(ctx: Context, settings: Settings) -> LiveServer:
    from mynews.app.asgi import create_app
    from mynews.app.container import Container

    return LiveServer(create_app(settings, container=Container(settings, ctx, None, None)))


@pytest.fixture
def tokens(ctx: Context) -> Iterator[tuple[str, str]]:
    admin = accounts.sign_up(ctx, "op@example.org", "correct horse battery")
    reader = accounts.sign_up(ctx, "reader@example.org", "correct horse battery")
    assert admin.is_admin and not reader.is_admin
    yield accounts.create_token(ctx, admin.id, "op")[1], accounts.create_token(ctx, reader.id, "r")[1]


def test_a_normal_instance_has_no_clock_route(
    ctx: Context, settings: Settings, tokens: tuple[str, str]
) -> None:
    ctx.clock = FixedClock(datetime(2025, 1, 1, tzinfo=UTC))  # even a movable clock stays put
    with _serve(ctx, settings) as server, httpx.Client(base_url=server.url) as client:
        auth = {"Authorization": f"Bearer {tokens[0]}"}
        for method in ("GET", "PUT"):
            response = client.request(
                method, "/api/v1/admin/clock", headers=auth, json={"now": "2025-02-01T00:00:00Z"}
            )
            assert response.status_code == 404, response.text
    assert ctx.clock.now() == datetime(2025, 1, 1, tzinfo=UTC)


def test_operators_move_a_fixed_clock(ctx: Context, settings: Settings, tokens: tuple[str, str]) -> None:
    settings = settings.model_copy(update={"replay_clock": True})
    ctx.settings = settings
    ctx.clock = FixedClock(datetime(2025, 1, 1, tzinfo=UTC))
    admin, reader = ({"Authorization": f"Bearer {t}"} for t in tokens)
    with _serve(ctx, settings) as server, httpx.Client(base_url=server.url) as client:
        assert client.get("/api/v1/admin/clock").status_code == 401
        denied = client.put("/api/v1/admin/clock", headers=reader, json={"now": "2025-02-01T00:00:00Z"})
        assert denied.status_code == 403 and denied.json()["error"]["code"] == "admin_only"
        moved = client.put("/api/v1/admin/clock", headers=admin, json={"now": "2025-02-01T06:30:00+01:00"})
        assert moved.status_code == 200, moved.text
        assert moved.json()["kind"] == "fixed:2025-02-01T05:30:00+00:00" and moved.json()["movable"]
        assert ctx.clock.now() == datetime(2025, 2, 1, 5, 30, tzinfo=UTC)
        naive = client.put("/api/v1/admin/clock", headers=admin, json={"now": "2025-02-01T00:00:00"})
        assert naive.status_code == 400 and naive.json()["error"]["code"] == "bad_instant"
        assert client.get("/api/v1/admin/clock", headers=admin).json()["now"].startswith("2025-02-01T05:30")


def test_real_time_cannot_be_moved(ctx: Context, settings: Settings, tokens: tuple[str, str]) -> None:
    settings = settings.model_copy(update={"replay_clock": True})
    ctx.settings = settings
    with _serve(ctx, settings) as server, httpx.Client(base_url=server.url) as client:
        auth = {"Authorization": f"Bearer {tokens[0]}"}
        response = client.put("/api/v1/admin/clock", headers=auth, json={"now": "2025-02-01T00:00:00Z"})
        assert response.status_code == 400 and response.json()["error"]["code"] == "real_clock"
        assert client.get("/api/v1/admin/clock", headers=auth).json()["movable"] is False
