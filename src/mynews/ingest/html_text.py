"""HTML fragments (feed content, corpus bodies) to plain paragraphs.

Block elements end a paragraph; ``<br><br>`` and blank lines in text nodes do too.
"""

from __future__ import annotations

import re

_BLOCKS = {
    "p",
    "div",
    "li",
    "blockquote",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "figcaption",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "dd",
    "dt",
    "table",
    "ul",
    "ol",
}
_SKIP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "head"}
_SPACE = re.compile(r"[ \t\r\f\v\u00a0]+")


def html_to_paragraphs(html: str) -> list[str]:
    """Split an HTML fragment into clean text paragraphs (empty input gives [])."""
    if not html or not html.strip():
        return []
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml raises several types on junk; junk has no paragraphs
        return [p for p in (_clean(x) for x in re.split(r"\n\s*\n", _strip_tags(html))) if p]
    chunks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = _clean("".join(current))
        current.clear()
        if text:
            chunks.extend(p for p in (_clean(x) for x in re.split(r"\n\s*\n", text)) if p)

    def walk(node: object) -> None:
        tag = getattr(node, "tag", None)
        if not isinstance(tag, str):
            tail = getattr(node, "tail", None)
            if tail:
                current.append(tail)
            return
        tag = tag.lower()
        if tag in _SKIP:
            if node.tail:  # type: ignore[attr-defined]
                current.append(node.tail)  # type: ignore[attr-defined]
            return
        block = tag in _BLOCKS
        if block:
            flush()
        if tag == "br":
            current.append("\n")
        if node.text:  # type: ignore[attr-defined]
            current.append(node.text)  # type: ignore[attr-defined]
        for child in node:  # type: ignore[attr-defined]
            walk(child)
        if block:
            flush()
        if node.tail:  # type: ignore[attr-defined]
            current.append(node.tail)  # type: ignore[attr-defined]

    walk(root)
    flush()
    return chunks


def html_to_text(html: str) -> str:
    return "\n\n".join(html_to_paragraphs(html))


def _strip_tags(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def _clean(text: str) -> str:
    lines = [_SPACE.sub(" ", line).strip() for line in text.split("\n")]
    out: list[str] = []
    for line in lines:
        if line:
            out.append(line)
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip().replace("\n\n", "\n\n")
