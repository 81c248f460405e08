"""Hostile inputs for the end-to-end XSS test: HTML payload classes and URL spellings, and
feeds (RSS, Atom, JSON Feed) and a page that carry them in every field that can hold them.

Every payload that runs calls ``alert`` (a dialog) and logs ``XSS-MARK``; a test listens for both.
"""

from __future__ import annotations

import json
from html import escape

RUN = "alert(1),console.log('XSS-MARK')"

HTML_PAYLOADS = [
    f"<script>{RUN}</script>",
    f"<ScRiPt>{RUN}</sCrIpT>",
    f'<img src=x onerror="{RUN}">',
    f'<IMG SRC="jAvAsCrIpT:{RUN}">',
    f'<svg onload="{RUN}"><script>{RUN}</script></svg>',
    f'<svg><a xlink:href="javascript:{RUN}"><text x="20" y="20">svg link</text></a></svg>',
    f'<math><mtext><table><mglyph><style><img src=x onerror="{RUN}"></style></mglyph></table></mtext></math>',
    f'<math href="javascript:{RUN}">math link</math>',
    f'<a href="javascript:{RUN}">plain js link</a>',
    f'<a href=" &#14;javascript:{RUN}">control char link</a>',
    f'<a href="java&#x09;script:{RUN}">tab link</a>',
    f'<a href="&#106;avascript:{RUN}">entity link</a>',
    f'<a href="javascript&#58;{RUN}">entity colon link</a>',
    f'<a href="data:text/html,<script>{RUN}</script>">data link</a>',
    f'<a href="vbscript:{RUN}">vbscript link</a>',
    f'<iframe src="javascript:{RUN}"></iframe>',
    f'<iframe srcdoc="<script>{RUN}</script>"></iframe>',
    '<iframe src="https://www.youtube.com/embed/../../attribution_link?u=/x"></iframe>',
    f'<object data="javascript:{RUN}"></object><embed src="javascript:{RUN}">',
    f'<form action="javascript:{RUN}"><button>go</button></form>',
    f'<p style="background:url(javascript:{RUN})">css url</p>',
    f'<div style="width: expression({RUN})">css expression</div>',
    f"<style>@import 'javascript:{RUN}'; body {{ background: url('javascript:{RUN}') }}</style>",
    f'<base href="javascript:{RUN}//">',
    f'<meta http-equiv="refresh" content="0;url=javascript:{RUN}">',
    f'<details open ontoggle="{RUN}">toggle</details>',
    f'<input autofocus onfocus="{RUN}">',
    f'<video><source onerror="{RUN}"></video>',
    f'<noscript><p title="</noscript><img src=x onerror={RUN}>"></noscript>',
    f'<!--<img src="--><img src=x onerror={RUN}//">',
    f'<a href="#" onclick="{RUN}">click me</a>',
]
BODY = "<p>Hostile body follows.</p>" + "".join(HTML_PAYLOADS) + "<p>End of hostile body.</p>"

URL_PAYLOADS = [
    f"javascript:{RUN}//",
    f"JaVaScRiPt:{RUN}",
    f"\tjava\tscript:{RUN}",
    f"  javascript:{RUN}",
    f"java\nscript:{RUN}",
    f"javascript&#58;{RUN}",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    f"vbscript:{RUN}",
]
TITLE = f"<script>{RUN}</script><img src=x onerror={RUN}> title"


def rss(attacker: str) -> bytes:
    items = []
    for n, link in enumerate(URL_PAYLOADS):
        items.append(
            f"""<item><title>{escape(TITLE)} rss {n}</title><link>{escape(link)}</link>
<guid isPermaLink="false">rss-{n}</guid><author>{escape(TITLE)}</author><category>{escape(TITLE)}</category>
<description>{escape(BODY)}</description><content:encoded><![CDATA[{BODY}]]></content:encoded>
<media:content url="{escape(link)}" medium="image"/><enclosure url="{escape(link)}" type="image/png" length="1"/>
<pubDate>Tue, 01 May 2012 10:00:00 GMT</pubDate></item>"""
        )
    items.append(
        f"""<item><title>rss page item</title><link>{attacker}/hostile.html</link><guid>rss-page</guid>
<description>A teaser {escape(HTML_PAYLOADS[2])}</description></item>"""
    )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>{escape(TITLE)} channel</title><link>{escape(URL_PAYLOADS[1])}</link>
<image><url>{escape(URL_PAYLOADS[0])}</url></image>
{"".join(items)}</channel></rss>""".encode()


def atom() -> bytes:
    entries = []
    for n, link in enumerate(URL_PAYLOADS):
        entries.append(
            f"""<entry><title type="html">{escape(TITLE)} atom {n}</title><id>urn:atom:{n}</id>
<link rel="alternate" href="{escape(link)}"/><updated>2012-05-01T10:00:00Z</updated>
<author><name>{escape(TITLE)}</name><uri>{escape(link)}</uri></author>
<summary type="html">{escape(BODY)}</summary>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>xhtml</p><script>{RUN}</script>
<a href="{escape(link)}">x</a><img src="x" onerror="{RUN}"/></div></content></entry>"""
        )
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{escape(TITLE)} atom feed</title><id>urn:atom</id>
<link rel="alternate" href="{escape(URL_PAYLOADS[3])}"/><logo>{escape(URL_PAYLOADS[0])}</logo>
<icon>{escape(URL_PAYLOADS[6])}</icon><updated>2012-05-01T10:00:00Z</updated>{"".join(entries)}</feed>""".encode()


def json_feed() -> bytes:
    items = [
        {
            "id": f"json-{n}",
            "url": link,
            "external_url": link,
            "title": f"{TITLE} json {n}",
            "content_html": BODY,
            "summary": BODY,
            "image": link,
            "banner_image": link,
            "date_published": "2012-05-01T10:00:00Z",
            "authors": [{"name": TITLE, "url": link}],
            "tags": [TITLE],
        }
        for n, link in enumerate(URL_PAYLOADS)
    ]
    doc = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": TITLE,
        "home_page_url": URL_PAYLOADS[2],
        "icon": URL_PAYLOADS[0],
        "items": items,
    }
    return json.dumps(doc).encode()


def page() -> bytes:
    return f"""<!doctype html><html><head><title>{escape(TITLE)}</title>
<meta property="og:image" content="{escape(URL_PAYLOADS[0])}"><base href="javascript:{RUN}//">
<script>{RUN}</script></head><body><article><h1>Hostile page headline</h1>
<p>{"A long enough paragraph of the hostile page so that extraction keeps it as the body. " * 12}</p>
{BODY}<p>{"More text so that the page is longer than the teaser of the feed. " * 12}</p></article></body></html>""".encode()


def pushed(n: int, site: str) -> dict[str, object]:
    return {
        "id": f"push-{n}",
        "url": f"{site}/story-{n}",
        "title": f"{TITLE} push {n}",
        "html": BODY,
        "standfirst": HTML_PAYLOADS[2],
        "section": TITLE[:250],
        "authors": [TITLE],
        "tags": [TITLE],
        "lead_image": URL_PAYLOADS[n % len(URL_PAYLOADS)],
        "published": "2012-05-01T10:00:00Z",
    }
