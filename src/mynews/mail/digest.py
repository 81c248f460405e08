"""The e-mail digest as a message: what it holds (``Digest``), and ``compose`` turning it into an
``EmailMessage`` with a plain-text part and an HTML part (table layout at most 600 px wide, CSS
inlined by css-inline, a dark-mode block kept as a media query, no scripts, no remote fonts,
images only from mynews' own origin) and the headers mail providers expect: Date, Message-ID,
List-Unsubscribe with a one-click List-Unsubscribe-Post (RFC 8058)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class DigestStory:
    """One story: its best article, why it is here and how widely it is covered."""

    title: str
    url: str  # into mynews
    excerpt: str
    site_name: str | None
    when: str  # in the reader's time zone
    sources: int
    reason: str
    coverage_url: str | None = None  # the story's full coverage, when several sources have it
    image_url: str | None = None  # served by mynews itself; None gives a text-only entry


@dataclass(frozen=True)
class FollowedUpdate:
    """Something the reader follows, with what is new about it."""

    name: str
    kind: str
    url: str
    count: int
    headlines: tuple[tuple[str, str], ...]  # (title, url)


@dataclass(frozen=True)
class Digest:
    to: str
    reader_name: str
    frequency: str  # daily, weekly
    period_label: str
    stories: tuple[DigestStory, ...]
    followed: tuple[FollowedUpdate, ...]
    home_url: str
    settings_url: str
    unsubscribe_url: str

    @property
    def subject(self) -> str:
        kind = "weekly" if self.frequency == "weekly" else "daily"
        if not self.stories:
            return f"Your {kind} mynews"
        lead = self.stories[0].title
        lead = lead if len(lead) <= 70 else lead[:69].rstrip() + "…"
        more = len(self.stories) - 1
        return f"Your {kind} mynews: {lead}" + (f" and {more} more" if more else "")


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_html(digest: Digest) -> str:
    """The HTML part with its CSS inlined (media queries kept for dark mode)."""
    import css_inline

    html = _env().get_template("digest.html").render(d=digest)
    return css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False).inline(html)


def render_text(digest: Digest) -> str:
    return _env().get_template("digest.txt").render(d=digest).strip() + "\n"


def compose(digest: Digest, *, sender: str, message_id: str, date: datetime) -> EmailMessage:
    """The digest as a multipart/alternative message, ready for SMTP."""
    message = EmailMessage()
    message["From"] = _address(sender)
    message["To"] = digest.to
    message["Subject"] = digest.subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    message["List-Unsubscribe"] = f"<{digest.unsubscribe_url}>"
    message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(render_text(digest))
    message.add_alternative(render_html(digest), subtype="html")
    return message


def _address(value: str) -> Address | str:
    name, email = parseaddr(value)
    if "@" not in email:
        return value
    user, domain = email.rsplit("@", 1)
    return Address(display_name=name, username=user, domain=domain)
