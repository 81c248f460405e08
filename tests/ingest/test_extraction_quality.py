"""The extraction quality scorer, and the pinned quality floors over the real test pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mynews.ingest.extract import extract_html
from mynews.ingest.quality import (
    PageCase,
    PageScore,
    SnippetScore,
    evaluate,
    html_to_text,
    load_cases,
    score_text,
    shingles,
    summarise,
    uses_char_shingles,
)

DATA = Path(__file__).resolve().parent.parent / "data"
FLOORS = DATA / "quality_floors.json"


def test_word_shingles_are_lowercase_unicode_words() -> None:
    assert shingles("The cat, the HAT; the bat!") == {
        ("the", "cat", "the", "hat"),
        ("cat", "the", "hat", "the"),
        ("the", "hat", "the", "bat"),
    }
    assert shingles("Übermäßig große Straße heute") == {("übermäßig", "große", "straße", "heute")}
    assert shingles("two words") == {("two", "words")}
    assert shingles("") == set()


def test_scripts_without_spaces_use_character_shingles() -> None:
    assert uses_char_shingles("香港行政长官梁振英在各方压力下")
    assert uses_char_shingles("ผล DNA ยืนยัน ศพลอยแม่น้ำโขง")
    assert not uses_char_shingles("Plain English words")
    assert ("香", "港", "行", "政") in shingles("香港行政长官")


def test_precision_and_recall_per_page() -> None:
    expected = "one two three four five six seven"  # 4 shingles
    half = score_text("p", "one two three four five", expected)  # 2 shingles, both right
    assert (half.precision, half.recall) == (1.0, 0.5)
    noisy = score_text("p", expected + " ads ads ads ads", expected)
    assert noisy.recall == 1.0
    assert noisy.precision == pytest.approx(4 / 8)
    assert score_text("p", "", expected) == PageScore("p", 0.0, 0.0)


def test_f1_comes_from_averaged_precision_and_recall() -> None:
    summary = summarise([PageScore("a", 1.0, 0.5), PageScore("b", 0.5, 1.0)])
    assert (summary.precision, summary.recall) == (0.75, 0.75)
    assert summary.f1 == pytest.approx(0.75)  # the mean of the per-page F1s would be 0.667


def test_snippets_found_and_absent() -> None:
    score = SnippetScore().add("Main  text\nabout things.", ["main text", "Main text about"], ["Top stories"])
    assert (score.with_found, score.with_total, score.without_absent, score.without_total) == (1, 2, 1, 1)


def test_expected_html_to_text_keeps_blocks_apart() -> None:
    html = "<div><p>First <b>para</b>.</p><ul><li>one</li><li>two</li></ul>tail<br>line</div>"
    assert html_to_text(html) == "First para.\none\ntwo\ntail\nline"


def test_evaluate_routes_text_and_snippet_pages() -> None:
    cases = [
        PageCase("a", b"", expected_text="alpha beta gamma delta epsilon"),
        PageCase("b", b"", with_snippets=["keep me"], without_snippets=["drop me"]),
    ]
    outputs = {"a": "alpha beta gamma delta epsilon", "b": "keep me"}
    report = evaluate(cases, lambda c: outputs[c.name])
    assert report.text.pages == 1
    assert report.text.f1 == 1.0
    assert (report.snippets.with_share, report.snippets.without_share) == (1.0, 1.0)


@pytest.fixture(scope="module")
def cases() -> list[PageCase]:
    return load_cases(DATA / "pages")


def ours(case: PageCase) -> str:
    result = extract_html(case.source, case.url)
    return result.article.text if result.article is not None else ""


def trafilatura_alone(case: PageCase) -> str:
    import trafilatura

    return trafilatura.extract(case.source, url=case.url) or ""


def test_quality_floors_on_all_pages(cases: list[PageCase]) -> None:
    assert len(cases) == 112  # 116 page folders minus 3 front pages and the AP redirect page
    report = evaluate(cases, ours)
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert report.text.pages == 68
    assert report.text.f1 >= floors["extraction_f1_all"]
    assert report.text.precision >= floors["extraction_precision_all"]
    assert report.text.recall >= floors["extraction_recall_all"]
    assert report.snippets.with_share >= floors["extraction_snippets_with_found"]
    assert report.snippets.without_share >= floors["extraction_snippets_without_absent"]
    baseline = evaluate(cases, trafilatura_alone)
    assert report.text.f1 > baseline.text.f1
    assert report.snippets.without_share > baseline.snippets.without_share
