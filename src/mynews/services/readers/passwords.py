"""Passwords: the policy a new password must meet, argon2 hashing, and verification that takes
the same time whether or not the account exists.

Policy (NIST SP 800-63B style): at least 8 characters, not only whitespace, at most 1,024
characters, not the e-mail address, and not one of the 19,640 most common passwords (the list
Django ships, in ``data/``, with its licence; nothing is downloaded at run time).
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from mynews.core.errors import BadInput

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_LENGTH = 8
MAX_LENGTH = 1024


@lru_cache(maxsize=1)
def hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    data = resources.files("mynews.services.readers").joinpath("data/common-passwords.txt.gz")
    with data.open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as lines:
        return frozenset(line.strip() for line in lines if line.strip())


def check_new(password: str, *, email: str = "") -> None:
    """Raise BadInput (code weak_password) unless ``password`` may be used."""
    if len(password) > MAX_LENGTH:
        raise BadInput(f"passwords have at most {MAX_LENGTH} characters", code="weak_password")
    if len(password) < MIN_LENGTH:
        raise BadInput(f"passwords need at least {MIN_LENGTH} characters", code="weak_password")
    if not password.strip():
        raise BadInput("a password cannot be only spaces", code="weak_password")
    folded = password.strip().lower()
    if folded in common_passwords():
        raise BadInput(
            "this password is one of the most common ones, which attackers try first; choose another",
            code="weak_password",
        )
    if email and folded in {email.lower(), email.split("@", 1)[0].lower()}:
        raise BadInput("the password cannot be your e-mail address", code="weak_password")


def hash_password(password: str) -> str:
    return hasher().hash(password)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return hasher().hash("not a password anyone has: it only makes unknown accounts take as long")


def verify(hashed: str | None, password: str) -> bool:
    """Check ``password`` against ``hashed``. With no hash (an unknown account) a dummy hash is
    checked instead, so the answer takes as long as for a real account."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        ok = bool(hasher().verify(hashed or _dummy_hash(), password))
    except (VerificationError, InvalidHashError):
        return False
    return ok and hashed is not None


def needs_rehash(hashed: str) -> bool:
    return hasher().check_needs_rehash(hashed)


def warm_up() -> None:
    """Compute the dummy hash and load the list at start-up, not in a first sign-in."""
    _dummy_hash()
    common_passwords()
