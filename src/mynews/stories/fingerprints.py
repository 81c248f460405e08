"""Text fingerprints for near-duplicate detection: MinHash signatures over word shingles.

``fingerprint(text)`` turns a text (pass the article body, without the headline, so that a
republished article with a new headline keeps its fingerprint) into a ``Fingerprint``: a
128-value MinHash signature (deterministic seeds, stored as 512 bytes) plus the number of
distinct shingles. ``similarity(a, b)`` estimates the Jaccard similarity of the two shingle
sets; ``containment(a, b)`` estimates how much of the smaller text is inside the larger one
(a trimmed copy, a copy with a preamble added). A fingerprint also keeps the numbers the text
writes (at most ``MAX_NUMBERS``): two short items that differ only in a count ("kill at least 27
people", the next day "at least 22") are two days' news, not one item twice.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

NUM_PERM = 128
SHINGLE_WORDS = 4
MAX_NUMBERS = 32
_SEED = 20120501
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Fingerprint:
    """A MinHash signature (``NUM_PERM`` little-endian uint32 values), the shingle count and the
    distinct numbers of the text, sorted (``None``: not known, a fingerprint stored before)."""

    signature: bytes
    shingles: int
    numbers: tuple[str, ...] | None = None

    def values(self) -> npt.NDArray[np.uint32]:
        import numpy as np

        return np.frombuffer(self.signature, dtype="<u4")


def words(text: str) -> list[str]:
    """Lower-cased words, accents folded, so that markup and punctuation changes do not count."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return _WORD.findall(folded)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of ``size``-word shingles of a text (the whole text when it is shorter)."""
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens)} if tokens else set()
    return {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


@lru_cache(maxsize=1)
def _permutations() -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.uint64]]:
    """Odd multipliers and offsets of the multiply-shift hash family, from a fixed seed."""
    import numpy as np

    rng = np.random.default_rng(_SEED)
    mult = rng.integers(1, 2**63, size=NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    add = rng.integers(0, 2**63, size=NUM_PERM, dtype=np.uint64)
    return mult, add


def _shingle_hashes(items: set[str]) -> npt.NDArray[np.uint64]:
    import numpy as np

    digests = b"".join(hashlib.blake2b(s.encode(), digest_size=8).digest() for s in items)
    return np.frombuffer(digests, dtype="<u8").astype(np.uint64)


def numbers_of(text: str) -> tuple[str, ...]:
    """The distinct numbers a text writes, sorted (at most ``MAX_NUMBERS``)."""
    return tuple(sorted({w for w in words(text) if w.isdigit()}))[:MAX_NUMBERS]


def fingerprint(text: str) -> Fingerprint:
    """MinHash of the text's word shingles. An empty text gets an all-ones signature."""
    import numpy as np

    items = shingles(text)
    if not items:
        return Fingerprint(np.full(NUM_PERM, 0xFFFFFFFF, dtype="<u4").tobytes(), 0, ())
    hashes = _shingle_hashes(items)
    mult, add = _permutations()
    with np.errstate(over="ignore"):
        mixed = hashes[:, None] * mult[None, :] + add[None, :]
    signature = (mixed >> np.uint64(32)).min(axis=0).astype("<u4")
    return Fingerprint(signature.tobytes(), len(items), numbers_of(text))


def numbers_changed(a: Fingerprint, b: Fingerprint) -> bool:
    """Whether each text writes a number the other does not (a count replaced: an update), not
    only numbers added to one side (a dateline, a time). False when either is not known."""
    if a.numbers is None or b.numbers is None:
        return False
    mine, theirs = set(a.numbers), set(b.numbers)
    return bool(mine - theirs) and bool(theirs - mine)


def similarity(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated Jaccard similarity of the two shingle sets (0 when either text is empty)."""
    if not a.shingles or not b.shingles:
        return 0.0
    return float((a.values() == b.values()).mean())


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller shingle set found in the larger one, from the Jaccard."""
    jaccard = similarity(a, b)
    if jaccard <= 0.0:
        return 0.0
    common = jaccard * (a.shingles + b.shingles) / (1.0 + jaccard)
    return min(1.0, common / min(a.shingles, b.shingles))
