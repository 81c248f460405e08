"""Secrets never reach the logs: personal and publisher tokens in request lines (``?token=``,
``/feeds/t/<token>/``, ``mnt_...``, ``mnp_...``) are replaced before a record is written."""

from __future__ import annotations

import logging
import re

PATTERNS = (
    (re.compile(r"([?&](?:token|access_token|api_key)=)[^&\s\"]*", re.I), r"\1[redacted]"),
    (re.compile(r"(/feeds/t/)[^/\s\"?]+"), r"\1[redacted]"),
    (re.compile(r"\b(mn[tp]_)[A-Za-z0-9_-]+"), r"\1[redacted]"),
)


def redact(text: str) -> str:
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class TokenRedactor(logging.Filter):
    """A logging filter that rewrites the message and its arguments."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        return True


def install(*logger_names: str) -> None:
    """Add the filter to these loggers (once each)."""
    for name in logger_names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, TokenRedactor) for f in logger.filters):
            logger.addFilter(TokenRedactor())
