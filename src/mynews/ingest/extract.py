"""Page extraction: HTML (or text, or gzip) in, ParsedArticle out, as a cascade.

1. Decode bytes (``charset``), parse once with lxml; a front page -> ``not_article``.
2. trafilatura ``bare_extraction`` (its own fallbacks on) gives body and metadata.
3. readability-lxml gives a second body.
4. Choice rule (measured on the dev split of tests/data/pages, see ``choose_body``).
5. Boilerplate lines (``data/boilerplate.json``) are dropped; figures give images and captions.
"""

from __future__ import annotations

import time
import zlib
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

from mynews.core.articles import Caption, ExtractResult, Image, ParsedArticle
from mynews.ingest.charset import decode_html, maybe_gunzip
from mynews.ingest.decompress import GZIP_MAGIC, TooLarge
from mynews.ingest.extract_body import (
    Block,
    blocks_from_html,
    blocks_from_trafilatura,
    blocks_to_html,
    figures,
    filter_blocks,
)
from mynews.ingest.extract_metadata import PageMeta, looks_like_front_page, page_meta
from mynews.ingest.quality import shingles, uses_char_shingles

TRAFILATURA_NO_FALLBACK = True  # readability runs anyway (step 3): skip trafilatura's own fallbacks
CONTAINED = 0.8  # readability's text is inside trafilatura's ...
LONGER = 1.3  # ... and trafilatura's is this much longer: the extra is page furniture
MISSED = 0.5  # trafilatura found less than this share of readability's text: it missed the body


def _trafilatura(html: str, url: str | None) -> Any:
    from trafilatura import bare_extraction

    return bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        include_links=True,
        no_fallback=TRAFILATURA_NO_FALLBACK,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _readability(tree: lxml_html.HtmlElement) -> list[Block]:
    """Readability's body from the parsed page (scripts and styles dropped first, for speed)."""
    from readability import Document

    etree.strip_elements(tree, "script", "style", "noscript", "svg", "template", with_tail=False)
    try:
        return blocks_from_html(Document(tree).summary(html_partial=True))
    except Exception:  # readability raises bare Exceptions on odd pages; it is only a fallback
        return []


def _joined(blocks: list[Block]) -> str:
    return "\n".join(b.text for b in blocks)


def choose_body(traf: list[Block], read: list[Block], min_chars: int) -> tuple[list[Block], str]:
    """Pick trafilatura's or readability's body (4-gram shingles of both texts).

    Readability wins when trafilatura returned under ``min_chars`` characters and readability
    more; when trafilatura found less than ``MISSED`` of readability's shingles while
    readability's text is longer; or when readability's text is ``CONTAINED`` in trafilatura's
    and trafilatura's is ``LONGER`` times as long (the extra is page furniture). Otherwise
    trafilatura wins: preferring readability whenever its text was a little wider raised F1
    on Readability.js's own expected texts but let more boilerplate snippets through.
    """
    t_text, r_text = _joined(traf), _joined(read)
    if len(t_text) < min_chars and len(r_text) > len(t_text):
        return read, "readability"
    chars = uses_char_shingles(t_text + r_text)
    t_sh, r_sh = shingles(t_text, chars=chars), shingles(r_text, chars=chars)
    if not r_sh or not t_sh:
        return (traf, "trafilatura") if t_sh or not r_sh else (read, "readability")
    shared = len(t_sh & r_sh) / len(r_sh)
    if shared < MISSED and len(r_sh) > len(t_sh):
        return read, "readability"
    if shared > CONTAINED and len(t_sh) > LONGER * len(r_sh):
        return read, "readability"
    return traf, "trafilatura"


def _article(
    meta: PageMeta, blocks: list[Block], images: tuple[Image, ...], captions: tuple[Caption, ...], method: str
) -> ParsedArticle:
    return ParsedArticle(
        title=meta.title or "",
        paragraphs=tuple(b.text for b in blocks),
        standfirst=_standfirst(meta.description, blocks),
        section=meta.section,
        authors=meta.authors,
        published=meta.published,
        language=meta.language,
        url=meta.url,
        site_name=meta.site_name,
        lead_image=meta.lead_image or (images[0].url if images else None),
        images=images,
        captions=captions,
        tags=meta.tags,
        html=blocks_to_html(blocks, images),
        method=method,
    )


def _standfirst(description: str | None, blocks: list[Block]) -> str | None:
    """The page's description, unless it only repeats the start of the body."""
    if not description:
        return None
    head = " ".join(description.split()).rstrip(".…").casefold()
    first = " ".join(blocks[0].text.split()).casefold() if blocks else ""
    return None if head and first.startswith(head) else description


