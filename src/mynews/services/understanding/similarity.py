"""The process's memory of recent articles: a duplicate index (fingerprints + vectors) and a
nearest-neighbour index, kept in step with the database by loading rows it has not seen.

One per database per process; guarded by a lock because task threads share it.
"""

from __future__ import annotations

import struct
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from mynews.enrich.embeddings import from_bytes
from mynews.store import entities as entity_rows
from mynews.store import stories as story_rows
from mynews.store.db import Session
from mynews.stories.dedup import DuplicateIndex
from mynews.stories.fingerprints import NUM_PERM, Fingerprint
from mynews.stories.neighbours import NeighbourIndex, make_index
from mynews.stories.specificity import EntityIdf

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

WINDOW = 200_000  # the most recently stored articles kept in memory
IDF_WINDOW = 50_000  # entity specificity is counted over this many recent articles
STORY_ENTITIES = 10  # the most salient entities of an article are what clustering compares
OVERLAP = timedelta(minutes=5)  # re-read this far back: transactions commit after they stamp


def pack_fingerprint(fp: Fingerprint) -> bytes:
    """The shingle count, the signature, then the numbers as ASCII separated by commas (a blob
    stored before numbers were kept ends with the signature: its numbers are not known)."""
    numbers = b"" if fp.numbers is None else b"#" + ",".join(fp.numbers).encode()
    return struct.pack("<I", fp.shingles) + fp.signature + numbers


def unpack_fingerprint(blob: bytes) -> Fingerprint:
    end = 4 + NUM_PERM * 4
    rest = blob[end:]
    numbers = tuple(n for n in rest[1:].decode().split(",") if n) if rest[:1] == b"#" else None
    return Fingerprint(signature=blob[4:end], shingles=struct.unpack("<I", blob[:4])[0], numbers=numbers)


@dataclass
class Memory:
    """Recent articles' fingerprints, vectors and stories, in step with the database."""

    dim: int
    lock: threading.RLock = field(default_factory=threading.RLock)
    duplicates: DuplicateIndex = field(default_factory=DuplicateIndex)
    neighbours: NeighbourIndex | None = None
    story_of: dict[int, int | None] = field(default_factory=dict)
    ids: set[int] = field(default_factory=set)
    synced_at: datetime | None = None
    idf: EntityIdf = field(default_factory=EntityIdf)
    _counted: deque[tuple[int, frozenset[str]]] = field(default_factory=deque)

    def __post_init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.duplicates = DuplicateIndex()
        self.neighbours = make_index(self.dim, 100_000)
        self.story_of, self.ids, self.synced_at = {}, set(), None
        self.idf, self._counted = EntityIdf(), deque()

    def sync(self, session: Session) -> None:
        """Load what was understood since the last look, by this process or another. The
        caller's own unflushed work is not read (it is added with ``add`` once decided). A
        database that went backwards (restored, emptied) is read again from scratch."""
        with session.no_autoflush:
            newest = story_rows.max_article_id(session)
            if self.ids and newest < max(self.ids):
                self.reset()
            if self.synced_at is None:
                after_id = max(0, newest - WINDOW)
                while rows := story_rows.understood_after(session, after_id):
                    self._load(session, rows)
                    after_id = rows[-1][0]
                return
            since, after = self.synced_at - OVERLAP, None
            while rows := story_rows.understood_since(session, since, after):
                self._load(session, rows)
                last = rows[-1]
                after = (last[4], last[0]) if last[4] else None
                if len(rows) < 5000 or after is None:
                    break

    def _load(self, session: Session, rows: list[story_rows.Understood]) -> None:
        fresh = [r[0] for r in rows if r[0] not in self.ids]
        keys = entity_rows.keys_of_articles(session, fresh, top=STORY_ENTITIES) if fresh else {}
        for article_id, vector, fingerprint, story_id, enriched_at in rows:
            self.add(
                article_id,
                from_bytes(vector),
                unpack_fingerprint(fingerprint) if fingerprint else None,
                story_id,
                frozenset(keys.get(article_id, ())),
            )
            if enriched_at is not None and (self.synced_at is None or enriched_at > self.synced_at):
                self.synced_at = enriched_at
        if self.synced_at is None:
            self.synced_at = datetime.min.replace(tzinfo=UTC)

    def add(
        self,
        article_id: int,
        vector: npt.NDArray[np.float32],
        fp: Fingerprint | None,
        story_id: int | None,
        entity_keys: frozenset[str] = frozenset(),
    ) -> None:
        self.story_of[article_id] = story_id
        if article_id in self.ids:
            return
        self.ids.add(article_id)
        self.idf.add(entity_keys)
        self._counted.append((article_id, entity_keys))
        if len(self._counted) > IDF_WINDOW:
            self.idf.remove(self._counted.popleft()[1])
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
