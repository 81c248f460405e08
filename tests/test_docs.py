"""The docs keep up with the code: every setting, CLI command and API route is documented."""

from __future__ import annotations

from pathlib import Path

from mynews.core.settings import Settings

ROOT = Path(__file__).parents[1]


def test_every_setting_is_documented() -> None:
    text = (ROOT / "docs" / "settings.md").read_text()
    missing = [name for name in Settings.model_fields if f"`MYNEWS_{name.upper()}`" not in text]
    assert not missing, f"undocumented settings: {missing}"


def test_every_cli_command_is_in_the_readme() -> None:
    from typer.main import get_command

    from mynews.cli.main import app

    readme = (ROOT / "README.md").read_text()
    root = get_command(app)
    names: list[str] = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        names += [f"mynews {name} {sub}" for sub in subs] if subs else [f"mynews {name}"]
    missing = [n for n in names if n not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_every_api_route_is_in_the_api_doc() -> None:
    from mynews.app.asgi import create_app
    from mynews.app.container import Container

    settings = Settings(secret_key="x", _env_file=None)  # type: ignore[call-arg]
    app = create_app(settings, container=Container(settings, None, None, None))  # type: ignore[arg-type]
    doc = (ROOT / "docs" / "api.md").read_text()
    routes = {
        f"{method.upper()} {path}"
        for path, operations in app.openapi()["paths"].items()
        if path.startswith("/api/v1")
        for method in operations
    }
    assert len(routes) > 20
    missing = sorted(r for r in routes if f"`{r}`" not in doc)
    assert not missing, f"routes missing from docs/api.md: {missing}"
