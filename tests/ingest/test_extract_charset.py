"""Decoding HTML bytes: BOM, HTTP charset, <meta charset>, sniffing, gzip; on real pages re-encoded."""

from __future__ import annotations

import codecs
import gzip
import re
from pathlib import Path

from mynews.ingest.charset import decode_html, detect_charset
from mynews.ingest.extract import extract_html

PAGES = Path(__file__).resolve().parent.parent / "data" / "pages"


def page_text(name: str) -> str:
    return gzip.decompress((PAGES / name / "source.html.gz").read_bytes()).decode("utf-8")


def without_charset_declaration(html: str) -> str:
    return re.sub(r"<meta[^>]*charset[^>]*>", "", html, flags=re.IGNORECASE)


def test_meta_charset_gb2312_page_in_gb18030_bytes() -> None:
    html = page_text("readability__qq")  # declares gb2312 (the copy is UTF-8)
    data = html.encode("gb18030")
    assert detect_charset(data) == ("gb18030", 0)
    assert decode_html(data) == html
    title = extract_html(data).article.title
    assert title.startswith("DeepMind新电脑已可利用记忆自学")


def test_utf8_bytes_win_over_a_stale_meta_charset() -> None:
    data = page_text("readability__qq").encode("utf-8")
    assert detect_charset(data)[0] == "utf-8"


def test_http_charset_wins_over_meta() -> None:
    html = page_text("readability__lemonde-1")
    data = without_charset_declaration(html).encode("cp1252", errors="replace")
    text = decode_html(data, "text/html; charset=windows-1252")
    assert "Le projet de loi sur le renseignement" in text
    assert "é" in text
    assert decode_html(data, "text/html; charset=ISO-8859-1") == text  # browsers read latin-1 as cp1252


def test_byte_order_marks() -> None:
    html = page_text("newspaper4k__chinese_article")
    for codec, bom in (
        ("utf-8", codecs.BOM_UTF8),
        ("utf-16-le", codecs.BOM_UTF16_LE),
        ("utf-16-be", codecs.BOM_UTF16_BE),
    ):
        data = bom + html.encode(codec)
        assert decode_html(data, "text/html; charset=iso-8859-1") == html


def test_sniffing_without_any_declaration() -> None:
    html = without_charset_declaration(page_text("newspaper4k__chinese_article"))
    data = html.encode("gb18030")
    assert decode_html(data) == html
    article = extract_html(data).article
    assert article is not None
    assert article.title == "港特首梁振英就住宅违建事件道歉"


def test_gzip_bytes_are_unpacked() -> None:
    raw = (PAGES / "readability__nytimes-1" / "source.html.gz").read_bytes()
    assert decode_html(raw).startswith(page_text("readability__nytimes-1")[:200])


def test_unknown_declared_charset_falls_back() -> None:
    data = "<html><head><meta charset='x-no-such-thing'></head><body>café</body></html>".encode()
    assert "café" in decode_html(data, "text/html; charset=bogus")
