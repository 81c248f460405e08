"""Boilerplate rules, kept as data in ``data/boilerplate.json``: ad markers, calls to action,
boilerplate line patterns and photo-credit patterns.

Used by scraped-text parsing (``scraped_text``) and by the paragraph filter that runs after
page extraction (``extract``). The functions here only classify one line at a time.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

_EDGE = re.compile(r"^[\s\W_]+|[\s\W_]+$")
_SPACE = re.compile(r"\s+")
CTA_MAX_CHARS = 60


@dataclass(frozen=True)
class Rules:
    ad_markers: frozenset[str]
    call_to_action: frozenset[str]
    boilerplate: tuple[re.Pattern[str], ...]
    credit_prefix: re.Pattern[str]
    credit_by: re.Pattern[str]
    credit_suffixes: tuple[re.Pattern[str], ...]
    agencies: frozenset[str]
    caption_label: re.Pattern[str]
    promo_max_lines: int
    promo_max_line_chars: int


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The rules, read once per process from the package data file."""
    raw = resources.files("mynews.ingest").joinpath("data/boilerplate.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    prefixes = sorted(data["credit_prefixes"], key=len, reverse=True)
    alternatives = "|".join(re.escape(p) for p in prefixes)
    return Rules(
        ad_markers=frozenset(data["ad_markers"]),
        call_to_action=frozenset(data["call_to_action"]),
        boilerplate=tuple(re.compile(p, re.IGNORECASE) for p in data["boilerplate_patterns"]),
        credit_prefix=re.compile(
            rf"(?:^|(?<=[\s.|–—-]))(?:{alternatives})\s*:\s*(?P<credit>[^:]{{2,80}}?)\s*$", re.I
        ),
        credit_by=re.compile(
            r"(?:^|(?<=[\s.|–—]))(?P<credit>(?:photo|picture|image)(?:graph)?\s+by\s+.{2,60}?)\s*$", re.I
        ),
        credit_suffixes=tuple(re.compile(p, re.IGNORECASE) for p in data["credit_suffix_patterns"]),
        agencies=frozenset(a.casefold() for a in data["credit_agencies"]),
        caption_label=re.compile(
            "^(?:" + "|".join(re.escape(c) for c in data["caption_labels"]) + r")\s*:?\s+", re.IGNORECASE
        ),
        promo_max_lines=int(data["promo_max_lines"]),
        promo_max_line_chars=int(data["promo_max_line_chars"]),
    )


def key(line: str) -> str:
    """A line casefolded, with spaces collapsed and edge punctuation stripped."""
    return _EDGE.sub("", _SPACE.sub(" ", line.casefold()))


def is_ad_marker(line: str) -> bool:
    return key(line) in rules().ad_markers


def is_call_to_action(line: str) -> bool:
    """A call-to-action line: "Learn more", or a short line starting with one ("Sign up for …")."""
    k = key(line)
    if k in rules().call_to_action:
        return True
    if len(k) > CTA_MAX_CHARS or line.rstrip().endswith("."):
        return False
    return any(k.startswith(cta + " ") for cta in rules().call_to_action)


def is_boilerplate_line(line: str) -> bool:
    """An ad marker, or a line that is only a share/related/comments/URL/copyright notice."""
    k = key(line)
    if not k:
        return True
    if k in rules().ad_markers:
        return True
    text = _SPACE.sub(" ", line.strip())
    return any(p.fullmatch(text) or p.fullmatch(k) for p in rules().boilerplate)


def _mentions_agency(credit: str) -> bool:
    """A known agency, a photo word, or "Name / Outlet" (a photographer and an outlet)."""
    words = key(credit)
    if any(re.search(rf"\b{re.escape(a)}\b", words) for a in rules().agencies):
        return True
    return bool(re.search(r"\b(photo|picture|image)\b", words)) or bool(
        re.fullmatch(r"[^/]{2,40}\s/\s[^/]{2,40}", words)
    )


def strip_caption_label(caption: str) -> str:
    """Drop a screen-reader label such as "Media caption" from the start of a caption."""
    return rules().caption_label.sub("", caption.strip(), count=1)


def split_credit(caption: str) -> tuple[str, str | None]:
    """Split a photo credit off a caption: ("… Photo: Reuters") -> ("…", "Reuters").

    Recognised: ``Photo: X``-style prefixes (and their translations), ``Photo by X``,
    a trailing ``(X)`` or ``/X`` naming a known agency or a photographer credit.
    """
    text = caption.strip()
    r = rules()
    match = r.credit_prefix.search(text) or r.credit_by.search(text)
    if match is None:
        for pattern in r.credit_suffixes:
            found = pattern.search(text)
            if found and _mentions_agency(found.group("credit")):
                match = found
                break
    if match is None:
        return text, None
    credit = match.group("credit").strip().rstrip(".")
    body = text[: match.start()].strip()
    body = re.sub(r"\s*[|–—]\s*$", "", body).strip()
    if not body or not credit:
        return text, None
    return body, credit
