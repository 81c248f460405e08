"""The process's memory of recent articles: a duplicate index (fingerprints + vectors) and a
nearest-neighbour index, kept in step with the database by loading rows it has not seen.

One per database per process; guarded by a lock because task threads share it.
"""

from __future__ import annotations

import struct
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from mynews.enrich.embeddings import from_bytes
from mynews.store import stories as story_rows
from mynews.store.db import Session
from mynews.stories.dedup import DuplicateIndex
from mynews.stories.fingerprints import Fingerprint
from mynews.stories.neighbours import NeighbourIndex, make_index

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

WINDOW = timedelta(days=45)


def pack_fingerprint(fp: Fingerprint) -> bytes:
    return struct.pack("<I", fp.shingles) + fp.signature


def unpack_fingerprint(blob: bytes) -> Fingerprint:
    return Fingerprint(signature=blob[4:], shingles=struct.unpack("<I", blob[:4])[0])


@dataclass
class Memory:
    dim: int
    lock: threading.RLock = field(default_factory=threading.RLock)
    last_id: int = 0
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    neighbours: NeighbourIndex | None = None
    story_of: dict[int, int | None] = field(default_factory=dict)
    ids: set[int] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.neighbours = make_index(self.dim, 100_000)

    def sync(self, session: Session, now: datetime) -> None:
        """Load articles stored since the last sync (by other processes too)."""
        while True:
            rows = story_rows.vectors_after(session, self.last_id, since=now - WINDOW)
            for article_id, vector, fingerprint, story_id, _published in rows:
                self.add(
                    article_id,
                    from_bytes(vector),
                    unpack_fingerprint(fingerprint) if fingerprint else None,
                    story_id,
                )
            if len(rows) < 5000:
                break

    def add(
        self, article_id: int, vector: npt.NDArray[np.float32], fp: Fingerprint | None, story_id: int | None
    ) -> None:
        self.last_id = max(self.last_id, article_id)
        self.story_of[article_id] = story_id
        if article_id in self.ids:
            return
        self.ids.add(article_id)
        if fp is not None:
            self.duplicates.add(article_id, fp, vector)
        assert self.neighbours is not None
        self.neighbours.add([article_id], vector.reshape(1, -1))

    def nearest(self, vector: npt.NDArray[np.float32], k: int = 30) -> list[tuple[int, float]]:
        assert self.neighbours is not None
        if not self.ids:
            return []
        return [(int(i), s) for i, s in self.neighbours.search(vector, k)]  # type: ignore[call-overload]


_memories: dict[tuple[str, int], Memory] = {}
_guard = threading.Lock()


def memory(db_url: str, dim: int) -> Memory:
    with _guard:
        key = (db_url, dim)
        if key not in _memories:
            _memories[key] = Memory(dim)
        return _memories[key]


def forget(db_url: str) -> None:
    """Drop the memory of a database (after re-clustering or re-embedding)."""
    with _guard:
        for key in [k for k in _memories if k[0] == db_url]:
            del _memories[key]
