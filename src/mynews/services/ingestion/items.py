"""Feed items and pushed articles to article rows: canonical URL, GUID key, first text."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from mynews.core.articles import ParsedArticle
from mynews.core.feeds import ItemDraft
from mynews.ingest.body_images import image_sources
from mynews.ingest.html_text import html_to_paragraphs
from mynews.ingest.urls import canonical_url
from mynews.ingest.web_urls import web_url


def guid_key(guid: str | None, source_url: str) -> str | None:
    """A GUID that is a URL stands for itself; any other GUID is only unique within its publisher."""
    if not guid:
        return None
    guid = guid.strip()
    if guid.startswith(("http://", "https://")):
        try:
            return canonical_url(guid)
        except ValueError:
            return guid
    host = urlsplit(source_url).netloc.lower() or source_url
    return f"{host}#{guid}"[:2000]


def _web_canonical(url: str | None, base: str | None) -> str | None:
    """The canonical spelling of an http(s) URL; anything else (javascript:, data:, ...) is None."""
    absolute = web_url(url, base if web_url(base) else None)
    if absolute is None:
        return None
    try:
        return web_url(canonical_url(absolute))
    except ValueError:
        return None


def draft_fields(draft: ItemDraft, *, source_url: str, now: datetime) -> dict[str, object]:
    """Column values for a new article from a feed item (status pending: processing follows)."""
    url = _web_canonical(draft.url, source_url)
    body = draft.content_html if draft.content_html else None
    paragraphs = html_to_paragraphs(body or draft.summary_html or "")
    summary = html_to_paragraphs(draft.summary_html or "")
    return {
        "url": url,
        "guid_key": guid_key(draft.guid, source_url)
        or (None if url else f"{source_url}#{draft.title}"[:2000]),
        "title": draft.title or (paragraphs[0][:120] if paragraphs else "(untitled)"),
        "standfirst": summary[0] if summary and body else None,
        "summary_html": draft.summary_html,
        "body_html": body,
        "text": "\n\n".join(paragraphs),
        "authors": list(draft.authors),
        "published_at": draft.published or draft.updated or now,
        "language": draft.language,
        "lead_image": draft.image_url or _first_picture(body or draft.summary_html, url or source_url),
        "tags": list(draft.categories),
        "method": "feed" if draft.full_content else "feed-summary",
        "status": "pending",
        "word_count": sum(len(p.split()) for p in paragraphs),
    }


def _first_picture(html: str | None, base: str) -> str | None:
    """The first picture of a feed item's HTML, when the feed names no image of its own."""
    found = image_sources(html, base) if html else []
    return found[0] if found else None


def parsed_fields(article: ParsedArticle, *, now: datetime) -> dict[str, object]:
    """Column values from an extracted article (a page, a file, a push, scraped text)."""
    url = _web_canonical(article.url, None)
    return {
        "url": url,
        "title": article.title or (article.paragraphs[0][:120] if article.paragraphs else "(untitled)"),
        "standfirst": article.standfirst,
        "section": article.section,
        "authors": list(article.authors),
        "published_at": article.published or now,
        "language": article.language,
        "site_name": article.site_name,
        "lead_image": article.lead_image,
        "body_html": article.html,
        "text": article.text,
        "captions": [{"text": c.text, "credit": c.credit} for c in article.captions],
        "images": [{"url": i.url, "caption": i.caption, "credit": i.credit} for i in article.images],
        "tags": list(article.tags),
        "method": article.method,
        "word_count": sum(len(p.split()) for p in article.paragraphs),
    }
