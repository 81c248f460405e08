"""Raw feed bytes before parsing: gzip by magic bytes, sniffing JSON, and charset repair.

Feeds arrive compressed on disk, without an encoding declaration, or with a wrong one. This
module turns such bytes into something feedparser reads as correct text, and tells when the
text that came out is garbled (mojibake or replacement characters).
"""

from __future__ import annotations

import re
import zlib

from mynews.ingest.decompress import DOCUMENT_MAX_BYTES, DOCUMENT_MAX_RATIO, gunzip_if_gzip

# Typical UTF-8-read-as-Latin-1 pairs ("Ã©", "â€™") and the replacement character.
_MOJIBAKE = re.compile(
    "\ufffd|Ã[\u0080-\u00bf]|â[\u0080-\u009f]|â€[\u0080-\u00bf\u2018-\u201e\u2122]|Â[\u00a0-\u00bf]"
)
_XML_DECL = re.compile(rb"^\s*<\?xml[^>]*?\?>", re.DOTALL)
_DECL_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_BOM = b"\xef\xbb\xbf"


def gunzip_if_needed(data: bytes) -> bytes:
    """Decompress ``data`` when it starts with the gzip magic bytes, bounded in size and ratio
    (``decompress.TooLarge`` beyond); broken gzip is returned as it came."""
    try:
        return gunzip_if_gzip(data, max_bytes=DOCUMENT_MAX_BYTES, max_ratio=DOCUMENT_MAX_RATIO)
    except zlib.error:
        return data


def looks_like_json(data: bytes) -> bool:
    """True when the document starts (after whitespace or a BOM) with a JSON object."""
    head = data[:64].lstrip(_BOM).lstrip()
    return head.startswith(b"{")


def declared_encoding(data: bytes) -> str | None:
    """The encoding named in the XML declaration, if there is one."""
    found = _DECL_ENCODING.match(data.lstrip(_BOM)[:200])
    return found.group(1).decode("ascii").lower() if found else None


def garbled_ratio(texts: list[str]) -> float:
    """Share of ``texts`` that contain mojibake or replacement characters."""
    if not texts:
        return 0.0
    bad = sum(1 for text in texts if _MOJIBAKE.search(text))
    return bad / len(texts)


def detect_charset(data: bytes) -> str | None:
    """Guess the charset of ``data`` with charset-normalizer (None when it cannot tell)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    return best.encoding if best is not None else None


def transcode_to_utf8(data: bytes, charset: str) -> bytes | None:
    """Re-encode ``data`` from ``charset`` to UTF-8 and fix the XML declaration to say so."""
    try:
        text = data.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return None
    body = text.encode("utf-8")
    if _XML_DECL.match(body):
        return _XML_DECL.sub(b'<?xml version="1.0" encoding="utf-8"?>', body, count=1)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body.lstrip()
