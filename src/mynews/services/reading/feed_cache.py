"""What every reader's feed shares, kept in this process: the facts ranking needs about each
candidate article, and the newest-articles window. A For you request then only queries the
reader's own rows (follows, signals) and the follow lists.

Shared values (the window, the Top stories ranking) are invalidated by what changed, not by a
timer: each is kept with the feed version it was built at (``store.feed_log.version``, bumped in
the transaction that makes articles ready, by whatever process), and a request that reads a newer
version rebuilds it, so a newly ready article reaches For you at the very next request. Article
facts (story sizes, popularity) live ``ttl`` seconds; a new article's facts are loaded when it
first appears, and so do the names of the stories and storylines readers read ("New in <story>"). The keys and vectors of the articles in readers' histories live ten minutes.

A reader's built profile (with the ids of the articles they read) is kept too (``profile``),
for the ``PROFILE_READERS`` readers seen last: it is reused while the reader's signals, read
states, follows and mutes are the ones it was built from (``store.reader_activity.history_version``:
any signal or read state recorded or removed changes it) and for at most
``PROFILE_SECONDS`` of the app's clock (decay and "passed over" move with time), so reloading
or paging costs a reader with 5,000 signals what it costs one with 30, and a signal still shapes
the very next page. The newest articles of each followed key are shared by the readers
following it and kept like the window (``followed``). The cache is per Database object and
bounded in size.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from mynews.store.db import Database

TTL_SECONDS = 60.0
HISTORY_TTL_SECONDS = 600.0  # what a reader's history articles are about changes rarely
MAX_ARTICLES = 50_000
PROFILE_READERS = 1_000  # profiles kept (each up to ~80 KB: 48 interest vectors)
PROFILE_SECONDS = 300.0  # of the app's clock: a profile's decay is days, "seen" is 30 minutes
FOLLOWED_KEYS = 20_000  # followed keys whose newest-article lists are kept (30 ids each)

_K = TypeVar("_K", bound=Hashable)


@dataclass
class FeedCache:
    ttl: float = TTL_SECONDS
    articles: dict[int, tuple[float, Any]] = field(default_factory=dict)
    history: dict[int, tuple[float, Any]] = field(default_factory=dict)
    story_names: dict[tuple[str, str], tuple[float, Any]] = field(default_factory=dict)
    shared: dict[str, tuple[int, datetime, Any]] = field(default_factory=dict)
    profiles: OrderedDict[int, tuple[Hashable, datetime, Any]] = field(default_factory=OrderedDict)
    follow_lists: OrderedDict[tuple[str, str], tuple[int, datetime, list[int]]] = field(
        default_factory=OrderedDict
    )
    lock: threading.Lock = field(default_factory=threading.Lock)

    def followed(
        self,
        keys: Sequence[tuple[str, str]],
        as_of: datetime,
        version: int,
        load: Callable[[list[tuple[str, str]]], dict[tuple[str, str], list[int]]],
    ) -> dict[tuple[str, str], list[int]]:
        """The newest article ids of each followed key, shared by every reader following it and
        kept like the window: while the feed ``version`` is the one they were read at, for a
        request at most ``ttl`` after; the ``FOLLOWED_KEYS`` used last are kept. A reader's
        follows then cost no query when their lists are current."""
        found: dict[tuple[str, str], list[int]] = {}
        with self.lock:
            for key in keys:
                cached = self.follow_lists.get(key)
                if (
                    cached is not None
                    and cached[0] == version
                    and cached[1] <= as_of <= cached[1] + timedelta(seconds=self.ttl)
                ):
                    self.follow_lists.move_to_end(key)
                    found[key] = cached[2]
        missing = [k for k in keys if k not in found]
        if missing:
            loaded = load(missing)
            with self.lock:
                for key in missing:
                    ids = loaded.get(key, [])
                    self.follow_lists[key] = (version, as_of, ids)
                    self.follow_lists.move_to_end(key)
                    found[key] = ids
                while len(self.follow_lists) > FOLLOWED_KEYS:
                    self.follow_lists.popitem(last=False)
        return found

    def facts(self, ids: Sequence[int], load: Callable[[list[int]], dict[int, Any]]) -> dict[int, Any]:
        """The cached value of each id, loading the missing or expired ones with ``load``."""
        return self._cached(self.articles, self.ttl, ids, load)

    def history_facts(
        self, ids: Sequence[int], load: Callable[[list[int]], dict[int, Any]]
    ) -> dict[int, Any]:
        """The same for the articles of readers' histories (their keys, names and vectors, which
        a reader profile is built from): kept ``HISTORY_TTL_SECONDS``, so a long history is
        read from the database once, not at every request."""
        return self._cached(self.history, HISTORY_TTL_SECONDS, ids, load)

    def names(
        self,
        keys: Sequence[tuple[str, str]],
        load: Callable[[list[tuple[str, str]]], dict[tuple[str, str], str]],
    ) -> dict[tuple[str, str], Any]:
        """The names of stories and storylines (by key), kept ``ttl`` seconds like the article
        facts: a reader's "New in <story>" no longer costs a query per request, and a story
        renamed as it grows is named anew within a minute."""
        return self._cached(self.story_names, self.ttl, keys, load)

    def profile(self, reader_id: int, key: Hashable, now: datetime, build: Callable[[], Any]) -> Any:
        """The reader's profile built from the inputs ``key`` stands for, rebuilt when ``key``
        changes, when ``now`` is ``PROFILE_SECONDS`` past (or before) the build, or when it fell
        out of the ``PROFILE_READERS`` kept."""
        with self.lock:
            cached = self.profiles.get(reader_id)
            if (
                cached is not None
                and cached[0] == key
                and timedelta(0) <= now - cached[1] <= timedelta(seconds=PROFILE_SECONDS)
            ):
                self.profiles.move_to_end(reader_id)
                return cached[2]
        value = build()
        with self.lock:
            self.profiles[reader_id] = (key, now, value)
            self.profiles.move_to_end(reader_id)
            while len(self.profiles) > PROFILE_READERS:
                self.profiles.popitem(last=False)
        return value

    def _cached(
        self,
        store: dict[_K, tuple[float, Any]],
        ttl: float,
        ids: Sequence[_K],
        load: Callable[[list[_K]], dict[_K, Any]],
    ) -> dict[_K, Any]:
        now = time.monotonic()
        with self.lock:
            found = {i: v for i in ids if (e := store.get(i)) is not None and e[0] > now for v in (e[1],)}
        missing = [i for i in ids if i not in found]
        if missing:
            loaded = load(missing)
            with self.lock:
                if len(store) + len(loaded) > MAX_ARTICLES:
                    store.clear()
                store.update({i: (now + ttl, v) for i, v in loaded.items()})
            found.update(loaded)
        return found

    def shared_value(self, name: str, as_of: datetime, version: int, load: Callable[[], Any]) -> Any:
        """A value every reader shares (the newest-articles window, the top stories ranking),
        reused while the feed ``version`` is the one it was built at, for a request whose
        ``as_of`` is at or after the cached one (at most ``ttl`` later: "developing" moves on)."""
        with self.lock:
            cached = self.shared.get(name)
        if (
            cached is not None
            and cached[0] == version
            and cached[1] <= as_of <= cached[1] + timedelta(seconds=self.ttl)
        ):
            return cached[2]
        value = load()
        with self.lock:
            self.shared[name] = (version, as_of, value)
        return value


_caches: weakref.WeakKeyDictionary[Database, FeedCache] = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def cache_for(db: Database) -> FeedCache:
    with _guard:
        cache = _caches.get(db)
        if cache is None:
            cache = _caches[db] = FeedCache()
        return cache
