"""Pictures are decoded, capped and re-encoded before anything is served (ingest.images)."""

from __future__ import annotations

import io

import pytest

from mynews.ingest.images import ImageRejected, decode
from tests import pictures


def test_a_jpeg_becomes_webp_renditions_no_wider_than_the_original() -> None:
    from PIL import Image

    out = decode(pictures.jpeg(1200, 800))
    assert (out.width, out.height, out.source_format) == (1200, 800, "JPEG")
    assert [r.width for r in out.renditions] == [160, 480, 960]
    for r in out.renditions:
        with Image.open(io.BytesIO(r.data)) as img:
            assert img.format == "WEBP" and img.size == (r.width, r.height)
            assert r.height == round(800 * r.width / 1200)
    assert len(out.content_hash) == 40


def test_a_small_picture_keeps_its_own_width_and_its_transparency() -> None:
    out = decode(pictures.png(300, 200))
    assert [r.width for r in out.renditions] == [160, 300]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (pictures.SVG_WITH_SCRIPT, "markup"),
        (pictures.HTML_AS_JPEG, "markup"),
        (b"\xff\xd8\xff\xe0 truncated jpeg", "not_an_image"),
        (b"GIF89a" + b"\x00" * 3, "not_an_image"),
        (b"", "empty"),
    ],
)
def test_what_is_not_a_picture_is_rejected(data: bytes, reason: str) -> None:
    with pytest.raises(ImageRejected) as err:
        decode(data)
    assert err.value.reason == reason


def test_a_decompression_bomb_is_refused_before_its_pixels_are_decompressed() -> None:
    data = pictures.bomb()
    assert len(data) < 300_000  # 900 million pixels
    with pytest.raises(ImageRejected) as err:
        decode(data, max_pixels=40_000_000)
    assert err.value.reason == "too_many_pixels"
