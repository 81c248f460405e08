"""WordPress post bodies (as in WXR exports and many feeds): shortcodes to plain HTML.

``[caption ... caption="Text"]<img ...>[/caption]`` and ``[caption ...]<img ...> Text[/caption]``
become ``<figure><img ...><figcaption>Text</figcaption></figure>``; ``[embed]URL[/embed]``
becomes a link; other shortcodes are dropped, their content kept.
"""

from __future__ import annotations

import html as html_lib
import re

from mynews.core.articles import Caption, Image

_CAPTION = re.compile(r"\[caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/caption\]", re.DOTALL | re.IGNORECASE)
_ATTR = re.compile(r'caption="(?P<text>[^"]*)"', re.IGNORECASE)
_EMBED = re.compile(r"\[embed[^\]]*\](?P<url>.*?)\[/embed\]", re.DOTALL | re.IGNORECASE)
_OTHER = re.compile(r"\[/?(?:gallery|audio|video|youtube|vimeo|soundcloud|wpvideo)\b[^\]]*\]", re.IGNORECASE)
_LAST_TAG = re.compile(r"^(?P<media>.*>)(?P<text>[^<>]*)$", re.DOTALL)


def _figure(match: re.Match[str]) -> str:
    inner = match.group("inner").strip()
    attr = _ATTR.search(match.group("attrs"))
    text = attr.group("text") if attr else ""
    tail = _LAST_TAG.match(inner)
    if tail and tail.group("text").strip():
        inner, text = tail.group("media"), text or tail.group("text").strip()
    caption = f"<figcaption>{html_lib.escape(html_lib.unescape(text))}</figcaption>" if text else ""
    return f"<figure>{inner}{caption}</figure>"


def expand_shortcodes(body: str) -> str:
    body = _CAPTION.sub(_figure, body)
    body = _EMBED.sub(
        lambda m: (
            f'<p><a href="{html_lib.escape(m.group("url").strip())}">'
            f"{html_lib.escape(m.group('url').strip())}</a></p>"
        ),
        body,
    )
    return _OTHER.sub("", body)


def figures_of(body: str, base_url: str | None = None) -> tuple[tuple[Image, ...], tuple[Caption, ...]]:
    """Images and captions (credits split off) of an HTML fragment's <figure> elements."""
    from lxml import html as lxml_html

    from mynews.ingest.extract_body import figures

    if "<figure" not in body:
        return (), ()
    tree = lxml_html.fromstring(f"<html><body>{body}</body></html>")
    return figures(tree, base_url)
