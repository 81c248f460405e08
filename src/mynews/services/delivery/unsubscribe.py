"""Signed unsubscribe tokens for the links and the one-click List-Unsubscribe header of digests
(RFC 8058). The token names the reader and a hash of their address, signed with the instance's
key: a forged or altered token is refused, and it stays valid for as long as the mail is kept."""

from __future__ import annotations

import hashlib

from itsdangerous import BadSignature, URLSafeSerializer

from mynews.core.errors import BadInput, NotFound
from mynews.services.context import Context
from mynews.services.delivery import preferences
from mynews.store import readers

SALT = "digest-unsubscribe"


def _serializer(ctx: Context) -> URLSafeSerializer:
    if not ctx.signing_key:
        raise BadInput("no signing key is configured", code="no_secret_key")
    return URLSafeSerializer(ctx.signing_key, salt=SALT)


def _address_hash(email: str) -> str:
    return hashlib.sha256(email.lower().encode()).hexdigest()[:16]


def token_for(ctx: Context, reader_id: int, email: str) -> str:
    return str(_serializer(ctx).dumps({"r": reader_id, "e": _address_hash(email)}))


def reader_of(ctx: Context, token: str) -> tuple[int, str]:
    """The reader id and e-mail a token was made for; BadInput when it is forged or stale."""
    try:
        data = _serializer(ctx).loads(token)
    except BadSignature as exc:
        raise BadInput("this unsubscribe link is not valid", code="bad_unsubscribe_token") from exc
    if not isinstance(data, dict) or not isinstance(data.get("r"), int):
        raise BadInput("this unsubscribe link is not valid", code="bad_unsubscribe_token")
    with ctx.db.reading() as session:
        row = readers.get(session, data["r"])
        if row is None or _address_hash(row.email) != data.get("e"):
            raise NotFound("this unsubscribe link is for an account that no longer exists")
        return row.id, row.email


def unsubscribe(ctx: Context, token: str) -> str:
    """Turn the token's reader's digest off; returns their e-mail address."""
    reader_id, email = reader_of(ctx, token)
    preferences.turn_off_digest(ctx, reader_id)
    return email
