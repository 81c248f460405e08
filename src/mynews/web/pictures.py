"""Pictures served from our own origin: ``/img/<content hash>/<width>.webp``. The address names
the bytes, so they are cached for a year and never revalidated."""

from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from mynews.core.errors import NotFound
from mynews.services.reading import pictures

router = APIRouter(include_in_schema=False)
HASH = re.compile(r"^[0-9a-f]{16,64}$")
CACHE = "public, max-age=31536000, immutable"


@router.get("/img/{content_hash}/{width}.webp")
def picture(request: Request, content_hash: str, width: int) -> Response:
    if not HASH.match(content_hash) or not 0 < width <= 4096:
        raise NotFound("no such picture")
    etag = f'"{content_hash}-{width}"'
    headers = {"Cache-Control": CACHE, "ETag": etag}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    mime, data = pictures.rendition(request.app.state.ctx, content_hash, width)
    return Response(data, media_type=mime, headers=headers)
