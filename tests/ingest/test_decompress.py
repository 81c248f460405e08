"""Bounded decompression: real gzip, deflate and brotli round trips, and bombs refused early."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from mynews.ingest.decompress import Inflater, TooLarge, inflate

TEXT = b"<p>A real enough page with some words in it.</p>\n" * 2000


def zeros_gzip(size: int) -> bytes:
    """A gzip bomb made without holding its output: ``size`` zero bytes."""
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * 1_000_000
    out = [packer.compress(block) for _ in range(size // len(block))]
    return b"".join([*out, packer.flush()])


def zeros_brotli(size: int) -> bytes:
    packer = brotli.Compressor(quality=5)
    block = b"\0" * 1_000_000
    out = [packer.process(block) for _ in range(size // len(block))]
    return b"".join([*out, packer.finish()])


@pytest.mark.parametrize(
    ("encoding", "packed"),
    [
        ("gzip", gzip.compress(TEXT)),
        ("gzip", gzip.compress(TEXT[:5000]) + gzip.compress(TEXT[5000:])),  # two members
        ("deflate", zlib.compress(TEXT)),
        ("deflate", zlib.compress(TEXT)[2:-4]),  # raw deflate, as some servers send it
        ("br", brotli.compress(TEXT)),
        ("identity", TEXT),
    ],
)
def test_real_bodies_come_back_whole(encoding: str, packed: bytes) -> None:
    assert inflate(packed, encoding, max_bytes=10_000_000, max_ratio=100) == TEXT


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_a_bomb_is_refused_by_size_and_by_ratio_in_small_pieces(encoding: str) -> None:
    bomb = zeros_gzip(200_000_000) if encoding == "gzip" else zeros_brotli(200_000_000)
    assert len(bomb) < 400_000
    with pytest.raises(TooLarge, match="exceeds 10000000"):
        inflate(bomb, encoding, max_bytes=10_000_000)
    inflater = Inflater(encoding, max_bytes=10**12, max_ratio=100)
    with pytest.raises(TooLarge, match="ratio"):
        for start in range(0, len(bomb), 16_384):
            for piece in inflater.feed(bomb[start : start + 16_384]):
                assert len(piece) <= 2 * 64 * 1024  # brotli may pass its buffer limit a little
    assert inflater.written < 2_000_000  # refused within the first pieces past the free megabyte
