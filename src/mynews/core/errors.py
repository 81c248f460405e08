"""Errors with a stable code, an HTTP status and a message that is safe to show."""

from __future__ import annotations


class AppError(Exception):
    """Base error: ``code`` is stable (clients match on it), ``message`` is safe to show."""

    code = "error"
    status = 500

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status


class NotFound(AppError):
    code = "not_found"
    status = 404


class Moved(AppError):
    """What was asked for now lives under another id (a merged or rebuilt story or storyline):
    pages and the API answer with a permanent redirect to ``new_id``."""

    code = "moved"
    status = 301

    def __init__(self, message: str, *, new_id: int | str) -> None:
        super().__init__(message)
        self.new_id = new_id


class BadInput(AppError):
    code = "bad_input"
    status = 400


class Unauthorized(AppError):
    code = "unauthorized"
    status = 401


class Forbidden(AppError):
    code = "forbidden"
    status = 403


class Conflict(AppError):
    code = "conflict"
    status = 409


class RateLimited(AppError):
    """Too many attempts: ``retry_after`` seconds is sent as the Retry-After header."""

    code = "rate_limited"
    status = 429

    def __init__(self, message: str, *, code: str | None = None, retry_after: int = 60) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class Unavailable(AppError):
    """The database is busy or unreachable: try again in ``retry_after`` seconds (503)."""

    code = "unavailable"
    status = 503

    def __init__(self, message: str, *, code: str | None = None, retry_after: int = 5) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class FetchError(AppError):
    """A fetch failed. ``kind`` says why: blocked, timeout, too_large, http, network, gone."""

    code = "fetch_failed"
    status = 502

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        http_status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.kind = kind
        self.http_status = http_status
        self.retry_after = retry_after


class ParseError(AppError):
    """Input could not be parsed into anything usable (a broken feed, an empty page)."""

    code = "parse_failed"
    status = 422


class SchemaOutdated(AppError):
    """The database schema is behind the code: run ``mynews migrate``."""

    code = "schema_outdated"
    status = 503


class DeliveryError(AppError):
    """Sending something out (e-mail, a notification, a webhook) failed. ``temporary`` says whether
    a later try may succeed (an SMTP 4xx, a timeout) or not (a 5xx refusal); ``reply_code`` is the
    server's code when it gave one."""

    code = "delivery_failed"
    status = 502

    def __init__(self, message: str, *, temporary: bool, reply_code: int | None = None) -> None:
        super().__init__(message)
        self.temporary = temporary
        self.reply_code = reply_code
