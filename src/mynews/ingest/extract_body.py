"""Article bodies: paragraphs and simple HTML from trafilatura's XML tree or Readability's HTML,
plus figure captions (with credits split off) and images read from the page.

The simple HTML keeps only p, h2-h4, ul/ol/li, blockquote, figure/img/figcaption and a;
it is not sanitised here (``ingest.sanitize`` does that before storing).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from mynews.core.articles import Caption, Image
from mynews.ingest.boilerplate_rules import is_boilerplate_line, split_credit, strip_caption_label

_SPACE = re.compile(r"\s+")
_BLOCKS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "figcaption",
    "td",
    "th",
    "dd",
    "dt",
}
EDGE_STUB_CHARS = 40
_NON_WORD = re.compile(r"\W+")
_CREDIT_LABEL = re.compile(
    r"^(?:(?:[Pp]hoto|[Pp]hotograph|[Pp]icture|[Ii]mage|[Cc]redit)s?(?::\s*|\s+|(?=[A-Z])))+"
)
_CREDIT_CLASS = re.compile(r"credit|copyright|byline|source|photographer", re.I)


@dataclass(frozen=True)
class Block:
    """One block of body text: ``kind`` is p, h2, h3, h4, li or blockquote."""

    kind: str
    text: str
    html: str | None = None  # inline HTML (text with <a href> links); None: escape ``text``


def inline_html(el: etree._Element, link_tag: str, href: str) -> str:
    """An element's content as escaped text with its links kept as ``<a href>``."""
    parts = [escape(el.text or "")]
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        inner = inline_html(child, link_tag, href)
        target = (child.get(href) or "").strip()
        if tag == link_tag and target.startswith(("http://", "https://")):
            parts.append(f'<a href="{escape(target)}">{inner}</a>')
        else:
            parts.append(inner)
        parts.append(escape(child.tail or ""))
    return _SPACE.sub(" ", "".join(parts))


def _block(kind: str, el: etree._Element, link_tag: str, href: str) -> Block:
    text = _text(el)
    has_link = any(isinstance(d.tag, str) and d.tag == link_tag for d in el.iterdescendants())
    return Block(kind, text, inline_html(el, link_tag, href).strip() if has_link else None)


