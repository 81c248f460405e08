"""`mynews ingest`-style inputs: scraped text, HTML pages, feed files and OPML lists."""

from __future__ import annotations

import gzip
from pathlib import Path

from mynews.services.context import Context
from mynews.services.ingestion.catalog import list_sources
from mynews.services.ingestion.files import ingest
from mynews.services.ingestion.opml_export import export_opml
from mynews.services.reading.articles import article

DATA = Path(__file__).parents[1] / "data"


def test_scraped_text_is_stored_with_its_structure(ctx: Context) -> None:
    report = ingest(ctx, str(DATA / "seed" / "scmp-article.txt"))
    assert report.kind == "page" and report.error is None
    stored = article(ctx, report.articles[0])
    assert stored.title.startswith("US to use security talks")
    assert stored.section == "North Korea nuclear crisis"
    assert [c["credit"] for c in stored.captions] == ["Reuters", "EPA"]
    assert "Advertisement" not in stored.text and "Learn more" not in stored.text
    assert len(stored.text.split("\n\n")) == 10
    again = ingest(ctx, str(DATA / "seed" / "scmp-article.txt"))
    assert again.articles == []  # the same file twice is one article


def test_an_html_page_and_a_gzipped_one(ctx: Context, tmp_path: Path) -> None:
    page = tmp_path / "page.html.gz"
    page.write_bytes((DATA / "pages" / "readability__bbc-1" / "source.html.gz").read_bytes())
    report = ingest(ctx, str(page))
    assert report.error is None, report.error
    assert len(article(ctx, report.articles[0]).text) > 1000
    plain = tmp_path / "plain.html"
    plain.write_bytes(gzip.decompress(page.read_bytes()))
    assert ingest(ctx, str(plain)).articles == []  # same canonical URL: stored once


def test_feed_files_and_opml_lists(ctx: Context, tmp_path: Path) -> None:
    report = ingest(ctx, str(DATA / "feeds" / "rsparser__DaringFireball.json"))
    assert report.kind == "feed" and len(report.articles) == 48
    opml = tmp_path / "subs.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        '<outline text="News"><outline type="rss" text="Closed" xmlUrl="http://127.0.0.1:9/rss.xml"/></outline>'
        "</body></opml>"
    )
    report = ingest(ctx, str(opml))
    assert report.kind == "opml" and len(report.sources) == 1
    assert any(s.url == "http://127.0.0.1:9/rss.xml" for s in list_sources(ctx))
    assert b"http://127.0.0.1:9/rss.xml" in export_opml(ctx)


def test_a_missing_file_and_garbage_are_reported_not_raised(ctx: Context, tmp_path: Path) -> None:
    assert ingest(ctx, str(tmp_path / "nope.html")).error
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01\x02" * 100)
    assert ingest(ctx, str(junk)).error
