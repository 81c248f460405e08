"""Page extraction on real pages: text, metadata, captions, front pages, dispatch and JSON shape."""

from __future__ import annotations

import gzip
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mynews.core.articles import Caption
from mynews.ingest.extract import article_to_json, extract_document, extract_html, extract_path
from mynews.ingest.extract_metadata import parse_datetime

DATA = Path(__file__).resolve().parent.parent / "data"
PAGES = DATA / "pages"


def source(name: str) -> bytes:
    return gzip.decompress((PAGES / name / "source.html.gz").read_bytes())


def metadata(name: str) -> dict:
    return json.loads((PAGES / name / "expected-metadata.json").read_text(encoding="utf-8"))


def test_article_text_and_metadata_nytimes() -> None:
    result = extract_html(source("readability__nytimes-1"))
    article = result.article
    assert result.reason == "ok"
    assert article is not None
    assert article.title == "United States to Lift Sudan Sanctions"
    assert article.authors == ("Jeffrey Gettleman",)
    assert article.published == datetime(2017, 1, 13, 5, 0, 4, tzinfo=UTC)
    assert article.language == "en"
    assert article.section == "Africa"
    assert article.url and article.url.startswith("https://www.nytimes.com/2017/01/13/world/africa/")
    assert article.lead_image and article.lead_image.startswith("https://")
    assert article.paragraphs[0].startswith(
        "LONDON — After nearly 20 years of hostile relations, the American"
    )
    assert article.text == "\n\n".join(article.paragraphs)
    assert article.method in {"trafilatura", "readability"}


def test_published_is_aware_utc() -> None:
    article = extract_html(source("readability__bbc-1")).article
    assert article is not None
    # the page says 2015-07-24T05:36:09+01:00
    assert article.published == datetime(2015, 7, 24, 4, 36, 9, tzinfo=UTC)
    assert article.published.tzinfo is UTC


def test_metadata_agrees_with_readability_on_its_pages() -> None:
    """Published time, language and title against Readability.js's expected metadata."""
    checked = agreed_time = agreed_lang = agreed_title = 0
    for folder in sorted(PAGES.glob("readability__*")):
        expected = metadata(folder.name)
        article = extract_html(source(folder.name)).article
        if article is None:
            continue
        checked += 1
        when = parse_datetime(expected.get("publishedTime"))
        if when is None or article.published == when:
            agreed_time += 1
        lang = (expected.get("lang") or "").split("-")[0].lower()
        if not lang or article.language == lang:
            agreed_lang += 1
        if " ".join(article.title.split()) in " ".join((expected.get("title") or "").split()):
            agreed_title += 1
    assert checked == 47  # nytimes-5 is a front page
    assert agreed_time == checked
    assert agreed_lang >= checked - 1
    assert agreed_title >= checked - 6


def test_section_is_the_page_declared_one_and_date_matches_annotation() -> None:
    expected = json.loads((PAGES / "trafilatura__bbc.com.52241221" / "expected.json").read_text("utf-8"))
    article = extract_html(source("trafilatura__bbc.com.52241221"), expected["url"]).article
    assert article is not None
    assert article.section == "US & Canada"  # <meta property="article:section">
    assert article.published is not None
    assert article.published.date().isoformat() == expected["date"]
    assert article.site_name == "BBC News"


@pytest.mark.parametrize(
    "name",
    [
        "newspaper4k__cnn_main_site",
        "newspaper4k__wired_main_site",
        "newspaper4k__yahoo_main_site",
        "readability__nytimes-5",
    ],
)
def test_front_pages_are_not_articles(name: str) -> None:
    result = extract_html(source(name))
    assert result.article is None
    assert result.reason == "not_article"


def test_a_root_url_marks_a_front_page_even_without_canonical() -> None:
    html = "<html><body>" + "<p>Some words about the news of the day.</p>" * 20 + "</body></html>"
    assert extract_html(html, "https://news.example.org/").reason == "not_article"
    assert extract_html(html, "https://news.example.org/2024/05/story").reason == "ok"


@pytest.mark.parametrize(
    "html", ["", b"", "   ", "<html><body></body></html>", b"<html><head></head></html>"]
)
def test_empty_pages(html: str | bytes) -> None:
    result = extract_html(html)
    assert result.article is None
    assert result.reason == "empty"


