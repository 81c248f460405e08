"""parse_feed over the 51 real feeds: item counts from the MANIFEST, formats, broken feeds."""

from __future__ import annotations

import csv
import gzip
from datetime import timedelta
from pathlib import Path

import pytest

from mynews.ingest.feeds import parse_feed, usable_items

FEEDS = Path(__file__).parent.parent / "data" / "feeds"
MANIFEST = list(csv.DictReader((FEEDS / "MANIFEST.tsv").open(encoding="utf-8"), delimiter="\t"))


EMPTY_ITEMS = {
    "node-feedparser__illegally-nested.xml": 10,  # an empty <item /> nested in each real item
    "miniflux__no_encoding_ISO-8859-1.xml": 1,  # <item> with empty title, link and description
}
"""Items that are in the document (and counted by the MANIFEST) but carry nothing to store."""


def test_manifest_lists_all_51_feeds() -> None:
    assert len(MANIFEST) == 51
    assert all((FEEDS / row["filename"]).is_file() for row in MANIFEST)


@pytest.mark.parametrize("row", MANIFEST, ids=[row["filename"] for row in MANIFEST])
def test_item_count_matches_manifest(row: dict[str, str]) -> None:
    feed = parse_feed((FEEDS / row["filename"]).read_bytes(), url="https://feeds.example.org/feed")
    assert len(feed.items) == int(row["items"])
    empty = EMPTY_ITEMS.get(row["filename"], 0)
    assert len(usable_items(feed)) == len(feed.items) - empty
    for item in feed.items:
        assert item.url is None or item.url.startswith(("http://", "https://"))
        for date in (item.published, item.updated):
            assert date is None or date.utcoffset() == timedelta(0)
        assert "  " not in item.title and item.title == item.title.strip()


FORMATS = {
    "RSS 2.0": "rss20",
    "RSS 2.0 (gzip)": "rss20",
    "Atom 1.0": "atom10",
    "JSON Feed 1.0": "json1.0",
    "JSON Feed 1.1": "json1.1",
    "RSS 0.91": "rss091u",
}


@pytest.mark.parametrize("row", [r for r in MANIFEST if r["format"] in FORMATS], ids=lambda r: r["filename"])
def test_format_is_recognised(row: dict[str, str]) -> None:
    feed = parse_feed((FEEDS / row["filename"]).read_bytes())
    if row["wellformed"] == "yes":
        assert feed.format == FORMATS[row["format"]]
    assert feed.format != "unknown"


def test_rss1_rdf_feeds_are_recognised() -> None:
    for name in ("rss-parser__rss-1.rss", "feeder__rdf_slashdot.xml", "feed-rs__rss_1.0_iso8859.xml"):
        assert parse_feed((FEEDS / name).read_bytes()).format == "rss10"


def test_truncated_feed_gives_a_clear_reason_and_no_items() -> None:
    feed = parse_feed((FEEDS / "feed-rs__rss_2.0_invalid_1.xml").read_bytes())
    assert feed.items == ()
    assert feed.error is not None and "malformed feed, nothing recovered" in feed.error
    assert not feed.usable


@pytest.mark.parametrize("name", ["feeder__rss_theguardian.xml", "prof18-rssparser__feed-test-malformed.xml"])
def test_malformed_feeds_recover_items_and_say_so(name: str) -> None:
    feed = parse_feed((FEEDS / name).read_bytes())
    assert feed.items
    assert feed.error is not None and feed.error.startswith("malformed feed, items recovered")
    assert feed.usable


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty document"),
        (b"   \n", "empty document"),
        (b"<html><head><title>Home</title></head><body><p>Hi</p></body></html>", "not a feed"),
        (b"\x00\x01\x02 binary junk \xff\xfe", "not a feed"),
        (b'{"version": "https://jsonfeed.org/version/1", "title": "x"}', "not a JSON Feed"),
        (b'{"items": [', "invalid JSON"),
        (b"\x1f\x8b\x08\x00 truncated gzip", "not a feed"),
    ],
)
def test_garbage_never_raises(data: bytes, reason: str) -> None:
    feed = parse_feed(data)
    assert feed.items == ()
    assert feed.error is not None and reason in feed.error


def test_gzip_compressed_files_are_decompressed() -> None:
    packed = (FEEDS / "node-feedparser__compressed.xml").read_bytes()
    plain = (FEEDS / "node-feedparser__iconv.xml").read_bytes()
    assert packed[:2] == b"\x1f\x8b"
    assert gzip.decompress(packed) == plain
    assert parse_feed(packed).items == parse_feed(plain).items


def test_illegally_nested_items_are_all_found() -> None:
    feed = parse_feed((FEEDS / "node-feedparser__illegally-nested.xml").read_bytes())
    assert len(feed.items) == 20
    real = usable_items(feed)
    assert len(real) == 10
    assert len({item.url for item in real}) == 10
    assert real[0].title == "My Professional Armchair Analysis of CES"
    assert real[0].summary_html and "over-covered" in real[0].summary_html


def test_json_feed_detected_by_content_type_or_sniffing() -> None:
    data = (FEEDS / "trafilatura__feed.json").read_bytes()
    assert parse_feed(data, content_type="application/feed+json").format == "json1.0"
    assert parse_feed(data).format == "json1.0"


def test_mislabelled_content_type_does_not_matter() -> None:
    rss = (FEEDS / "rss-parser__heise.atom").read_bytes()
    assert len(parse_feed(rss, content_type="application/json").items) == 15
    json_feed = (FEEDS / "rsparser__inessential.json").read_bytes()
    assert len(parse_feed(json_feed, content_type="text/xml").items) == 20


def test_entity_expansion_and_external_entities_do_nothing(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{lol}'
        f'<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<rss version="2.0"><channel><title>&l9;</title>'
        "<item><title>a &xxe; b</title><link>https://ex.org/1</link></item></channel></rss>"
    ).encode()
    feed = parse_feed(doc)
    assert all("TOP-SECRET" not in item.title for item in feed.items)
    assert len(feed.title or "") < 10_000
