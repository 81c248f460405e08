"""Pictures from the web made safe to serve: decoded (only real JPEG, PNG, GIF, WebP, AVIF and
ICO after decoding, whatever the Content-Type said), checked against a pixel cap before any
pixel is decompressed (decompression bombs), turned upright, stripped of metadata and
re-encoded as WebP in a few widths. Pure: bytes in, renditions out (Pillow is imported here)."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from mynews.core.images import WIDTHS, Rendition

FORMATS = frozenset({"JPEG", "PNG", "GIF", "WEBP", "AVIF", "ICO", "MPO"})
"""Formats accepted after decoding (MPO: multi-picture JPEG from cameras)."""

MIN_SIDE = 16
QUALITY = 78


class ImageRejected(ValueError):
    """The bytes are not a picture we serve; ``reason`` is a short stable word."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class DecodedImage:
    content_hash: str
    width: int
    height: int
    source_format: str
    renditions: tuple[Rendition, ...]


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:40]


def decode(data: bytes, *, max_pixels: int = 40_000_000, widths: tuple[int, ...] = WIDTHS) -> DecodedImage:
    """Re-encode ``data`` into WebP renditions no wider than the original; raises ImageRejected."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    if not data:
        raise ImageRejected("empty")
    head = data[:512].lstrip().lower()
    if head.startswith((b"<", b"\xef\xbb\xbf<")):
        raise ImageRejected("markup", "SVG or HTML is never served as a picture")
    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = img.format or "?"
            if fmt not in FORMATS:
                raise ImageRejected("unsupported", fmt)
            width, height = img.size
            if width * height > max_pixels:
                raise ImageRejected("too_many_pixels", f"{width}x{height}")
            if min(width, height) < MIN_SIDE:
                raise ImageRejected("too_small", f"{width}x{height}")
            img.seek(0)
            img.load()
            upright = ImageOps.exif_transpose(img)
            frame = upright.convert("RGBA" if _has_alpha(upright) else "RGB")
    except ImageRejected:
        raise
    except Image.DecompressionBombError as exc:
        raise ImageRejected("too_many_pixels", str(exc)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageRejected("not_an_image", type(exc).__name__) from exc
    return DecodedImage(content_hash(data), frame.width, frame.height, fmt, _renditions(frame, widths))


def _has_alpha(img: object) -> bool:
    mode = getattr(img, "mode", "")
    return mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in getattr(img, "info", {}))


def _renditions(frame: object, widths: tuple[int, ...]) -> tuple[Rendition, ...]:
    from PIL import Image

    assert isinstance(frame, Image.Image)
    sizes = sorted({w for w in widths if w < frame.width} | {min(frame.width, max(widths))})
    out = []
    for width in sizes:
        height = max(1, round(frame.height * width / frame.width))
        scaled = frame if width == frame.width else frame.resize((width, height), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        scaled.save(buffer, "WEBP", quality=QUALITY, method=4)
        out.append(Rendition(width, height, "image/webp", buffer.getvalue()))
    return tuple(out)
