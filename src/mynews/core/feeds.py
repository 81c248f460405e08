"""What feed parsing produces: the feed's own metadata and one draft per item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class ItemDraft:
    """One feed item (or pushed article) before it is stored.

    ``content_html`` is the fullest HTML the feed carried (content:encoded, Atom content,
    JSON Feed content_html); ``summary_html`` the description. ``full_content`` is True when
    the feed carries the whole article, so the page need not be fetched.
    Both HTML fields are unsanitised here: sanitising is the last step before storing.
    """

    url: str | None
    guid: str | None
    title: str
    summary_html: str | None = None
    content_html: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    updated: datetime | None = None
    categories: tuple[str, ...] = ()
    image_url: str | None = None
    language: str | None = None
    full_content: bool = False


@dataclass(frozen=True)
class ParsedFeed:
    """A parsed feed. ``error`` is set when the document was broken; ``items`` then holds what
    could be recovered (possibly nothing)."""

    title: str | None
    site_url: str | None
    language: str | None
    format: str
    items: tuple[ItemDraft, ...]
    encoding: str | None = None
    error: str | None = None
    icon_url: str | None = None

    @property
    def usable(self) -> bool:
        return bool(self.items) or self.error is None
