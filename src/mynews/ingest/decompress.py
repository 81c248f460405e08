"""Bounded, streamed decompression (gzip, deflate, brotli): the only way compressed bytes are opened.

A compressed page or feed can expand a thousandfold (a 10 MB gzip bomb asks for ~10 GB).
``Inflater`` takes compressed chunks as they arrive and gives the output in pieces of at most
``PIECE`` bytes, so memory never holds more than the caller's cap plus one piece; it raises
``TooLarge`` once the output passes ``max_bytes`` or, past the first megabyte, once it is more
than ``max_ratio`` times the input read so far (real pages compress 5-20 times; bombs, 1000).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from typing import Any

PIECE = 64 * 1024
RATIO_FREE_BYTES = 1_000_000
"""Output below this size is never refused for its ratio (small documents compress well)."""

GZIP_MAGIC = b"\x1f\x8b"
DOCUMENT_MAX_BYTES = 20_000_000
"""Cap for documents already in memory (a feed or page file that is itself gzip-compressed)."""
DOCUMENT_MAX_RATIO = 100.0


class TooLarge(ValueError):
    """The decompressed output passed the size or ratio cap."""


def supported_encodings() -> tuple[str, ...]:
    """The Content-Encodings we can open: gzip and deflate, and br when brotli is installed."""
    try:
        import brotli  # noqa: F401
    except ImportError:
        return ("gzip", "deflate")
    return ("gzip", "deflate", "br")


class Inflater:
    """One stream's decoder with caps; ``encoding`` is gzip, deflate, br or identity."""

    def __init__(self, encoding: str, *, max_bytes: int, max_ratio: float) -> None:
        self.encoding = encoding.strip().lower()
        self.max_bytes = max_bytes
        self.max_ratio = max_ratio
        self.read = 0
        self.written = 0
        self._engine = _engine(self.encoding)

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        """Decompress ``chunk``; yields output pieces, raising TooLarge when a cap is passed."""
        self.read += len(chunk)
        for piece in self._engine.feed(chunk):
            self.written += len(piece)
            self._check()
            yield piece

    def _check(self) -> None:
        if self.written > self.max_bytes:
            raise TooLarge(f"decompressed body exceeds {self.max_bytes} bytes")
        if self.written > RATIO_FREE_BYTES and self.written > self.max_ratio * max(self.read, 1):
            raise TooLarge(
                f"compression ratio above {self.max_ratio:g} ({self.read} bytes became {self.written})"
            )


def inflate(
    data: bytes | Iterable[bytes], encoding: str = "gzip", *, max_bytes: int, max_ratio: float = 1e9
) -> bytes:
    """All of ``data`` decompressed, under the caps (TooLarge otherwise)."""
    chunks = [data] if isinstance(data, bytes) else data
    inflater = Inflater(encoding, max_bytes=max_bytes, max_ratio=max_ratio)
    out = bytearray()
    for chunk in chunks:
        for start in range(0, len(chunk), PIECE):
            for piece in inflater.feed(chunk[start : start + PIECE]):
                out += piece
    return bytes(out)


def gunzip_if_gzip(data: bytes, *, max_bytes: int, max_ratio: float = 1e9) -> bytes:
    """``data`` decompressed when it starts with the gzip magic bytes; other bytes unchanged."""
    if not data.startswith(GZIP_MAGIC):
        return data
    return inflate(data, "gzip", max_bytes=max_bytes, max_ratio=max_ratio)


class _Zlib:
    """gzip (several members too) or deflate (zlib-wrapped or raw, as servers send both)."""

    def __init__(self, encoding: str) -> None:
        self.gzip = encoding in ("gzip", "x-gzip")
        self._new()

    def _new(self) -> None:
        self._d: Any = zlib.decompressobj(16 + zlib.MAX_WBITS if self.gzip else zlib.MAX_WBITS)
        self._first = True

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        data = chunk
        while data:
            try:
                out = self._d.decompress(data, PIECE)
            except zlib.error:
                if self.gzip or not self._first:
                    raise
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)  # raw deflate without zlib header
                out = self._d.decompress(data, PIECE)
            self._first = False
            if out:
                yield out
            data = self._d.unconsumed_tail
            if self._d.eof:
                rest = self._d.unused_data
                if not (self.gzip and rest.startswith(GZIP_MAGIC)):
                    return  # trailing bytes after the stream are ignored
                self._new()
                data = rest


class _Brotli:
    def __init__(self) -> None:
        import brotli

        self._d = brotli.Decompressor()

    def feed(self, chunk: bytes) -> Iterator[bytes]:
        out = self._d.process(chunk, output_buffer_limit=PIECE)
        while True:
            if out:
                yield out
            if self._d.can_accept_more_data() or self._d.is_finished():
                return
            out = self._d.process(b"", output_buffer_limit=PIECE)


class _Identity:
    def feed(self, chunk: bytes) -> Iterator[bytes]:
        if chunk:
            yield chunk


def _engine(encoding: str) -> Any:
    if encoding in ("gzip", "x-gzip", "deflate"):
        return _Zlib(encoding)
    if encoding == "br":
        return _Brotli()
    if encoding in ("", "identity"):
        return _Identity()
    raise ValueError(f"unsupported content encoding {encoding!r}")
