"""OPML import (nested folders, odd attributes, hostile XML) and export, round trip."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mynews.core.errors import ParseError
from mynews.ingest.opml import OpmlOutline, parse_opml, render_opml

DATA = Path(__file__).parent.parent / "data" / "opml"


def subscriptions() -> list[OpmlOutline]:
    return parse_opml((DATA / "subscriptions.opml").read_bytes())


def test_nested_folders_become_categories() -> None:
    outlines = {o.xml_url: o for o in subscriptions()}
    assert outlines["https://www.theguardian.com/us/rss"] == OpmlOutline(
        title="The Guardian",
        xml_url="https://www.theguardian.com/us/rss",
        html_url="https://www.theguardian.com/us",
        category="News",
    )
    assert outlines["http://www.oren.ru/rss/news.xml"].category == "News/Europe"
    assert outlines["http://www.oren.ru/rss/news.xml"].title == "Новости Оренбурга"
    assert outlines["https://www.heise.de/newsticker/heise.rdf"].category == "Tech"


def test_odd_attributes() -> None:
    outlines = {o.xml_url: o for o in subscriptions()}
    assert outlines["https://feeds.npr.org/1019/feed.json"].category == "Radio/Science"  # category attr
    assert outlines["http://inessential.com/feed.json"].title == "inessential.com"  # lower-case xmlurl
    assert outlines["http://inessential.com/feed.json"].category is None


def test_duplicates_links_and_empty_folders_are_skipped() -> None:
    outlines = subscriptions()
    urls = [o.xml_url for o in outlines]
    assert len(urls) == len(set(urls)) == 9
    assert "https://example.org/page.html" not in urls
    slashdot = next(o for o in outlines if "slashdot" in o.xml_url)
    assert slashdot.title == "Slashdot"  # the first occurrence wins


def test_round_trip() -> None:
    outlines = subscriptions()
    rendered = render_opml(outlines, "My subscriptions", created=datetime(2026, 11, 29, tzinfo=UTC))
    assert rendered.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"<title>My subscriptions</title>" in rendered
    assert b"Sun, 29 Nov 2026 00:00:00" in rendered
    assert sorted(parse_opml(rendered), key=lambda o: o.xml_url) == sorted(outlines, key=lambda o: o.xml_url)


def test_render_escapes_attributes() -> None:
    tricky = [OpmlOutline(title='A & B "quoted" <x>', xml_url="https://ex.org/feed?a=1&b=2", category="X/Y")]
    rendered = render_opml(tricky, "t & t")
    assert parse_opml(rendered) == tricky
    assert b"<title>t &amp; t</title>" in rendered


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<opml version="2.0"><head><title>&lol9;</title></head>
<body><outline text="&lol9;" xmlUrl="https://ex.org/feed"/></body></opml>"""


def test_billion_laughs_is_not_expanded() -> None:
    outlines = parse_opml(BILLION_LAUGHS)
    assert all(len(o.title) < 1000 for o in outlines)


def test_external_entities_are_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE")
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        '<opml version="2.0"><body><outline text="a&xxe;b" xmlUrl="https://ex.org/feed"/></body></opml>'
    ).encode()
    outlines = parse_opml(doc)
    assert outlines and all("TOP-SECRET" not in o.title for o in outlines)


def test_external_dtd_is_not_fetched(feedserver) -> None:
    from tests.feedserver import Route

    dtd = feedserver.route(
        "/evil.dtd", Route(body=b'<!ENTITY x "pwned">', content_type="application/xml-dtd")
    )
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE opml SYSTEM "{dtd}">'
        '<opml version="2.0"><body><outline text="a&x;" xmlUrl="https://ex.org/feed"/></body></opml>'
    ).encode()
    outlines = parse_opml(doc)
    assert feedserver.seen == []
    assert all("pwned" not in o.title for o in outlines)


@pytest.mark.parametrize("data", [b"", b"not xml at all", b"<rss><channel/></rss>", b"\xff\xfe\x00"])
def test_not_opml_raises_parse_error(data: bytes) -> None:
    with pytest.raises(ParseError):
        parse_opml(data)


def test_opml_without_body_is_empty() -> None:
    assert parse_opml(b'<opml version="1.0"><head><title>x</title></head></opml>') == []
