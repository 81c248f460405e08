"""The `mynews` command as a user runs it: a real process, its output and exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

DATA = Path(__file__).parents[1] / "data"
MYNEWS = str(Path(sys.executable).with_name("mynews"))


def run(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([MYNEWS, *args], capture_output=True, text=True, env=env, timeout=300, check=False)


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "MYNEWS_DATA_DIR": str(tmp_path / "var"), "MYNEWS_DATABASE_URL": ""}


def test_extract_prints_one_json_object_per_input(env: dict[str, str], tmp_path: Path) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes((DATA / "pages" / "readability__bbc-1" / "source.html.gz").read_bytes())
    done = run("extract", str(DATA / "seed" / "scmp-article.txt"), str(page), "--json", env=env)
    assert done.returncode == 0, done.stderr
    seed, bbc = (json.loads(line) for line in done.stdout.splitlines())
    expected = json.loads((DATA / "seed" / "expected.json").read_text())
    assert seed["title"] == expected["title"] and seed["section"] == expected["section"]
    assert seed["paragraphs"] == expected["paragraphs"]
    assert seed["text"] == "\n\n".join(expected["paragraphs"])
    assert seed["captions"] == expected["captions"]
    for key in ("standfirst", "authors", "published", "language", "url", "images", "tags"):
        assert key in seed and key in bbc
    assert len(bbc["text"]) > 1000


def test_a_bad_input_is_reported_and_the_rest_goes_on(env: dict[str, str], tmp_path: Path) -> None:
    done = run(
        "extract", str(tmp_path / "missing.html"), str(DATA / "seed" / "scmp-article.txt"), "--json", env=env
    )
    assert done.returncode == 0
    lines = [json.loads(line) for line in done.stdout.splitlines()]
    assert "error" in lines[0] and lines[1]["title"]


def test_migrate_ingest_and_list_sources(env: dict[str, str]) -> None:
    assert "run `mynews migrate`" in " ".join(run("sources", "list", env=env).stderr.split())
    assert run("migrate", env=env).returncode == 0
    env = {**env, "MYNEWS_ENRICH_ENABLED": "false"}
    done = run("ingest", str(DATA / "feeds" / "rsparser__DaringFireball.json"), env=env)
    assert done.returncode == 0, done.stderr
    assert "48 new articles" in " ".join(done.stderr.split())
    listed = run("sources", "list", env=env)
    assert listed.returncode == 0 and "Daring" in listed.stdout
