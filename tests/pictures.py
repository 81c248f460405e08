"""Pictures made in the test (Pillow), and hostile ones: a decompression bomb, an SVG with
script, HTML pretending to be a JPEG."""

from __future__ import annotations

import io
import struct
import zlib


def jpeg(width: int = 1200, height: int = 800) -> bytes:
    from PIL import Image

    img = Image.new("RGB", (width, height))
    img.putdata([((x * 255) // width, (y * 255) // height, 128) for y in range(height) for x in range(width)])
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85)
    return out.getvalue()


def png(width: int = 300, height: int = 200) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGBA", (width, height), (200, 30, 30, 180)).save(out, "PNG")
    return out.getvalue()


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def bomb(side: int = 30_000) -> bytes:
    """A valid 1-bit PNG of side x side pixels (900 million) that is about 100 KB on the wire."""
    row = b"\x00" + b"\x00" * (side // 8)
    packer = zlib.compressobj(9)
    body = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", body) + _chunk(b"IEND", b"")


SVG_WITH_SCRIPT = (
    b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="300">'
    b"<script>alert(document.cookie)</script><rect width='400' height='300'/></svg>"
)
HTML_AS_JPEG = b"<!doctype html><html><body>Not a picture <script>alert(1)</script></body></html>"
