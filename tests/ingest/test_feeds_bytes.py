"""The byte-level helpers behind parse_feed: gzip sniffing, charset detection and repair."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from mynews.ingest.feed_bytes import (
    declared_encoding,
    detect_charset,
    garbled_ratio,
    gunzip_if_needed,
    looks_like_json,
    transcode_to_utf8,
)
from mynews.ingest.feeds import parse_feed

FEEDS = Path(__file__).parent.parent / "data" / "feeds"
CYRILLIC = (FEEDS / "node-feedparser__iconv.xml").read_bytes()


def without_declaration(data: bytes) -> bytes:
    return re.sub(rb"^\s*<\?xml[^>]*\?>", b"", data, count=1)


def test_gunzip_only_when_gzip() -> None:
    packed = (FEEDS / "node-feedparser__compressed.xml").read_bytes()
    assert gunzip_if_needed(packed) == CYRILLIC
    assert gunzip_if_needed(CYRILLIC) is CYRILLIC
    assert gunzip_if_needed(b"\x1f\x8b broken") == b"\x1f\x8b broken"
    big = gzip.compress((FEEDS / "rss-parser__guardian.rss").read_bytes())
    assert len(gunzip_if_needed(big)) == 151464


def test_json_sniffing() -> None:
    assert looks_like_json((FEEDS / "trafilatura__feed.json").read_bytes())
    assert looks_like_json(b'\xef\xbb\xbf  {"items": []}')
    assert not looks_like_json(CYRILLIC)


def test_declared_encoding() -> None:
    assert declared_encoding(CYRILLIC) == "windows-1251"
    assert declared_encoding((FEEDS / "prof18-rssparser__feed-test-xsl.xml").read_bytes()) == "utf-8"
    assert declared_encoding((FEEDS / "rss-parser__uolNoticias.rss").read_bytes()) is None


def test_garbled_text_is_recognised() -> None:
    good = ["JO d’hiver 2018 : pas de médaille pour Martin Fourcade", "В Бузулуке", "建国35周年纪念"]
    bad = [text.encode("utf-8").decode("windows-1252", errors="replace") for text in good[:1]]
    bad += [good[0].encode("utf-8").decode("latin-1"), "Ibope: simula\ufffd\ufffdes"]
    assert garbled_ratio(good) == 0
    assert all(garbled_ratio([text]) == 1 for text in bad)
    assert garbled_ratio([]) == 0


def test_charset_detection_and_transcoding() -> None:
    bare = without_declaration(CYRILLIC)
    assert detect_charset(bare) in ("cp1251", "windows_1251")
    utf8 = transcode_to_utf8(bare, "cp1251")
    assert utf8 is not None and utf8.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    assert [i.title for i in parse_feed(utf8).items] == [i.title for i in parse_feed(CYRILLIC).items]
    fixed = transcode_to_utf8(CYRILLIC, "windows-1251")
    assert fixed is not None and declared_encoding(fixed) == "utf-8"
    assert transcode_to_utf8(b"\xff\xfe", "utf-8") is None
    assert transcode_to_utf8(CYRILLIC, "no-such-charset") is None


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("node-feedparser__iconv.xml", "Бузулуке"),  # windows-1251
        ("prof18-rssparser__feed-test-greek.xml", "Πορτραίτα"),  # ISO-8859-7
        ("rsparser__kc0011.rss", "和平鸽"),  # GB2312
        ("rss-parser__encoding.rss", "Raríssimas"),  # ISO-8859-1
    ],
)
def test_legacy_charsets_without_any_declaration_are_sniffed(name: str, words: str) -> None:
    feed = parse_feed(without_declaration((FEEDS / name).read_bytes()))
    assert words in feed.items[0].title
