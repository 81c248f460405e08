"""OPML import and export of subscriptions (OPML 1.0/2.0, as readers export them).

``parse_opml`` reads nested folders (the folder path becomes the category) and is safe on
hostile input: no DTD loading, no entity expansion, no network (billion laughs and external
entities do nothing). ``render_opml`` writes OPML 2.0 with one folder per category.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from typing import Any

from mynews.core.errors import ParseError

CATEGORY_SEPARATOR = "/"
MAX_OUTLINES = 100_000


@dataclass(frozen=True)
class OpmlOutline:
    """One subscription: the feed URL, its title, the site URL and the folder it sits in."""

    title: str
    xml_url: str
    html_url: str | None = None
    category: str | None = None


def parse_opml(data: bytes) -> list[OpmlOutline]:
    """Subscriptions in an OPML document, in document order, one per distinct feed URL.

    Raises ParseError when the document is not OPML at all.
    """
    from lxml import etree

    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=True
    )
    try:
        root = etree.fromstring(data.strip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"not an OPML document: {exc}") from exc
    if root is None or _local(root.tag) != "opml":
        raise ParseError("not an OPML document (no <opml> root element)")
    body = next((child for child in root if _local(child.tag) == "body"), None)
    if body is None:
        return []
    found: dict[str, OpmlOutline] = {}
    _walk(body, (), found)
    return list(found.values())


def render_opml(outlines: list[OpmlOutline], title: str, *, created: datetime | None = None) -> bytes:
    """An OPML 2.0 document with ``outlines`` grouped into folders by category."""
    from lxml import etree

    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = title
    if created is not None:
        etree.SubElement(head, "dateCreated").text = format_datetime(created)
    body = etree.SubElement(root, "body")
    folders: dict[str, Any] = {}
    for outline in outlines:
        parent = _folder(body, folders, outline.category) if outline.category else body
        attrs = {"type": "rss", "text": outline.title, "title": outline.title, "xmlUrl": outline.xml_url}
        if outline.html_url:
            attrs["htmlUrl"] = outline.html_url
        etree.SubElement(parent, "outline", attrs)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _walk(element: Any, path: tuple[str, ...], found: dict[str, OpmlOutline]) -> None:
    for child in element:
        if not isinstance(child.tag, str) or _local(child.tag) != "outline":
            continue
        if len(found) >= MAX_OUTLINES:
            return
        attrs = {key.lower(): (value or "").strip() for key, value in child.attrib.items()}
        name = attrs.get("title") or attrs.get("text") or ""
        xml_url = attrs.get("xmlurl") or (attrs.get("url") if attrs.get("type") in ("rss", "atom") else "")
        if xml_url:
            category = CATEGORY_SEPARATOR.join(path) or _category_attr(attrs.get("category"))
            found.setdefault(
                xml_url,
                OpmlOutline(
                    title=name or xml_url,
                    xml_url=xml_url,
                    html_url=attrs.get("htmlurl") or None,
                    category=category or None,
                ),
            )
        _walk(child, (*path, name) if name and not xml_url else path, found)


def _category_attr(value: str | None) -> str | None:
    """OPML 2.0 ``category="/Tech/News,/Other"``: the first path, without the leading slash."""
    if not value:
        return None
    first = value.split(",", 1)[0].strip().strip(CATEGORY_SEPARATOR)
    return first or None


def _folder(body: Any, folders: dict[str, Any], category: str) -> Any:
    from lxml import etree

    parent, path = body, ""
    for part in category.split(CATEGORY_SEPARATOR):
        path = f"{path}{CATEGORY_SEPARATOR}{part}" if path else part
        if path not in folders:
            folders[path] = etree.SubElement(parent, "outline", text=part, title=part)
        parent = folders[path]
    return parent


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1].lower() if isinstance(tag, str) else ""
