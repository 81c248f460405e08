"""What the items hold: correct text in every charset, entities, dates, links, images, authors."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mynews.ingest.feed_bytes import garbled_ratio
from mynews.ingest.feeds import parse_feed

FEEDS = Path(__file__).parent.parent / "data" / "feeds"
ALL = sorted(p for p in FEEDS.iterdir() if p.suffix in {".xml", ".rss", ".atom", ".json"})


def first(name: str, **kw: str) -> tuple:
    feed = parse_feed((FEEDS / name).read_bytes(), **kw)
    return feed, feed.items[0]


@pytest.mark.parametrize(
    ("name", "feed_title", "item_title"),
    [
        # windows-1251 (Cyrillic), declared; and the same bytes gzip-compressed
        ("node-feedparser__iconv.xml", "Новости Оренбурга", "В Бузулуке главные стройплощадки"),
        ("node-feedparser__compressed.xml", "Новости Оренбурга", "В Бузулуке главные стройплощадки"),
        # ISO-8859-7 (Greek)
        ("prof18-rssparser__feed-test-greek.xml", "ΕΠΙΚΑΙΡΟΤΗΤΑ", "«Πορτραίτα καραντίνας»"),
        # GB2312 (Chinese), which expat cannot read without transcoding
        ("rsparser__kc0011.rss", "流通纪念币", "建国35周年纪念，华表，和平鸽"),
        # ISO-8859-1 with a declaration
        ("rss-parser__encoding.rss", "Jornal de Notícias", "Mãe de utente é a nova presidente da Raríssimas"),
        ("miniflux__encoding_ISO-8859-1.xml", "Golem.de", "Red Dead Redemption 2"),
        ("feed-rs__rss_1.0_iso8859.xml", "Golem.de", "Glasfaserförderung"),
        ("feed-rs__rss_0.91_encoding_2.xml", "Tribunal de Justiça", "Comitê completa 150 dias de atuação"),
        # ISO-8859-1 bytes WITHOUT a declaration: must be sniffed
        ("rss-parser__uolNoticias.rss", "UOL Noticias", "simulações de 2º turno"),
        ("miniflux__no_encoding_ISO-8859-1.xml", "Le Cercle Psy", "Perturbateurs endocriniens"),
        # UTF-8 scripts
        ("miniflux__urdu_UTF8.xml", None, "امریکی عسکری امداد"),
        ("prof18-rssparser__feed-test-hindi-channel-image.xml", None, "कैसे फैला कोरोना वायरस"),
        ("feeder__rss_ukrnet.xml", None, "Торгівля між Росією та Китаєм"),
        ("rsparser__aktuality.rss", None, "zvýšili odhad rastu"),
    ],
)
def test_charsets_come_out_as_correct_text(name: str, feed_title: str | None, item_title: str) -> None:
    feed, item = first(name)
    assert item_title in item.title
    if feed_title:
        assert feed.title and feed_title in feed.title


def test_second_item_of_windows_1251_feed_summary_is_cyrillic() -> None:
    feed, _ = first("node-feedparser__iconv.xml")
    assert all(garbled_ratio([item.title, item.summary_html or ""]) == 0 for item in feed.items)
    assert feed.encoding == "windows-1251"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_no_feed_comes_out_garbled(path: Path) -> None:
    feed = parse_feed(path.read_bytes())
    texts = [i.title for i in feed.items] + [(i.summary_html or "")[:500] for i in feed.items]
    assert garbled_ratio(texts) == 0


@pytest.mark.parametrize(
    ("name", "content_type", "words"),
    [
        # A wrong HTTP charset on a feed that declares its own encoding: the declaration wins.
        ("prof18-rssparser__feed-test-greek.xml", "text/xml; charset=windows-1252", "Πορτραίτα"),
        ("node-feedparser__iconv.xml", "application/rss+xml; charset=utf-8", "Бузулуке"),
        ("rsparser__kc0011.rss", "text/xml; charset=ISO-8859-1", "和平鸽"),
        # No declaration and a wrong HTTP charset: the garbled result is detected and re-decoded.
        ("rss-parser__uolNoticias.rss", "text/xml; charset=utf-8", "simulações"),
        ("miniflux__no_encoding_ISO-8859-1.xml", "text/xml; charset=UTF-8", "Perturbateurs"),
        # No declaration, HTTP charset right: it is used.
        ("rss-parser__uolNoticias.rss", "text/xml; charset=ISO-8859-1", "simulações"),
    ],
)
def test_http_charset(name: str, content_type: str, words: str) -> None:
    _, item = first(name, content_type=content_type)
    assert words in item.title


def test_feed_without_declaration_served_as_text_xml_is_not_read_as_ascii() -> None:
    _, item = first("prof18-rssparser__feed-test-hindi-channel-image.xml", content_type="text/xml")
    assert "कोरोना" in item.title


def test_titles_have_entities_decoded_and_whitespace_collapsed() -> None:
    _, item = first("prof18-rssparser__feed-dcdate.xml")  # &#160; and &#171; in the source
    assert item.title == "Europe : vers un « affaiblissement historique » des normes écologiques ?"
    _, item = first("prof18-rssparser__feed-bing-image.xml")  # a newline and indentation inside
    assert item.title == (
        "Real Madrid, Barcelona and Juventus 'threaten clubs withdrawing from Super League with legal action'"
    )
    _, item = first("feed-rs__jsonfeed_elastic_1.1.json")
    assert item.title == "InfluxDB vs. Graphite for Time Series Data & Metrics Benchmark"
    feed, _ = first("feed-rs__jsonfeed_elastic_1.1.json")
    assert feed.title == "Blog – InfluxData"  # "&#8211;" in the JSON


def test_dates_are_aware_utc() -> None:
    _, item = first("rss-parser__heise.atom")  # 2016-02-01T17:22:00+01:00
    assert item.published == datetime(2016, 2, 1, 16, 22, tzinfo=UTC)
    assert item.updated == datetime(2016, 2, 1, 16, 54, 50, tzinfo=UTC)
    _, item = first("prof18-rssparser__feed-dcdate.xml")  # dc:date only
    assert item.published == datetime(2025, 2, 26, 16, 42, 45, tzinfo=UTC)
    _, item = first("rsparser__inessential.json")  # 2017-06-02T22:05:47-07:00
    assert item.published == datetime(2017, 6, 3, 5, 5, 47, tzinfo=UTC)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rss-parser__uolNoticias.rss", datetime(2018, 9, 24, 22, 42, 40, tzinfo=UTC)),  # "Seg, 24 Set 2018"
        (
            "feed-rs__rss_2.0_ilmessaggero.xml",
            datetime(2022, 11, 15, 23, 38, 15, tzinfo=UTC),
        ),  # "mer, 16 nov"
        (
            "feed-rs__jsonfeed_elastic_1.1.json",
            datetime(2019, 5, 31, 19, 17, 58, tzinfo=UTC),
        ),  # RFC 822 in JSON
    ],
)
def test_localised_and_odd_dates_are_read(name: str, expected: datetime) -> None:
    _, item = first(name)
    assert item.published == expected


def test_links_are_resolved_against_the_feed_url_and_guids_are_not() -> None:
    _, item = first("node-feedparser__tpm.atom", url="https://talkingpointsmemo.com/feed/all")
    assert item.url == (
        "https://talkingpointsmemo.com/livewire/hannity-announces-fox-hired-sebastian-gorka-national-security-strategist"
    )
    assert item.guid == "tag:talkingpointsmemo.com,2005:ArticleDecorator/270060"
    _, item = first("feed-rs__atom_mediarss_newscred_1.xml", url="https://feeds.example.org/x")
    assert item.guid == "75ffea6b731bb4534f3138fd6b726791"


@pytest.mark.parametrize(
    ("name", "image"),
    [
        (
            "rss-parser__guardian.rss",
            "https://i.guim.co.uk/img/media/b73c8752cd4667c923dff7f1542f1fb20089e421/",
        ),
        (
            "feed-rs__atom_mediarss_newscred_1.xml",
            "https://www.example.com/Zz1hNjRiMWFjMzdhYWIzNTEwNjk2YjIzYjc5NWQxNWFlMA==/.jpeg",
        ),
        (
            "prof18-rssparser__feed-bing-image.xml",
            "http://www.bing.com/th?id=OVFT.SNpH_QAbpZOYgrEHZRyCTi&pid=News",
        ),
        ("trafilatura__feed.json", "https://media.npr.org/assets/img/2021/10/29/kellerrinaudo_2017g-embed-"),
        ("node-feedparser__iconv.xml", "http"),  # enclosure image
    ],
)
def test_lead_image(name: str, image: str) -> None:
    _, item = first(name)
    assert item.image_url is not None and item.image_url.startswith(image)


def test_authors_and_categories() -> None:
    _, item = first("node-feedparser__category-feed.xml")
    assert item.categories == ("Water Pollution", "Gowanus Canal (Brooklyn, NY)")
    _, item = first("prof18-rssparser__feed-char-escape.xml")
    assert item.authors == ("Alan Burdick",)
    _, item = first("rsparser__DaringFireball.json")  # only the feed has an author
    assert item.authors == ("John Gruber",)


@pytest.mark.parametrize(
    ("name", "full"),
    [
        ("node-feedparser__tpm.atom", True),  # Atom <content> with the whole article
        ("rsparser__inessential.json", True),  # JSON content_html
        ("prof18-rssparser__feed-atom-test.xml", True),
        ("rss-parser__guardian.rss", False),  # description only
        ("rss-parser__heise.atom", False),  # <content> that is only the teaser again
        ("miniflux__encoding_ISO-8859-1.xml", False),  # content:encoded that is a teaser
        ("trafilatura__feed.json", False),  # content_html no longer than the summary
    ],
)
def test_full_content_flag(name: str, full: bool) -> None:
    _, item = first(name)
    assert item.full_content is full


def test_plain_text_summaries_are_escaped_into_html() -> None:
    _, item = first("feed-rs__atom_mediarss_newscred_1.xml")  # <summary type="text">
    assert item.summary_html == "media description"
    _, item = first("feed-rs__jsonfeed_elastic_1.1.json")  # content_text only
    assert item.content_html and "<" not in item.content_html.replace("&lt;", "")


def test_feed_metadata() -> None:
    feed, _ = first("rss-parser__guardian.rss")
    assert (feed.title, feed.site_url, feed.language, feed.format) == (
        "The Guardian",
        "https://www.theguardian.com/us",
        "en-gb",
        "rss20",
    )
