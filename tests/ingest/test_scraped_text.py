"""Scraped plain text: the seed page and two more pages made from real articles in other styles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mynews.core.articles import Caption
from mynews.ingest.boilerplate_rules import is_call_to_action, split_credit
from mynews.ingest.scraped_text import parse_scraped_text

SEED = Path(__file__).resolve().parent.parent / "data" / "seed"
PAGES = {
    "scmp-article": "expected.json",
    "telegraph-zimbabwe": "telegraph-zimbabwe.expected.json",
    "wapo-tunisia": "wapo-tunisia.expected.json",
}


def _load(name: str) -> tuple[str, dict]:
    text = (SEED / f"{name}.txt").read_text(encoding="utf-8")
    return text, json.loads((SEED / PAGES[name]).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(PAGES))
def test_structure_matches_expected(name: str) -> None:
    text, expected = _load(name)
    article = parse_scraped_text(text, url="https://example.org/a")
    assert article.title == expected["title"]
    assert article.standfirst == expected["standfirst"]
    assert article.section == expected["section"]
    assert list(article.paragraphs) == expected["paragraphs"]
    assert list(article.captions) == [Caption(c["text"], c["credit"]) for c in expected["captions"]]
    assert article.method == "scraped-text"
    assert article.url == "https://example.org/a"
    if "authors" in expected:
        assert list(article.authors) == expected["authors"]


@pytest.mark.parametrize("name", sorted(PAGES))
def test_boilerplate_is_gone_everywhere(name: str) -> None:
    text, expected = _load(name)
    article = parse_scraped_text(text)
    kept = [article.title, article.standfirst or "", article.section or "", *article.paragraphs]
    kept += [c.text for c in article.captions]
    for line in expected["boilerplate_removed"]:
        assert line in text  # the page really has it
        assert line not in kept


def test_seed_body_keeps_no_caption_text() -> None:
    text, _ = _load("scmp-article")
    article = parse_scraped_text(text)
    assert not any("Photo:" in p for p in article.paragraphs)
    assert article.text.startswith("The US will use a high-level security dialogue")
    assert "\n\n" in article.text


def test_caption_before_title_is_still_a_caption() -> None:
    text = (
        "Sport\n"
        "Fans celebrate in the main square after the final whistle. Picture: Getty Images\n"
        "City win the cup for the first time in forty years\n"
        "A late goal settled a tense final that had gone to extra time in front of a full stadium\n\n"
        + "The winning goal came in the 118th minute, when the substitute striker met a low cross "
        "at the near post and turned it past the keeper, sending the travelling fans into raptures.\n"
    )
    article = parse_scraped_text(text)
    assert article.captions == (
        Caption("Fans celebrate in the main square after the final whistle.", "Getty Images"),
    )
    assert article.title == "City win the cup for the first time in forty years"
    assert article.section == "Sport"
    assert article.standfirst.startswith("A late goal")
    assert len(article.paragraphs) == 1


@pytest.mark.parametrize(
    ("caption", "text", "credit"),
    [
        ("The flags fly near the Capitol. Photo: Reuters", "The flags fly near the Capitol.", "Reuters"),
        (
            "A man walks past a tank on Thursday Credit: STR/AFP",
            "A man walks past a tank on Thursday",
            "STR/AFP",
        ),
        ("Protesters gather outside. (Reuters)", "Protesters gather outside.", "Reuters"),
        (
            "Halibut on ice. (Ellen M. Banner / The Seattle Times)",
            "Halibut on ice.",
            "Ellen M. Banner / The Seattle Times",
        ),
        (
            "Forces secure the area. Fethi Belaid/AFP/Getty Images",
            "Forces secure the area.",
            "Fethi Belaid/AFP/Getty Images",
        ),
        ("Ein Zug im Bahnhof. Foto: dpa", "Ein Zug im Bahnhof.", "dpa"),
        (
            "Whale expert Hori Parata. Photograph: Adrian Malloch",
            "Whale expert Hori Parata.",
            "Adrian Malloch",
        ),
    ],
)
def test_split_credit(caption: str, text: str, credit: str) -> None:
    assert split_credit(caption) == (text, credit)


@pytest.mark.parametrize(
    "line",
    [
        "He said: the talks would resume (in private) next week.",
        "Growth slowed to 2.1 per cent in the third quarter (from 2.4 per cent).",
        "The ratio was 3/4 of the total",
    ],
)
def test_ordinary_sentences_have_no_credit(line: str) -> None:
    assert split_credit(line) == (line, None)


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Learn more", True), ("Sign up for our newsletter", True), ("SUBSCRIBE", True), ("Learn more.", True)],
)
def test_calls_to_action(line: str, expected: bool) -> None:
    assert is_call_to_action(line) is expected


def test_a_sentence_starting_like_a_call_to_action_is_body() -> None:
    assert not is_call_to_action("Register voters early, the commission said.")


def test_plain_text_without_long_paragraphs_keeps_its_lines() -> None:
    article = parse_scraped_text("Short title here\nOne line.\nAnother line.\n")
    assert article.title == "Short title here"
    assert article.paragraphs == ("One line.", "Another line.")


TITLES_FOUND = 63  # of 64: nytimes-3's headline ends with "N.Y.C.", read as a sentence


def _real_article_texts() -> list[tuple[str, str, list[str]]]:
    """(name, title, body lines) of the test pages' expected article texts."""
    from mynews.ingest.quality import html_to_text

    pages = SEED.parent / "pages"
    found = []
    for folder in sorted(pages.glob("*__*")):
        meta = folder / "expected-metadata.json"
        if folder.name == "readability__nytimes-5" or not meta.exists():
            continue  # nytimes-5 is a front page
        title = json.loads(meta.read_text("utf-8")).get("title")
        if (folder / "expected.txt").exists():
            body = (folder / "expected.txt").read_text("utf-8")
        elif (folder / "expected.html").exists():
            body = html_to_text((folder / "expected.html").read_text("utf-8"))
        else:
            continue
        if title:
            found.append((folder.name, title, [line.strip() for line in body.split("\n") if line.strip()]))
    return found


def test_real_article_text_survives_the_rules() -> None:
    """64 real article texts, title on top: the body is kept (as paragraphs, standfirst or captions);
    what goes is their boilerplate ("Related: …", "Read more: …", bare credits)."""
    shares = []
    titles = 0
    for _name, title, lines in _real_article_texts():
        article = parse_scraped_text(title + "\n\n" + "\n\n".join(lines))
        placed = {*article.paragraphs, article.standfirst, *(c.text for c in article.captions)}
        kept = [
            line for line in lines if line in placed or any(line.startswith(c.text) for c in article.captions)
        ]
        shares.append(sum(map(len, kept)) / sum(map(len, lines)))
        titles += article.title == " ".join(title.split())
    assert len(shares) == 64
    assert titles >= TITLES_FOUND
    assert min(shares) > 0.75
    assert sum(shares) / len(shares) > 0.97