def extract_html(
    html: str | bytes,
    url: str | None = None,
    *,
    content_type: str | None = None,
    min_chars: int = 200,
) -> ExtractResult:
    """An HTML page to a ParsedArticle, or a reason (``empty``, ``not_article``, ``short``)."""
    started = time.perf_counter()
    text = decode_html(html, content_type) if isinstance(html, bytes) else html
    if not text.strip():
        return ExtractResult(None, reason="empty", detail="no content")
    try:
        tree = lxml_html.fromstring(text.encode("utf-8") if text.lstrip().startswith("<?xml") else text)
    except (ValueError, lxml_html.etree.ParserError) as exc:
        return ExtractResult(None, reason="empty", detail=f"unparsable HTML: {exc}")
    if looks_like_front_page(tree, url):
        return ExtractResult(None, reason="not_article", detail="front page or listing")
    t0 = time.perf_counter()
    found = _trafilatura(text, url)
    t1 = time.perf_counter()
    meta = page_meta(tree, url, found)
    images, captions = figures(tree, meta.url)
    t2 = time.perf_counter()
    read = _readability(tree)  # last: readability changes the tree it is given
    t3 = time.perf_counter()
    traf = blocks_from_trafilatura(found.body) if found is not None and found.body is not None else []
    blocks, method = choose_body(filter_blocks(traf, meta.title), filter_blocks(read, meta.title), min_chars)
    timings = {"trafilatura": t1 - t0, "readability": t3 - t2}
    if not blocks:
        return ExtractResult(None, reason="empty", detail="no main text found", timings=timings)
    article = _article(meta, blocks, images, captions, method)
    timings["total"] = time.perf_counter() - started
    if len(article.text) < min_chars:
        return ExtractResult(
            article, reason="short", detail=f"{len(article.text)} characters", timings=timings
        )
    return ExtractResult(article, timings=timings)


def _kind(data: bytes, content_type: str | None, filename: str | None) -> str:
    """``html`` or ``text`` (or ``unsupported``) from magic bytes, content type and name."""
    ctype = (content_type or "").split(";")[0].strip().lower()
    name = (filename or "").lower().removesuffix(".gz")
    head = data[:1024].lstrip().lower()
    if ctype in {"text/html", "application/xhtml+xml"} or name.endswith((".html", ".htm", ".xhtml")):
        return "html"
    if (
        head.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<meta", b"<!--"))
        or b"<body" in head
    ):
        return "html"
    if ctype.startswith("text/") or name.endswith((".txt", ".text", ".md")) or not ctype:
        return "text" if b"\x00" not in data[:4096] else "unsupported"
    return "unsupported"


def extract_document(
    data: bytes,
    *,
    url: str | None = None,
    content_type: str | None = None,
    filename: str | None = None,
) -> ExtractResult:
    """Any supported document (HTML, scraped plain text, either gzip-compressed) to an article."""
    try:
        return _extract_document(data, url=url, content_type=content_type, filename=filename)
    except (TooLarge, EOFError, zlib.error) as exc:  # a (nested) gzip bomb, or broken gzip
        return ExtractResult(None, reason="too_large", detail=str(exc))


def _extract_document(
    data: bytes, *, url: str | None, content_type: str | None, filename: str | None
) -> ExtractResult:
    from mynews.ingest.scraped_text import parse_scraped_text

    if data[:2] == GZIP_MAGIC:
        data = maybe_gunzip(data)
    kind = _kind(data, content_type, filename)
    if kind == "html":
        return extract_html(data, url, content_type=content_type)
    if kind == "unsupported":
        return ExtractResult(None, reason="unsupported", detail=content_type or filename or "binary data")
    text = decode_html(data, content_type)
    if not text.strip():
        return ExtractResult(None, reason="empty", detail="no text")
    article = parse_scraped_text(text, url=url)
    return ExtractResult(article) if article.paragraphs else ExtractResult(None, reason="empty")


def extract_path(path: str | Path) -> ExtractResult:
    """A local ``.html``, ``.html.gz``, ``.txt`` (or ``.txt.gz``) file to an article."""
    file = Path(path)
    return extract_document(file.read_bytes(), filename=file.name)


def article_to_json(article: ParsedArticle) -> dict[str, Any]:
    """The ``mynews extract --json`` object for one article."""
    return {
        "title": article.title,
        "standfirst": article.standfirst,
        "section": article.section,
        "authors": list(article.authors),
        "published": article.published.isoformat() if article.published else None,
        "language": article.language,
        "url": article.url,
        "site_name": article.site_name,
        "text": article.text,
        "paragraphs": list(article.paragraphs),
        "captions": [{"text": c.text, "credit": c.credit} for c in article.captions],
        "images": [{"url": i.url, "caption": i.caption, "credit": i.credit} for i in article.images],
        "lead_image": article.lead_image,
        "tags": list(article.tags),
        "method": article.method,
    }
