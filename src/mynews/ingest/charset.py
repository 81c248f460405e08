"""Decode HTML bytes to text: BOM, then the HTTP charset, then <meta charset>, then sniffing.

The order follows the HTML standard's encoding sniffing: a byte order mark wins, then the
transport's ``Content-Type`` charset; then bytes that are valid UTF-8 with non-ASCII content
are taken as UTF-8 (a legacy text almost never is valid UTF-8 by chance, while pages re-saved
as UTF-8 often keep a stale ``<meta charset>``); then a ``<meta charset>`` / ``http-equiv``
declaration in the first 4 KB, then statistical detection (charset-normalizer).
Gzip-compressed bodies (``.html.gz``) are unpacked first.
"""

from __future__ import annotations

import codecs
import re

from mynews.ingest.decompress import DOCUMENT_MAX_BYTES, DOCUMENT_MAX_RATIO, gunzip_if_gzip

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
# Labels that browsers map to a superset encoding (WHATWG Encoding standard).
_SUPERSETS = {
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "iso-8859-9": "windows-1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "tis-620": "cp874",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
}


def _known(label: str | None) -> str | None:
    if not label:
        return None
    name = _SUPERSETS.get(label.strip().lower(), label.strip().lower())
    try:
        codecs.lookup(name)
    except LookupError:
        return None
    return name


def charset_from_content_type(content_type: str | None) -> str | None:
    """The charset named in an HTTP ``Content-Type`` header, if Python knows it."""
    if not content_type:
        return None
    match = _HTTP_CHARSET.search(content_type)
    return _known(match.group(1)) if match else None


def charset_from_meta(data: bytes) -> str | None:
    """The charset declared by ``<meta charset>`` or ``http-equiv`` in the first 4 KB."""
    match = _META_CHARSET.search(data[:4096])
    if not match:
        return None
    name = _known(match.group(1).decode("ascii", "replace"))
    # A page that is really UTF-16 could not have been read as ASCII to find this tag.
    return "utf-8" if name and name.startswith("utf-16") else name


def sniff_charset(data: bytes) -> str:
    """Statistical guess with charset-normalizer, UTF-8 when it has no opinion."""
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    return _known(best.encoding) or "utf-8" if best else "utf-8"


def maybe_gunzip(data: bytes) -> bytes:
    """Unpack gzip data (``.html.gz``), bounded in size and ratio (``decompress.TooLarge``
    otherwise); other bytes pass through unchanged."""
    return gunzip_if_gzip(data, max_bytes=DOCUMENT_MAX_BYTES, max_ratio=DOCUMENT_MAX_RATIO)


def detect_charset(data: bytes, content_type: str | None = None) -> tuple[str, int]:
    """The encoding to use and how many leading bytes (a BOM) to skip."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    declared = charset_from_content_type(content_type)
    if declared:
        return declared, 0
    if _is_utf8(data):
        return "utf-8", 0
    return (charset_from_meta(data) or sniff_charset(data)), 0


def _is_utf8(data: bytes) -> bool:
    """Non-ASCII bytes that decode as UTF-8 are UTF-8 (pages re-saved without fixing <meta>)."""
    if data.isascii():
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """HTML bytes (possibly gzip-compressed) to text, with the right charset."""
    data = maybe_gunzip(data)
    name, skip = detect_charset(data, content_type)
    return data[skip:].decode(name, errors="replace")
