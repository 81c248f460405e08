"""App passwords: created on Settings → Reader apps, by the JSON API and the CLI; separate from
the web password; revoked ones stop working at once; one reader never sees another's."""

from __future__ import annotations

import re

import httpx
import pytest
from typer.testing import CliRunner

from mynews.cli.readers import app as readers_cli
from mynews.services.context import Context
from mynews.services.delivery import app_passwords
from tests.conftest import LiveServer
from tests.readers.news import api, sign_up


def _me(base: str, email: str, password: str) -> int:
    return httpx.get(f"{base}/v1/me", auth=(email, password)).status_code


def test_settings_page_creates_and_revokes_app_passwords(live_app: LiveServer) -> None:
    browser = sign_up(live_app.url, "apps@example.org")
    page = browser.post("/settings/apps", {"name": "NetNewsWire"}).text
    match = re.search(r'<code class="app-password">([^<]+)</code>', page)
    assert match, page
    password = match.group(1)
    assert f"{live_app.url}/fever/" in page and "apps@example.org" in page
    assert _me(live_app.url, "apps@example.org", password) == 200
    assert _me(live_app.url, "apps@example.org", "correct horse battery") == 401  # the web password
    assert _me(live_app.url, "APPS@example.org", password) == 200  # e-mail case does not matter

    listing = browser.client.get("/settings/apps").text
    assert "NetNewsWire" in listing and password not in listing  # shown once
    revoke = re.search(r'action="(/settings/apps/\d+/revoke)"', listing)
    assert revoke
    assert browser.post(revoke.group(1), {}).status_code == 303
    assert _me(live_app.url, "apps@example.org", password) == 401  # at once, despite the cache
    # forms need their CSRF token
    assert browser.client.post("/settings/apps", data={"name": "x"}).status_code == 403


def test_json_api_manages_app_passwords_per_reader(live_app: LiveServer) -> None:
    alice, bob = sign_up(live_app.url, "alice@example.org"), sign_up(live_app.url, "bob@example.org")
    alice_api, bob_api = api(live_app.url, alice.token()), api(live_app.url, bob.token())
    created = alice_api.post("/api/v1/app-passwords", json={"name": "Reeder"})
    assert created.status_code == 201
    body = created.json()
    assert body["name"] == "Reeder" and len(body["password"]) == 39
    assert [p["name"] for p in alice_api.get("/api/v1/app-passwords").json()] == ["Reeder"]
    assert "password" not in alice_api.get("/api/v1/app-passwords").json()[0] or (
        alice_api.get("/api/v1/app-passwords").json()[0]["password"] is None
    )
    assert bob_api.get("/api/v1/app-passwords").json() == []
    assert bob_api.delete(f"/api/v1/app-passwords/{body['id']}").status_code == 404
    assert _me(live_app.url, "bob@example.org", body["password"]) == 401  # not Bob's
    assert _me(live_app.url, "alice@example.org", body["password"]) == 200
    assert alice_api.delete(f"/api/v1/app-passwords/{body['id']}").status_code == 204
    assert _me(live_app.url, "alice@example.org", body["password"]) == 401


def test_cli_creates_lists_and_revokes(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    from mynews.services.readers import accounts

    monkeypatch.setenv("MYNEWS_DATABASE_URL", ctx.db.url)
    monkeypatch.setenv("MYNEWS_DATA_DIR", str(ctx.settings.data_dir))
    monkeypatch.setenv("MYNEWS_SECRET_KEY", ctx.settings.secret_key)
    accounts.sign_up(ctx, "cli@example.org", "long enough pw")
    runner = CliRunner()
    made = runner.invoke(readers_cli, ["add-app-password", "cli@example.org", "--name", "newsboat"])
    assert made.exit_code == 0, made.output
    password = made.stdout.strip().splitlines()[-1]
    identity = app_passwords.verify(ctx, password, username="cli@example.org")
    assert identity is not None
    assert "newsboat" in runner.invoke(readers_cli, ["app-passwords", "cli@example.org"]).output
    assert runner.invoke(readers_cli, ["revoke-app-password", "cli@example.org", "999"]).exit_code == 1
    revoked = runner.invoke(
        readers_cli, ["revoke-app-password", "cli@example.org", str(identity.password_id)]
    )
    assert revoked.exit_code == 0
    assert app_passwords.verify_fever(ctx, app_passwords.fever_api_key("cli@example.org", password)) is None
    assert runner.invoke(readers_cli, ["app-passwords", "nobody@example.org"]).exit_code == 1
