"""Cursors for the ranked For you feed.

A ranked feed cannot page by (published, id) like a chronological one: the order depends on the
reader, and the reader's signals change it between pages. A ``FeedCursor`` therefore fixes what
must not move and lets the rest learn:

- ``as_of``: the candidate window is articles published at or before it, so new arrivals do not
  shift later pages (they appear when the reader refreshes the feed: a new cursor);
- ``seed``: the exploration draw, so the same page is the same page;
- ``shown``: the article ids already on earlier pages (each card's representative and folded
  ids), passed to ``rank_for_you(exclude=...)`` so no card repeats.

``encode``/``decode`` make it an opaque URL-safe string (ids delta-coded and compressed: about
2-4 bytes per shown id: about 1 KB after ten pages of 30). The lead may instead keep
``shown`` server-side, e.g. from impressions.
"""

from __future__ import annotations

import base64
import json
import zlib
from dataclasses import dataclass
from datetime import datetime

from mynews.rank.candidates import Card


@dataclass(frozen=True)
class FeedCursor:
    as_of: datetime
    seed: int
    shown: frozenset[int] = frozenset()
    page: int = 0

    def next(self, cards: list[Card]) -> FeedCursor:
        """The cursor of the page after ``cards``."""
        ids = {c.article_id for c in cards} | {i for c in cards for i in c.folded}
        return FeedCursor(self.as_of, self.seed, self.shown | ids, self.page + 1)

    def encode(self) -> str:
        ids = sorted(self.shown)
        deltas = [b - a for a, b in zip([0, *ids], ids, strict=False)]
        body = {"t": self.as_of.isoformat(), "s": self.seed, "p": self.page, "d": deltas}
        raw = zlib.compress(json.dumps(body, separators=(",", ":")).encode(), 9)
        return base64.urlsafe_b64encode(raw).decode().rstrip("=")

    @classmethod
    def decode(cls, token: str) -> FeedCursor:
        """Parse a cursor string; raises ValueError if it is not one."""
        try:
            raw = _inflate(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
            body = json.loads(raw)
            ids, total = [], 0
            for delta in body["d"]:
                total += int(delta)
                ids.append(total)
            as_of = datetime.fromisoformat(body["t"])
        except (ValueError, KeyError, TypeError, zlib.error) as exc:
            raise ValueError("not a feed cursor") from exc
        if as_of.tzinfo is None:
            raise ValueError("not a feed cursor")
        return cls(as_of, int(body["s"]), frozenset(ids), int(body["p"]))


MAX_CURSOR_BYTES = 256 * 1024
"""A cursor comes from the client: its JSON is never inflated past this (a zlib bomb would be)."""


def _inflate(data: bytes) -> bytes:
    inflater = zlib.decompressobj()
    raw = inflater.decompress(data, MAX_CURSOR_BYTES)
    if inflater.unconsumed_tail or not inflater.eof:
        raise ValueError("cursor too large or cut")
    return raw
