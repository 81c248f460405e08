"""Scraped plain text (a news page copied as text, boilerplate included) to a ParsedArticle.

General rules, with the phrases kept as data in ``data/boilerplate.json``:

1. Ad marker lines ("Advertisement", "Sponsored"...) go.
2. A promo block goes: a call-to-action line ("Learn more", "Sign up"...) and up to
   ``promo_max_lines - 1`` short lines just before it.
3. Lines carrying a photo credit ("… Photo: Reuters", "… (AFP)", "Name/Getty Images") are
   captions, wherever they stand (a lead photo's caption comes before the title).
4. The body starts at the first long paragraph (or after a "By …" line that follows it). Before
   it, the headline is the first line of five words or more with no final period; the line
   after it is the standfirst when it is longer; a short label just before it is the section;
   a "By …" line gives the authors; date stubs and bare credits go; other header lines are body.
5. Boilerplate lines (share, related, URLs) and a stray one-word footer at the end go.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mynews.core.articles import Caption, ParsedArticle
from mynews.ingest.boilerplate_rules import (
    is_ad_marker,
    is_boilerplate_line,
    is_call_to_action,
    rules,
    split_credit,
)
from mynews.ingest.quality import uses_char_shingles

BODY_MIN_CHARS = 160  # a line this long, ending like a sentence, is body text
BODY_MIN_WORDS = 25
TITLE_MAX_CHARS = 200
SECTION_MAX_WORDS = 8
CAPTION_MAX_CHARS = 400
TITLE_MIN_WORDS = 5  # a shorter line is a label (section, kicker), not a headline
STANDFIRST_MIN_WORDS = 8
STUB_MAX_WORDS = 6
RELATED_MAX_LINES = 8
BYLINE_WINDOW = 3
RELATED_MAX_CHARS = 120
_BYLINE = re.compile(r"^by\s+(?P<names>[^.]{2,120})$", re.IGNORECASE)
_BARE_CREDIT = re.compile(
    r"^\(?\s*(photo|picture|image|bild|foto|source|quelle|credit)s?\s*:[^.]{0,60}\)?$", re.IGNORECASE
)
_DATE_LIKE = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{4}\b|\b\d{1,2}[./-]\d{1,2}\b")
_SENTENCE_END = tuple('.!?…"”’»)')


def _words(line: str) -> int:
    """Words in a line; for scripts written without spaces, two characters count as one."""
    words = len(line.split())
    return max(words, len(line) // 2) if uses_char_shingles(line) else words


def _is_body(line: str) -> bool:
    long_enough = len(line) >= BODY_MIN_CHARS or _words(line) >= BODY_MIN_WORDS
    return long_enough and line.endswith(_SENTENCE_END)


def _drop_promos(lines: list[str]) -> list[str]:
    """Remove each call-to-action line and the short promo lines just before it."""
    limit, width = rules().promo_max_lines, rules().promo_max_line_chars
    keep = [True] * len(lines)
    for i, line in enumerate(lines):
        if not is_call_to_action(line):
            continue
        keep[i] = False
        j = i - 1
        while (
            j >= 0 and i - j < limit and keep[j] and len(lines[j]) <= width and not _ends_sentence(lines[j])
        ):
            keep[j] = False
            j -= 1
    return [line for line, k in zip(lines, keep, strict=True) if k]


def _ends_sentence(line: str) -> bool:
    return line.endswith(_SENTENCE_END)


def _drop_footer(lines: list[str]) -> list[str]:
    """Drop trailing boilerplate, a stray one-word footer ("Post", "Share"), and a closing
    list of links under a "Read more:" / "Related" heading (short lines, no sentences)."""
    while lines and (is_boilerplate_line(lines[-1]) or (" " not in lines[-1] and len(lines[-1]) <= 20)):
        lines = lines[:-1]
    for i in range(len(lines) - 1, max(-1, len(lines) - RELATED_MAX_LINES - 2), -1):
        heading = is_boilerplate_line(lines[i]) or is_call_to_action(lines[i])
        tail = lines[i + 1 :]
        if heading and tail and all(len(t) <= RELATED_MAX_CHARS and not _ends_sentence(t) for t in tail):
            return lines[:i]
    return lines


def _split_captions(lines: list[str]) -> tuple[list[str], list[Caption]]:
    rest: list[str] = []
    captions: list[Caption] = []
    for line in lines:
        if len(line) <= CAPTION_MAX_CHARS:
            text, credit = split_credit(line)
            if credit is not None:
                captions.append(Caption(text, credit))
                continue
        rest.append(line)
    return rest, captions


@dataclass(frozen=True)
class Header:
    title: str = ""
    standfirst: str | None = None
    section: str | None = None
    authors: tuple[str, ...] = ()
    rest: tuple[str, ...] = ()  # header lines after the headline block: they belong to the body


def _is_header_noise(line: str) -> bool:
    """Boilerplate, a bare credit ("Source: Supplied"), or a date/time stub ("Feb. 21, 2019")."""
    if is_boilerplate_line(line) or _BARE_CREDIT.match(line):
        return True
    return _words(line) <= STUB_MAX_WORDS and bool(_DATE_LIKE.search(line)) and not _ends_sentence(line)


def _header(pre: list[str]) -> Header:
    """Headline, standfirst, section and authors from the lines before the body.

    The headline is the first line of at least ``TITLE_MIN_WORDS`` words without a final
    period (else the last line); the line after it is the standfirst when it is longer and
    sentence-sized; a short line just before it is the section label.
    """
    authors: tuple[str, ...] = ()
    lines: list[str] = []
    for line in pre:
        byline = _BYLINE.match(line)
        if byline:
            names = re.split(r",\s*|\s+and\s+", byline.group("names"))
            authors += tuple(n.strip() for n in names if n.strip())
        elif not _is_header_noise(line):
            lines.append(line)
    if not lines:
        return Header(authors=authors)
    titles = (i for i, line in enumerate(lines) if _words(line) >= TITLE_MIN_WORDS and not line.endswith("."))
    at = next(titles, len(lines) - 1)
    title = lines[at]
    after = lines[at + 1] if at + 1 < len(lines) else None
    sized = after is not None and len(after) > len(title) and _words(after) >= STANDFIRST_MIN_WORDS
    standfirst = after if sized else None
    before = lines[at - 1] if at > 0 else None
    section = before if before and _words(before) <= SECTION_MAX_WORDS else None
    rest = tuple(lines[at + (2 if standfirst else 1) :])
    return Header(title, standfirst, section, authors, rest)


def _after_byline(lines: list[str], start: int) -> int:
    """A "By …" line just after the first long line closes the header: that line was the
    standfirst, and the body starts after the byline."""
    for i in range(start, min(start + BYLINE_WINDOW, len(lines))):
        if _BYLINE.match(lines[i]):
            return i + 1
    return start


def clean_lines(text: str) -> list[str]:
    """Non-empty, stripped lines with ad markers, promo blocks and the footer removed."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    lines = [line for line in lines if line and not is_ad_marker(line)]
    return _drop_promos(_drop_footer(lines))


def parse_scraped_text(text: str, *, url: str | None = None) -> ParsedArticle:
    """Recover title, standfirst, section, paragraphs and captions from scraped page text."""
    lines, captions = _split_captions(clean_lines(text))
    start = next((i for i, line in enumerate(lines) if _is_body(line)), None)
    if start is None:  # no long paragraph: the first line is the title, the rest is body
        start = min(1, len(lines))
    start = _after_byline(lines, start)
    header = _header(lines[:start])
    body = [*header.rest, *lines[start:]]
    paragraphs = tuple(line for line in body if not is_boilerplate_line(line))
    return ParsedArticle(
        title=header.title,
        paragraphs=paragraphs,
        standfirst=header.standfirst,
        section=header.section,
        authors=header.authors,
        url=url,
        captions=tuple(captions),
        html="\n".join(f"<p>{_escape(p)}</p>" for p in paragraphs),
        method="scraped-text",
    )


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
