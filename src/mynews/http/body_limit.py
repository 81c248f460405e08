"""Request bodies are bounded per route: a larger body is refused with 413 before it is read.

A declared ``Content-Length`` over the limit is answered at once; a body without one (chunked)
is counted as it arrives and refused as soon as it passes the limit, so the server never holds
more than the limit in memory. The limits are settings (``max_body_*``): the publisher push
(single and batch) has its own, everything else (forms, signals, follows, tokens) the default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException


class BodyTooLarge(HTTPException):
    """The 413 refusal (its ``detail`` is the message)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than {limit} bytes")


@dataclass(frozen=True)
class BodyLimits:
    default: int = 64 * 1024
    push: int = 5_000_000
    push_batch: int = 20_000_000

    def for_path(self, path: str) -> int:
        if path == "/api/v1/articles/batch":
            return self.push_batch
        if path == "/api/v1/articles":
            return self.push
        return self.default


class BodyLimit:
    """ASGI middleware. ``respond(scope, error)`` builds the 413 answer (JSON or page): sent at
    once for a declared length, and as soon as a streamed body passes the limit (the app then
    reads a disconnect, and whatever it would answer is dropped)."""

    def __init__(self, app: Any, *, limits: BodyLimits, respond: Callable[..., Any]) -> None:
        self.app = app
        self.limits = limits
        self.respond = respond

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope.get("path", ""))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            response = self.respond(scope, BodyTooLarge(limit))
            await response(scope, receive, send)
            return
        seen, refused, started = 0, False, False

        async def counted() -> dict[str, Any]:
            nonlocal seen, refused
            message = await receive()
            if message["type"] == "http.request" and not refused:
                seen += len(message.get("body", b""))
                if seen > limit:  # answer now; the app sees the client gone and its answer is dropped
                    refused = True
                    if not started:
                        await self.respond(scope, BodyTooLarge(limit))(scope, receive, send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            nonlocal started
            if refused:
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except Exception:
            if not refused:
                raise


def _content_length(scope: dict[str, Any]) -> int | None:
    for name, value in scope.get("headers", []):
        if name.lower() == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None
