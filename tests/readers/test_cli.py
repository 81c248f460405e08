"""`mynews readers` on the test database: create (with --admin), list, make-admin."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from mynews.cli.readers import app
from mynews.services.context import Context
from mynews.services.readers import accounts


def test_create_list_and_make_admin(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MYNEWS_DATABASE_URL", ctx.db.url)
    monkeypatch.setenv("MYNEWS_DATA_DIR", str(ctx.settings.data_dir))
    runner = CliRunner()
    first = runner.invoke(app, ["create", "op@example.org", "--password", "long enough pw"])
    assert first.exit_code == 0 and "(admin)" in first.output
    second = runner.invoke(app, ["create", "rd@example.org", "--password", "long enough pw"])
    assert second.exit_code == 0 and "(admin)" not in second.output
    assert runner.invoke(app, ["create", "rd@example.org", "--password", "long enough pw"]).exit_code == 1
    assert runner.invoke(app, ["make-admin", "rd@example.org"]).exit_code == 0
    assert [r.is_admin for r in accounts.list_readers(ctx)] == [True, True]
    assert "rd@example.org" in runner.invoke(app, ["list"]).output
    assert runner.invoke(app, ["make-admin", "nobody@example.org"]).exit_code == 1