def test_captions_keep_their_credits_apart() -> None:
    article = extract_html(source("readability__telegraph")).article
    assert article is not None
    assert Caption(
        "A man walks past an armoured personnel carrier parked on a Harare street on Thursday", "STR/AFP"
    ) in (article.captions)
    credited = [i for i in article.images if i.credit == "STR/AFP"]
    assert credited and credited[0].url.startswith("http://www.telegraph.co.uk/")
    assert not any("Credit:" in p for p in article.paragraphs)


def test_credit_element_and_screen_reader_labels() -> None:
    nyt = extract_html(source("readability__nytimes-3")).article
    bbc = extract_html(source("readability__bbc-1")).article
    assert nyt is not None and bbc is not None
    assert nyt.captions[0].credit == "Chang W. Lee/The New York Times"
    assert nyt.captions[0].text.startswith("A Con Edison worker repairing underground cables")
    assert bbc.captions[0].text == "Mr Obama told the BBC that gun control was his biggest frustration"


def test_body_html_is_simple_and_keeps_links() -> None:
    article = extract_html(source("readability__wapo-1")).article
    assert article is not None and article.html
    assert "<script" not in article.html and "class=" not in article.html
    assert article.html.count("<p>") >= len(article.paragraphs) - 5
    assert '<a href="http://www.washingtonpost.com/world/gunmen-storm-museum-in-tunisia' in article.html
    tags = set(re.findall(r"</?([a-z0-9]+)", article.html))
    assert tags <= {"p", "h2", "h3", "h4", "ul", "li", "blockquote", "figure", "img", "figcaption", "a"}


def test_boilerplate_lines_are_dropped() -> None:
    article = extract_html(source("newspaper4k__thai_article")).article
    assert article is not None
    assert not any("https://" in p for p in article.paragraphs)


def test_extract_path_reads_gzip_and_text(tmp_path: Path) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes((PAGES / "readability__nytimes-1" / "source.html.gz").read_bytes())
    assert extract_path(page).article.title == "United States to Lift Sudan Sanctions"
    text = extract_path(DATA / "seed" / "scmp-article.txt")
    assert text.article is not None
    assert text.article.method == "scraped-text"
    assert text.article.section == "North Korea nuclear crisis"
    gz_text = tmp_path / "article.txt.gz"
    gz_text.write_bytes(gzip.compress((DATA / "seed" / "scmp-article.txt").read_bytes()))
    assert extract_path(gz_text).article.title == text.article.title


def test_extract_document_dispatch() -> None:
    html = source("readability__nytimes-1")
    assert extract_document(html).article.method in {"trafilatura", "readability"}
    assert extract_document(html, content_type="text/html; charset=utf-8").ok
    assert extract_document(gzip.compress(html), filename="x.html.gz").ok
    seed = (DATA / "seed" / "scmp-article.txt").read_bytes()
    assert extract_document(seed, content_type="text/plain").article.method == "scraped-text"
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64)
    assert extract_document(png, content_type="image/png").reason == "unsupported"
    assert extract_document(b"", content_type="text/plain").reason == "empty"


def test_article_to_json_is_the_extract_json_shape() -> None:
    article = extract_path(DATA / "seed" / "scmp-article.txt").article
    assert article is not None
    obj = article_to_json(article)
    assert list(obj) == [
        "title", "standfirst", "section", "authors", "published", "language", "url", "site_name",
        "text", "paragraphs", "captions", "images", "lead_image", "tags", "method",
    ]  # fmt: skip
    assert obj["text"] == "\n\n".join(obj["paragraphs"])
    assert obj["captions"][0] == {
        "text": "The flags of China and the US fly along Pennsylvania Avenue near the US Capitol.",
        "credit": "Reuters",
    }
    json.dumps(obj)
    page = article_to_json(extract_html(source("readability__bbc-1")).article)
    assert page["published"] == "2015-07-24T04:36:09+00:00"
    assert all(set(i) == {"url", "caption", "credit"} for i in page["images"])


def test_tags_are_split_and_a_repeated_description_is_no_standfirst() -> None:
    telegraph = extract_html(source("readability__telegraph")).article
    assert telegraph is not None
    assert telegraph.tags[:3] == ("Zimbabwe", "Standard", "World News")
    assert telegraph.standfirst is None  # its description is the first paragraph
    bbc = extract_html(source("readability__bbc-1")).article
    assert bbc is not None
    assert bbc.standfirst == metadata("readability__bbc-1")["excerpt"]
