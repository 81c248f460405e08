"""What a fetch returns, and the validators a conditional GET sends back."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Validators:
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True)
class FetchResult:
    """A completed fetch.

    ``status`` is the final HTTP status (200, or 304 with an empty body). ``url`` is the final
    URL after redirects; ``permanent_url`` is set only when every hop was permanent (301/308),
    so the caller should update the stored URL. ``body`` is decoded of Content-Encoding
    (gzip/deflate) but not of charset.
    """

    url: str
    status: int
    body: bytes
    content_type: str | None
    validators: Validators
    permanent_url: str | None = None
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def charset(self) -> str | None:
        if not self.content_type or "charset=" not in self.content_type.lower():
            return None
        value = self.content_type.lower().split("charset=", 1)[1]
        return value.split(";", 1)[0].strip().strip('"') or None
