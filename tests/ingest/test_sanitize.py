"""sanitize_html against real XSS payloads (OWASP filter-evasion style) and real feed content."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from mynews.ingest.feed_items import html_text_length
from mynews.ingest.feeds import parse_feed
from mynews.ingest.sanitize import ATTRIBUTES, IFRAME_ATTRIBUTES, TAGS, is_allowed_embed, sanitize_html

FEEDS = Path(__file__).parent.parent / "data" / "feeds"
BASE = "https://news.example.org/world/story.html"
DATA = Path(__file__).parent.parent / "data" / "sanitize"

PAYLOADS = [
    line for line in (DATA / "xss-payloads.txt").read_text(encoding="utf-8").splitlines() if line.strip()
]


def _assert_safe(html: str) -> None:
    if not html.strip():
        return
    assert "<script" not in html.lower()
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in root.iter():
        if element is root or not isinstance(element.tag, str):
            continue
        assert element.tag in TAGS, element.tag
        allowed = ATTRIBUTES.get(element.tag, set()) | ATTRIBUTES["*"] | {"rel"}
        if element.tag == "iframe":
            allowed |= set(IFRAME_ATTRIBUTES)
        for name, value in element.attrib.items():
            assert name in allowed, (element.tag, name)
            assert not name.startswith("on")
            if name in ("href", "src"):
                assert value.startswith(("http://", "https://", "mailto:")), value
        if element.tag == "iframe":
            assert is_allowed_embed(element.get("src", ""))
        if element.tag == "a" and element.get("href"):
            assert element.get("rel") == "noopener noreferrer nofollow"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_xss_payloads_do_not_survive(payload: str) -> None:
    _assert_safe(sanitize_html(payload, base_url=BASE))
    _assert_safe(sanitize_html(payload))


def test_the_payloads_would_be_caught_if_left_alone() -> None:
    # The checker above is not vacuous: raw payloads fail it.
    failures = 0
    for payload in PAYLOADS[:10]:
        try:
            _assert_safe(payload)
        except AssertionError:
            failures += 1
    assert failures >= 8


def test_normal_content_survives() -> None:
    html = (
        "<h2>Sub</h2><p>Some <strong>bold</strong>, <em>em</em> and "
        '<a href="/about" title="About">a link</a>.</p>'
        '<figure><img src="img/a.jpg" alt="A" width="640" height="480">'
        "<figcaption>Caption</figcaption></figure>"
        "<blockquote><p>Quote</p></blockquote><ul><li>one</li></ul><table><tr><td>1</td></tr></table>"
        '<p><a href="mailto:desk@news.example.org">mail</a> <time datetime="2020-01-01">1 Jan</time></p>'
    )
    out = sanitize_html(html, base_url=BASE)
    assert '<a href="https://news.example.org/about" title="About" rel="noopener noreferrer nofollow">' in out
    assert '<img src="https://news.example.org/world/img/a.jpg" alt="A" width="640" height="480">' in out
    for fragment in (
        "<h2>Sub</h2>",
        "<strong>bold</strong>",
        "<figcaption>Caption</figcaption>",
        "<li>one</li>",
    ):
        assert fragment in out
    assert '<a href="mailto:desk@news.example.org"' in out
    assert '<time datetime="2020-01-01">' in out


def test_allowed_video_embeds_stay_others_go() -> None:
    out = sanitize_html(
        '<p>a</p><iframe src="https://www.youtube-nocookie.com/embed/abc" width="560" height="315"></iframe>'
        '<iframe src="//player.vimeo.com/video/123"></iframe>'
        '<iframe src="https://ads.example/frame">fallback</iframe><p>b</p>'
    )
    assert 'src="https://www.youtube-nocookie.com/embed/abc"' in out
    assert 'src="https://player.vimeo.com/video/123"' in out
    assert "ads.example" not in out and "fallback" not in out
    assert 'sandbox="' in out
    assert out.startswith("<p>a</p>") and out.endswith("<p>b</p>")


@pytest.mark.parametrize(
    "name", ["node-feedparser__tpm.atom", "feed-rs__rss_2.0_wirecutter.xml", "rsparser__DaringFireball.json"]
)
def test_real_feed_bodies_keep_their_text(name: str) -> None:
    feed = parse_feed((FEEDS / name).read_bytes())
    for item in feed.items:
        html = item.content_html or item.summary_html or ""
        clean = sanitize_html(html, base_url=item.url)
        _assert_safe(clean)
        assert html_text_length(clean) >= 0.9 * html_text_length(html)


def test_relative_urls_without_a_base_are_dropped() -> None:
    out = sanitize_html('<a href="/admin/delete">x</a><img src="a.jpg"><a href="https://ok.example/">ok</a>')
    assert "/admin" not in out and "a.jpg" not in out
    assert 'href="https://ok.example/"' in out


def test_empty_input() -> None:
    assert sanitize_html("") == ""


@pytest.mark.parametrize(
    "src",
    [
        "https://www.youtube.com/embed/../../attribution_link?u=/evil",
        "https://www.youtube.com/embed/x/../../../redirect?q=https://evil.example",
        "https://www.youtube.com/embed/%2e%2e/%2e%2e/redirect",
        "https://www.youtube.com/embed/%252e%252e/redirect",
        "https://www.youtube.com/embed/x%2f..%2f..%2fredirect",
        "https://www.youtube.com/embed/.%2e/redirect",
        "https://www.youtube.com/embed\\..\\..\\redirect",
        "https://user@www.youtube.com/embed/abc",
        "https://www.youtube.com:8443/embed/abc",
        "http://www.youtube.com/embed/abc",
        "https://www.youtube.com.evil.example/embed/abc",
        "https://evil.example/https://www.youtube.com/embed/abc",
    ],
)
def test_embeds_cannot_walk_off_the_player(src: str) -> None:
    assert not is_allowed_embed(src)
    assert "iframe" not in sanitize_html(f'<iframe src="{src}"></iframe>')


def test_an_allowed_embed_is_rebuilt_from_its_parts() -> None:
    out = sanitize_html('<iframe src="//WWW.YOUTUBE.COM:443/embed/abc?start=3"></iframe>')
    assert 'src="https://www.youtube.com/embed/abc?start=3"' in out
