"""canonical_url on real URLs from the feeds and pages (tracking stripped, spelling normalised)."""

from __future__ import annotations

import pytest

from mynews.ingest.urls import canonical_url, is_tracking_param

CASES = [
    # stern.de link as it came from the RSS feed
    (
        "https://www.stern.de/politik/ausland/niederlage-fuer-johnson--parlament-vertagt-votum-ueber-brexit-deal"
        "-8961728.html?utm_campaign=alle&utm_medium=rss-feed&utm_source=standard",
        "https://www.stern.de/politik/ausland/niederlage-fuer-johnson--parlament-vertagt-votum-ueber-brexit-deal"
        "-8961728.html",
    ),
    # NYT Wirecutter (rss-2.0 wirecutter feed): utm_* with an encoded space
    (
        "https://www.nytimes.com/wirecutter/blog/how-to-teach-someone-a-board-game/"
        "?utm_source=rss&utm_medium=feed&utm_campaign=RSS%20Feed",
        "https://www.nytimes.com/wirecutter/blog/how-to-teach-someone-a-board-game/",
    ),
    # NPR JSON Feed
    (
        "https://www.npr.org/2021/10/29/1050315385/keller-rinaudo-how-can-delivery-drones-save-lives"
        "?utm_medium=JSONFeed&utm_campaign=technology",
        "https://www.npr.org/2021/10/29/1050315385/keller-rinaudo-how-can-delivery-drones-save-lives",
    ),
    # heise (wt_mc), Le Monde (xtor), Daily Mail (ITO + ns_*), NYT (partner=rss&emc=rss)
    (
        "http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html"
        "?wt_mc=rss.developer.beitrag.atom",
        "http://www.heise.de/developer/meldung/Java-Anwendungsserver-Red-Hat-gibt-WildFly-10-frei-3088438.html",
    ),
    (
        "http://www.lemonde.fr/jeux-olympiques-pyeongchang-2018/live/2018/02/11/jo-d-hiver-2018-suivez-la-course"
        "-de-martin-fourcade-en-direct_5255095_5193626.html?xtor=RSS-3208",
        "http://www.lemonde.fr/jeux-olympiques-pyeongchang-2018/live/2018/02/11/jo-d-hiver-2018-suivez-la-course"
        "-de-martin-fourcade-en-direct_5255095_5193626.html",
    ),
    (
        "http://www.dailymail.co.uk/news/article-2272640/Could-infamous-Black-Dahlia-case-solved.html"
        "?ITO=1490&ns_mchannel=rss&ns_campaign=1490",
        "http://www.dailymail.co.uk/news/article-2272640/Could-infamous-Black-Dahlia-case-solved.html",
    ),
    (
        "http://www.nytimes.com/2013/05/06/nyregion/epa-plan-to-clean-up-gowanus-canal-meets-local-resistance.html"
        "?partner=rss&emc=rss",
        "http://www.nytimes.com/2013/05/06/nyregion/epa-plan-to-clean-up-gowanus-canal-meets-local-resistance.html",
    ),
    # Slashdot: utm_* dropped, the path kept exactly
    (
        "https://yro.slashdot.org/story/24/03/02/071229/ransomware-attack-hampers-prescription-drug-sales-at-90-of"
        "-us-pharmacies?utm_source=rss1.0mainlinkanon&utm_medium=feed",
        "https://yro.slashdot.org/story/24/03/02/071229/ransomware-attack-hampers-prescription-drug-sales-at-90-of"
        "-us-pharmacies",
    ),
    # Macworld: the fragment goes
    (
        "https://www.techhive.com/article/3212828/connected-home/best-smart-lock.html#tk.rss_all",
        "https://www.techhive.com/article/3212828/connected-home/best-smart-lock.html",
    ),
    # Parameters that identify the page are kept (and sorted)
    (
        "http://www.kc0011.net/dispbbs.asp?BoardID=10&ID=25164257&Page=1",
        "http://www.kc0011.net/dispbbs.asp?BoardID=10&ID=25164257&Page=1",
    ),
    (
        "https://agoraequesaoelas.blogfolha.uol.com.br/?p=1609",
        "https://agoraequesaoelas.blogfolha.uol.com.br/?p=1609",
    ),
    (
        "http://www.tjrs.jus.br/site_php/noticias/mostranoticia.php?item=506095&categoria=1&assunto=1",
        "http://www.tjrs.jus.br/site_php/noticias/mostranoticia.php?assunto=1&categoria=1&item=506095",
    ),
    (
        "http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1",
        "http://science.sciencemag.org/cgi/content/short/356/6343/1134-a?rss=1",
    ),
    # Bing redirect: its ref=FexRss is not a plain tracking value, the target URL stays
    (
        "http://www.bing.com/news/apiclick.aspx?ref=FexRss&aid=&tid=12BE&url=https%3a%2f%2fwww.dailymail.co.uk%2fx&mkt=it-it",
        "http://www.bing.com/news/apiclick.aspx?aid=&mkt=it-it&ref=FexRss&tid=12BE&url=https%3A%2F%2Fwww.dailymail.co.uk%2Fx",
    ),
    # Spelling: scheme and host case, default ports, empty path, IDN host, percent-encoding
    ("HTTPS://WWW.Example.COM:443", "https://www.example.com/"),
    ("http://Example.com:80/A/B?x=1#top", "http://example.com/A/B?x=1"),
    ("http://example.com:8080/", "http://example.com:8080/"),
    ("https://example.com./news", "https://example.com/news"),
    ("https://münchen.de/nachrichten", "https://xn--mnchen-3ya.de/nachrichten"),
    ("https://example.com/%7euser/caf%c3%a9", "https://example.com/~user/caf%C3%A9"),
    ("https://example.com/café/ü", "https://example.com/caf%C3%A9/%C3%BC"),
    ("https://example.com/a b", "https://example.com/a%20b"),
    ("https://example.com/index.html", "https://example.com/index.html"),
    ("https://example.com/x?b=2&a=1&b=1", "https://example.com/x?a=1&b=2&b=1"),
    (
        "https://example.com/x?fbclid=IwAR3&gclid=abc&id=5&mc_cid=1&mc_eid=2&igshid=z",
        "https://example.com/x?id=5",
    ),
    (
        "https://example.com/x?_ga=2.1&yclid=9&ocid=msn&cmpid=rss&ref=rss&ref_src=twsrc%5Etfw",
        "https://example.com/x",
    ),
    ("https://example.com/x?ref=v2", "https://example.com/x?ref=v2"),
    ("https://example.com/x?utm_source=a", "https://example.com/x"),
    ("https://[2001:DB8::1]:443/x", "https://[2001:db8::1]/x"),
    # Not http(s): left alone
    ("mailto:editor@example.com", "mailto:editor@example.com"),
    ("  https://example.com/  ", "https://example.com/"),
]


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_canonical_url(url: str, expected: str) -> None:
    assert canonical_url(url) == expected


@pytest.mark.parametrize(("url", "_"), CASES)
def test_canonical_url_is_idempotent(url: str, _: str) -> None:
    once = canonical_url(url)
    assert canonical_url(once) == once


def test_relative_urls_are_resolved_against_base() -> None:
    assert canonical_url("../2018/story.html?utm_source=rss", base="https://ex.org/news/world/") == (
        "https://ex.org/news/2018/story.html"
    )
    assert canonical_url("/a", base="https://ex.org/b/c") == "https://ex.org/a"


def test_two_spellings_of_one_article_meet() -> None:
    a = "https://www.stern.de/a-8961728.html?utm_campaign=alle&utm_medium=rss-feed&utm_source=standard"
    b = "HTTPS://WWW.STERN.DE:443/a-8961728.html#comments"
    assert canonical_url(a) == canonical_url(b)


def test_broken_urls_do_not_raise() -> None:
    assert canonical_url("http://[::1/x") == "http://[::1/x"
    assert canonical_url("http://example.com:99999/") == "http://example.com:99999/"


def test_tracking_params_are_data() -> None:
    assert is_tracking_param("UTM_Source")
    assert is_tracking_param("ref", "RSS")
    assert not is_tracking_param("ref", "main")
    assert not is_tracking_param("id", "5")
