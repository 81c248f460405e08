"""Pictures as pages show them: a stored image (by content hash) and its widths, served from
our own origin (``/img/<hash>/<width>.webp``), never from the publisher."""

from __future__ import annotations

from dataclasses import dataclass

WIDTHS: tuple[int, ...] = (160, 480, 960)
"""Rendition widths: thumbnail, card and article (a smaller original gets its own width too)."""


@dataclass(frozen=True)
class Rendition:
    """One re-encoded size of a picture."""

    width: int
    height: int
    mime: str
    data: bytes


@dataclass(frozen=True)
class ImageRef:
    """A picture that is ready to show: its content hash, size and the widths stored."""

    content_hash: str
    width: int
    height: int
    widths: tuple[int, ...]

    def src(self, wanted: int = 480) -> str:
        fits = [w for w in self.widths if w >= wanted]
        return self.url(min(fits) if fits else max(self.widths))

    def url(self, width: int) -> str:
        return f"/img/{self.content_hash}/{width}.webp"

    @property
    def srcset(self) -> str:
        return ", ".join(f"{self.url(w)} {w}w" for w in self.widths)

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width)) if self.width else width
