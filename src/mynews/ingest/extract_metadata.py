"""Page metadata: title, authors, dates, site, language, canonical URL, image, section, tags.

Read from the page's own declarations first (JSON-LD, Open Graph / ``article:*`` meta tags,
``<link rel=canonical>``, ``<html lang>``), then from what trafilatura's metadata step found.
Also decides whether a page is a front page rather than an article (``looks_like_front_page``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from html import unescape
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import html as lxml_html

ARTICLE_TYPES = ("article", "posting", "report", "review", "liveblog")
_WRAPPERS = re.compile(r"^\s*(<!\[CDATA\[|<!--)|(\]\]>|-->)\s*$")
_NOT_A_NAME = re.compile(r"https?:|www\\.|@|^username$", re.IGNORECASE)
LISTING_TYPES = {"collectionpage", "itemlist", "searchresultspage", "website"}


@dataclass(frozen=True)
class PageMeta:
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    site_name: str | None = None
    language: str | None = None
    url: str | None = None
    lead_image: str | None = None
    section: str | None = None
    tags: tuple[str, ...] = ()
    description: str | None = None


def _walk_ld(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, list):
        for item in node:
            yield from _walk_ld(item)
    elif isinstance(node, dict):
        yield node
        yield from _walk_ld(node.get("@graph", []))


def json_ld(tree: lxml_html.HtmlElement) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page (``@graph`` flattened); broken blocks are skipped."""
    found: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        raw = _WRAPPERS.sub("", script.text_content() or "").strip() or "null"
        try:
            found.extend(_walk_ld(json.loads(raw, strict=False)))
        except ValueError:
            continue
    return found


def _types(item: dict[str, Any]) -> list[str]:
    kind = item.get("@type", [])
    return [str(k).lower() for k in (kind if isinstance(kind, list) else [kind])]


def ld_article(items: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The first JSON-LD object whose type is an article kind (NewsArticle, BlogPosting...)."""
    for item in items:
        if any(t.endswith(ARTICLE_TYPES) for t in _types(item)):
            return item
    return None


def _meta(tree: lxml_html.HtmlElement, *names: str) -> list[str]:
    values: list[str] = []
    for name in names:
        xp = f'//meta[@property="{name}" or @name="{name}" or @itemprop="{name}"]/@content'
        values.extend(v.strip() for v in tree.xpath(xp) if v and v.strip())
    return values


def _first(values: list[str]) -> str | None:
    return values[0] if values else None


def parse_datetime(value: str | None) -> datetime | None:
    """An ISO 8601 date or date-time as an aware UTC datetime (naive values are taken as UTC)."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    for candidate in (text, text[:19], text[:10]):
        try:
            parsed = datetime.fromisoformat(candidate)
        except ValueError:
            continue
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    return None


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return _names(value.get("name"))
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def split_authors(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return clean_authors(value.replace(" and ", ";").replace(",", ";").split(";"))


def clean_authors(names: list[str]) -> tuple[str, ...]:
    """Names unescaped and trimmed; URLs, e-mail addresses and 1-2 letter fragments dropped."""
    kept: list[str] = []
    for name in names:
        text = " ".join(unescape(name).split())
        if 3 <= len(text) < 80 and not _NOT_A_NAME.search(text):
            kept.append(text)
    return tuple(dict.fromkeys(kept))


def _unescaped(value: str | None) -> str | None:
    return " ".join(unescape(value).split()) or None if value else None


def split_tags(values: list[str]) -> tuple[str, ...]:
    """Tags from tag lists and comma/semicolon-joined keyword strings, first spelling kept."""
    seen: dict[str, str] = {}
    for value in values:
        for tag in re.split(r"[,;]", unescape(value)):
            tag = " ".join(tag.split())
            if tag and tag.casefold() not in seen:
                seen[tag.casefold()] = tag
    return tuple(seen.values())


def _language(tree: lxml_html.HtmlElement) -> str | None:
    lang = _first([v for v in tree.xpath("/html/@lang | /html/@xml:lang") if v.strip()])
    lang = lang or _first(_meta(tree, "og:locale", "content-language", "language"))
    if not lang:
        return None
    return lang.strip().replace("_", "-").split("-")[0].lower() or None


def _image(value: Any) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _image(value.get("url"))
    if isinstance(value, list) and value:
        return _image(value[0])
    return None


def _absolute(url: str | None, base: str | None) -> str | None:
    if not url:
        return None
    return urljoin(base, url) if base else url


def _canonical(tree: lxml_html.HtmlElement, url: str | None) -> str | None:
    link = _first([h for h in tree.xpath('//link[@rel="canonical"]/@href') if h.strip()])
    return _absolute(link or _first(_meta(tree, "og:url")), url) or url


def page_meta(tree: lxml_html.HtmlElement, url: str | None, found: Any) -> PageMeta:
    """Merge the page's declarations with trafilatura's metadata (``found``, may be None)."""
    ld = ld_article(json_ld(tree)) or {}
    canonical = _canonical(tree, url)
    authors = clean_authors(_names(ld.get("author"))) or split_authors(
        _first(_meta(tree, "author", "article:author"))
    )
    if not authors and found is not None:
        authors = split_authors(found.author)
    published = parse_datetime(
        (ld.get("datePublished") if isinstance(ld.get("datePublished"), str) else None)
        or _first(_meta(tree, "article:published_time", "datePublished", "og:published_time", "pubdate"))
        or (found.date if found is not None else None)
    )
    section = _first(_meta(tree, "article:section")) or _first(_names(ld.get("articleSection")))
    if section is None and found is not None and found.categories:
        section = found.categories[0]
    tags = list(_meta(tree, "article:tag"))
    if found is not None and found.tags:
        tags.extend(found.tags)
    image = _first(_meta(tree, "og:image", "twitter:image")) or _image(ld.get("image"))
    return PageMeta(
        title=(found.title if found is not None else None)
        or ld.get("headline")
        or _first(_meta(tree, "og:title")),
        authors=authors,
        published=published,
        site_name=_first(_meta(tree, "og:site_name")) or (found.sitename if found is not None else None),
        language=_language(tree),
        url=canonical,
        lead_image=_absolute(image, canonical),
        section=section,
        tags=split_tags(tags),
        description=_unescaped(_first(_meta(tree, "og:description", "description"))),
    )


def looks_like_front_page(tree: lxml_html.HtmlElement, url: str | None) -> bool:
    """A site's front or section index rather than an article.

    Rule: the page declares no article type (JSON-LD) and either declares a listing type
    (CollectionPage, ItemList...) or its canonical URL is the site root ("/").
    """
    items = json_ld(tree)
    if ld_article(items) is not None:
        return False
    if any(t in LISTING_TYPES - {"website"} for item in items for t in _types(item)):
        return True
    canonical = _canonical(tree, url)
    return bool(canonical) and urlsplit(canonical or "").path.strip("/") == ""
