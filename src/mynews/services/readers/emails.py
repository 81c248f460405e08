"""E-mail addresses as account names: one canonical form per address, and addresses that only
look like another refused.

``normalise`` applies NFKC (so full-width ``ａｌｉｃｅ`` is ``alice``), lower-cases, and refuses
control, format and zero-width characters (a NUL, a trailing U+200B), letters of two scripts in
one part (a Cyrillic ``е`` among Latin letters), and anything that is not an address: one ``@``,
a dot-atom local part of at most 64 characters, a domain that IDNA 2008 accepts.
"""

from __future__ import annotations

import re
import unicodedata

from mynews.core.errors import BadInput

MAX_LENGTH = 254
LOCAL_SPECIALS = set("!#$%&'*+/=?^_`{|}~-.")
LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
INVISIBLE = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})
SCRIPT_GROUPS = {"HIRAGANA": "JAPANESE", "KATAKANA": "JAPANESE", "CJK": "JAPANESE"}
LOOKS_LATIN = frozenset("аеіјоруѕсхԁһӏԛԝүαεικνορυχ")
"""Cyrillic and Greek letters drawn like Latin ones: a part made only of them (``рауpal``
spelt in Cyrillic) is refused as a whole-script look-alike, as browsers do for domains."""


def _bad(message: str) -> BadInput:
    return BadInput(message, code="bad_email")


def script_of(char: str) -> str | None:
    """The script a letter belongs to (LATIN, CYRILLIC, GREEK, ...); None for digits and signs."""
    if not unicodedata.category(char).startswith("L"):
        return None
    name = unicodedata.name(char, "")
    first = name.split(" ", 1)[0]
    return SCRIPT_GROUPS.get(first, first)


def mixes_scripts(part: str) -> bool:
    """Letters of two scripts, or a non-Latin part that is spelt only with Latin look-alikes."""
    scripts = {s for s in map(script_of, part) if s}
    if len(scripts) > 1:
        return True
    letters = [c for c in part if script_of(c)]
    return scripts != {"LATIN"} and bool(letters) and all(c in LOOKS_LATIN for c in letters)


def normalise(raw: str) -> str:
    """The canonical form of an address, or BadInput saying what is wrong with it."""
    email = raw.strip(" \t\r\n")
    if not email:
        raise _bad("enter your e-mail address")
    if any(unicodedata.category(c) in INVISIBLE for c in email):
        raise _bad("the e-mail address contains an invisible or control character")
    email = unicodedata.normalize("NFKC", email).lower()
    if any(unicodedata.category(c) in INVISIBLE for c in email) or len(email) > MAX_LENGTH:
        raise _bad("enter a valid e-mail address")
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain or "@" in local:
        raise _bad("enter a valid e-mail address (name@example.org)")
    _check_local(local)
    _check_domain(domain)
    return f"{local}@{domain}"


def _check_local(local: str) -> None:
    if len(local) > 64 or local.startswith(".") or local.endswith(".") or ".." in local:
        raise _bad("enter a valid e-mail address")
    if any(not (c.isalnum() or c in LOCAL_SPECIALS) for c in local):
        raise _bad("the part before @ has a character e-mail addresses cannot have")
    if mixes_scripts(local):
        raise _bad("the address mixes alphabets (for example a Cyrillic letter among Latin ones)")


def _check_domain(domain: str) -> None:
    import idna

    labels = domain.split(".")
    if len(labels) < 2 or any(mixes_scripts(label) for label in labels):
        raise _bad("enter a valid e-mail domain (example.org); it must not mix alphabets")
    try:
        ascii_domain = idna.encode(domain, uts46=False).decode("ascii")
    except (idna.IDNAError, UnicodeError) as err:
        raise _bad("enter a valid e-mail domain (example.org)") from err
    parts = ascii_domain.split(".")
    if len(ascii_domain) > 253 or not all(LABEL.match(p) for p in parts) or parts[-1].isdigit():
        raise _bad("enter a valid e-mail domain (example.org)")