def clean(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def _text(el: etree._Element) -> str:
    return clean("".join(el.itertext()))


def blocks_from_trafilatura(body: etree._Element) -> list[Block]:
    """Blocks from trafilatura's XML body (head, p, list/item, quote, table/row/cell)."""
    blocks: list[Block] = []
    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            level = {"h1": "h2", "h2": "h2", "h3": "h3"}.get(el.get("rend", ""), "h4")
            blocks.append(Block(level, _text(el)))
        elif tag == "list":
            blocks.extend(_block("li", item, "ref", "target") for item in el.iter("item"))
        elif tag == "quote":
            blocks.append(_block("blockquote", el, "ref", "target"))
        elif tag == "table":
            for row in el.iter("row"):
                cells = [_text(c) for c in row.iter("cell")]
                blocks.append(Block("p", " | ".join(c for c in cells if c)))
        elif tag in {"p", "code", "div"}:
            blocks.append(_block("p", el, "ref", "target"))
    return [b for b in blocks if b.text]


def blocks_from_html(fragment: str) -> list[Block]:
    """Blocks from an HTML fragment (Readability's output): innermost block elements."""
    root = lxml_html.fragment_fromstring(fragment, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks: list[Block] = []
    for el in root.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag not in _BLOCKS or any(
            isinstance(d.tag, str) and d.tag in _BLOCKS for d in el.iterdescendants()
        ):
            continue
        kind = {"h1": "h2", "h2": "h2", "h3": "h3", "li": "li", "blockquote": "blockquote"}.get(tag, "p")
        kind = "h4" if tag in {"h4", "h5", "h6"} else kind
        lines = [clean(line) for line in el.text_content().split("\n") if clean(line)]
        if len(lines) == 1:
            blocks.append(_block(kind, el, "a", "href"))
        else:
            blocks.extend(Block(kind, line) for line in lines)
    if not blocks and clean(root.text_content()):
        blocks = [Block("p", clean(line)) for line in root.text_content().split("\n") if clean(line)]
    return blocks


def filter_blocks(blocks: list[Block], title: str | None) -> list[Block]:
    """Drop a leading heading that repeats the title, and boilerplate lines (kept as data)."""
    title_key = _letters(title or "")
    kept = [b for i, b in enumerate(blocks) if not (i < 3 and title_key and _letters(b.text) == title_key)]
    kept = [b for b in kept if not is_boilerplate_line(b.text)]
    return trim_edges(kept)


def _letters(text: str) -> str:
    return _NON_WORD.sub("", text.casefold())


def _is_stub(block: Block) -> bool:
    """A short line that is not a sentence: a dateline, a byline label, a section name."""
    text = block.text
    return (
        not block.kind.startswith("h") and len(text) < EDGE_STUB_CHARS and text[-1] not in '.!?…:"”»)。！？'
    )


def trim_edges(blocks: list[Block]) -> list[Block]:
    """Drop stub lines before the first and after the last sentence of the body."""
    start, end = 0, len(blocks)
    while start < end and _is_stub(blocks[start]):
        start += 1
    while end > start and _is_stub(blocks[end - 1]):
        end -= 1
    return blocks[start:end]


def blocks_to_html(blocks: list[Block], images: tuple[Image, ...] = ()) -> str:
    """Simple HTML for the body: blocks in order, list items grouped, figures appended."""
    out: list[str] = []
    in_list = False
    for block in blocks:
        if block.kind == "li" and not in_list:
            out.append("<ul>")
            in_list = True
        elif block.kind != "li" and in_list:
            out.append("</ul>")
            in_list = False
        out.append(f"<{block.kind}>{block.html or escape(block.text)}</{block.kind}>")
    if in_list:
        out.append("</ul>")
    for image in images:
        caption = escape(" ".join(filter(None, [image.caption, image.credit])))
        out.append(f'<figure><img src="{escape(image.url)}"><figcaption>{caption}</figcaption></figure>')
    return "\n".join(out)


def _image_src(img: lxml_html.HtmlElement) -> str | None:
    for attr in ("src", "data-src", "data-original", "data-lazy-src", "srcset", "data-srcset"):
        value = (img.get(attr) or "").strip()
        if value and not value.startswith("data:"):
            return value.split(",")[0].split()[0]
    return None


def _caption_parts(figcaption: lxml_html.HtmlElement) -> tuple[str, str | None]:
    """A figcaption's text and credit: a credit element (class *credit*...) or a credit phrase."""
    credit: str | None = None
    for el in figcaption.iterdescendants():
        if isinstance(el.tag, str) and _CREDIT_CLASS.search(
            el.get("class", "") + " " + el.get("itemprop", "")
        ):
            credit = clean(el.text_content()) or None
            el.drop_tree()
            break
    text, found = split_credit(strip_caption_label(clean(figcaption.text_content())))
    credit = credit or found
    if credit:
        credit = _CREDIT_LABEL.sub("", credit) or None
    return text, credit


def figures(
    tree: lxml_html.HtmlElement, base_url: str | None
) -> tuple[tuple[Image, ...], tuple[Caption, ...]]:
    """Images and captions of the <figure> elements inside the page's article (or whole body)."""
    scope = tree.xpath("//article") or tree.xpath("//main") or tree.xpath("//body") or [tree]
    images: list[Image] = []
    captions: list[Caption] = []
    seen: set[str] = set()
    for figure in scope[0].iter("figure"):
        figcaption = next(figure.iter("figcaption"), None)
        text, credit = _caption_parts(figcaption) if figcaption is not None else ("", None)
        img = next(figure.iter("img"), None)
        src = _image_src(img) if img is not None else None
        if src:
            url = urljoin(base_url, src) if base_url else src
            if url not in seen:
                seen.add(url)
                images.append(Image(url, text or None, credit))
        if text and all(c.text != text for c in captions):
            captions.append(Caption(text, credit))
    return tuple(images), tuple(captions)
