"""Integer codes for (kind, key) pairs, so that matching a window of candidates against a
reader's keys is numpy work on small integer arrays rather than Python work on tuples of
strings (per candidate and per key, the cost of For you for a reader with history).

A ``KeyCodes`` table gives each pair it is asked about the next integer. Codes are exact (equal
codes, equal pairs) within one table. The process keeps one table (``current``); when it holds
``MAX_CODES`` pairs a new one replaces it, so a long-running process does not keep every key it
ever saw. A request takes the table once (``current()``) and codes everything with it: a table
replaced meanwhile keeps working for the requests that hold it. A candidate keeps its codes
with the table they belong to (``Candidate.codes``) and is coded again under a new table.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy.typing as npt

    Codes = npt.NDArray[Any]

MAX_CODES = 200_000  # pairs (a few hundred bytes each with their strings): tens of MB at most

Key = tuple[str, str]


class KeyCodes:
    """(kind, key) -> int, the next integer for a pair not seen before (thread-safe)."""

    def __init__(self) -> None:
        self._codes: dict[Key, int] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._codes)

    def __reduce__(self) -> tuple[type[KeyCodes], tuple[()]]:
        """A copy (pickle, deepcopy) is a new empty table: whatever was coded with this one is
        coded again with it (codes are kept with the table they belong to)."""
        return (KeyCodes, ())

    def codes(self, keys: Iterable[Key]) -> Codes:
        """The codes of ``keys``, in order, as an int64 array."""
        import numpy as np

        keys = list(keys)
        known = self._codes
        found = [known.get(k) for k in keys]
        if None in found:
            with self._lock:
                for i, k in enumerate(keys):
                    if found[i] is None:
                        found[i] = known.setdefault(k, len(known))
        return np.array(found, dtype=np.int64)


_current = KeyCodes()
_guard = threading.Lock()


def current() -> KeyCodes:
    """The process's table (a new one once the last reached ``MAX_CODES`` pairs)."""
    global _current
    with _guard:
        if len(_current) >= MAX_CODES:
            _current = KeyCodes()
        return _current
