"""What a reader does and keeps: follows and mutes, signals, saved articles, read states.

Every function takes the ``reader_id`` and filters by it: one reader's rows are never reachable
through another's id. Lists are keyset-paginated on (time, id). Read states and saved rows are
written together with the read and starred flags of the reader's sync entries (``sync_entries``),
so the web and reader apps see one state.

Every change of a reader's signals or read states bumps the reader's ``history_version`` in the
same transaction (``history_version``): a profile built from them is current while it is the
same."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased

from mynews.store import sync_entries
from mynews.store.models import Article, Follow, Reader, ReadState, Saved, Signal

Signal_ = aliased(Signal)

# Follows --------------------------------------------------------------------------------------


def put_follow(
    session: Session, reader_id: int, *, kind: str, key: str, name: str, muted: bool, now: datetime
) -> None:
    """Follow (or mute) one thing; following a muted thing unmutes it and vice versa."""
    row = session.get(Follow, (reader_id, kind, key))
    if row is None:
        session.add(Follow(reader_id=reader_id, kind=kind, key=key, name=name, muted=muted, created_at=now))
    else:
        row.muted, row.name = muted, name or row.name


def remove_follow(session: Session, reader_id: int, *, kind: str, key: str) -> bool:
    result = session.execute(
        delete(Follow).where(Follow.reader_id == reader_id, Follow.kind == kind, Follow.key == key)
    )
    return bool(getattr(result, "rowcount", 0))


def rekey_follows(session: Session, kind: str, old_key: str, new_key: str, name: str) -> int:
    """Every reader's follow or mute of ``old_key`` now names ``new_key`` (a merged entity,
    storyline or event); a reader who had both keeps one."""
    moved = 0
    for row in list(session.scalars(select(Follow).where(Follow.kind == kind, Follow.key == old_key))):
        if session.get(Follow, (row.reader_id, kind, new_key)) is None:
            session.add(
                Follow(
                    reader_id=row.reader_id,
                    kind=kind,
                    key=new_key,
                    name=name,
                    muted=row.muted,
                    created_at=row.created_at,
                )
            )
            moved += 1
        session.delete(row)
    session.flush()
    return moved


def rename_follows(session: Session, kind: str, key: str, name: str) -> None:
    """Every follow or mute of ``(kind, key)`` shows ``name`` from now on (a storyline or an event
    renamed as it grows: "New in <its name>" and the Following page say what it is called now)."""
    session.execute(
        update(Follow).where(Follow.kind == kind, Follow.key == key, Follow.name != name).values(name=name)
    )


def follows(session: Session, reader_id: int) -> list[Follow]:
    query = select(Follow).where(Follow.reader_id == reader_id).order_by(Follow.kind, Follow.name)
    return list(session.scalars(query))


# Signals --------------------------------------------------------------------------------------


def history_version(session: Session, reader_id: int) -> int:
    """The reader's history version (one primary-key lookup): it changes with every signal
    recorded or removed and every read state set or cleared through this module, so what is
    built from them (a For you profile, the read ids) can be kept until it does. Rows written
    around this module (bulk loads, an article's cascade delete) do not bump it."""
    return int(session.scalar(select(Reader.history_version).where(Reader.id == reader_id)) or 0)


def _history_changed(session: Session, reader_id: int) -> None:
    """Count one change of the reader's signals or read states, in the caller's transaction."""
    session.execute(
        update(Reader).where(Reader.id == reader_id).values(history_version=Reader.history_version + 1)
    )


def add_signal(
    session: Session, reader_id: int, article_id: int, *, kind: str, value: float, now: datetime
) -> None:
    add_signals(session, reader_id, [article_id], kind=kind, value=value, now=now)


def add_signals(
    session: Session, reader_id: int, article_ids: Iterable[int], *, kind: str, value: float, now: datetime
) -> None:
    """The same signal about each article (a page of impressions): one history change."""
    rows = [Signal(reader_id=reader_id, article_id=a, kind=kind, value=value, at=now) for a in article_ids]
    if rows:
        session.add_all(rows)
        _history_changed(session, reader_id)


class SignalRow(NamedTuple):
    kind: str
    article_id: int
    at: datetime
    value: float


def recent_signals(session: Session, reader_id: int, *, limit: int = 500) -> list[SignalRow]:
    """The reader's newest signals as plain rows (kind, article_id, at, value): a feed request
    reads hundreds, and ORM objects would cost ten times as much."""
    query = (
        select(Signal.kind, Signal.article_id, Signal.at, Signal.value)
        .where(Signal.reader_id == reader_id)
        .order_by(Signal.at.desc(), Signal.id.desc())
        .limit(limit)
    )
    return [SignalRow(*row) for row in session.execute(query)]


def history(
    session: Session, reader_id: int, *, before: tuple[datetime, int] | None, limit: int
) -> list[tuple[Signal, Article]]:
    """The reader's opens, newest first, with their articles: only the latest open of each
    article (an article opened five times is listed once)."""
    later = select(Signal.id).where(
        Signal.reader_id == reader_id,
        Signal.kind == "open",
        Signal.article_id == Signal_.article_id,
        or_(Signal.at > Signal_.at, and_(Signal.at == Signal_.at, Signal.id > Signal_.id)),
    )
    query = (
        select(Signal_, Article)
        .join(Article, Article.id == Signal_.article_id)
        .where(Signal_.reader_id == reader_id, Signal_.kind == "open", ~later.exists())
    )
    if before is not None:
        at, row_id = before
        query = query.where(or_(Signal_.at < at, and_(Signal_.at == at, Signal_.id < row_id)))
    rows = session.execute(query.order_by(Signal_.at.desc(), Signal_.id.desc()).limit(limit))
    return [(s, a) for s, a in rows]


def forget(session: Session, reader_id: int, article_id: int | None = None) -> None:
    """Delete this reader's signals and read states (for one article, or all of them)."""
    signals = delete(Signal).where(Signal.reader_id == reader_id)
    reads = delete(ReadState).where(ReadState.reader_id == reader_id)
    if article_id is not None:
        signals = signals.where(Signal.article_id == article_id)
        reads = reads.where(ReadState.article_id == article_id)
    session.execute(signals)
    session.execute(reads)
    _history_changed(session, reader_id)
    sync_entries.set_read(session, reader_id, None if article_id is None else [article_id], False)


# Saved and read -------------------------------------------------------------------------------


def save(session: Session, reader_id: int, article_id: int, now: datetime) -> None:
    sync_entries.set_starred(session, reader_id, [article_id], True)
    if session.get(Saved, (reader_id, article_id)) is not None:
        return
    try:
        with session.begin_nested():
            session.add(Saved(reader_id=reader_id, article_id=article_id, saved_at=now))
            session.flush()
    except IntegrityError:
        pass


def unsave(session: Session, reader_id: int, article_id: int) -> None:
    session.execute(delete(Saved).where(Saved.reader_id == reader_id, Saved.article_id == article_id))
    sync_entries.set_starred(session, reader_id, [article_id], False)


def saved(
    session: Session, reader_id: int, *, before: tuple[datetime, int] | None, limit: int
) -> list[tuple[Saved, Article]]:
    query = (
        select(Saved, Article)
        .join(Article, Article.id == Saved.article_id)
        .where(Saved.reader_id == reader_id)
    )
    if before is not None:
        at, row_id = before
        query = query.where(or_(Saved.saved_at < at, and_(Saved.saved_at == at, Saved.article_id < row_id)))
    rows = session.execute(query.order_by(Saved.saved_at.desc(), Saved.article_id.desc()).limit(limit))
    return [(s, a) for s, a in rows]


def saved_among(session: Session, reader_id: int, article_ids: Iterable[int]) -> set[int]:
    ids = list(article_ids)
    if not ids:
        return set()
    query = select(Saved.article_id).where(Saved.reader_id == reader_id, Saved.article_id.in_(ids))
    return set(session.scalars(query))


def mark_read(session: Session, reader_id: int, article_ids: Iterable[int], now: datetime) -> None:
    ids = set(article_ids)
    known = set(
        session.scalars(
            select(ReadState.article_id).where(
                ReadState.reader_id == reader_id, ReadState.article_id.in_(ids)
            )
        )
    )
    for article_id in sorted(ids - known):
        session.add(ReadState(reader_id=reader_id, article_id=article_id, read_at=now))
    if ids - known:
        _history_changed(session, reader_id)
    sync_entries.set_read(session, reader_id, ids, True)


def mark_unread(session: Session, reader_id: int, article_ids: Iterable[int]) -> None:
    ids = sorted(set(article_ids))
    for i in range(0, len(ids), 500):
        session.execute(
            delete(ReadState).where(
                ReadState.reader_id == reader_id, ReadState.article_id.in_(ids[i : i + 500])
            )
        )
    if ids:
        _history_changed(session, reader_id)
    sync_entries.set_read(session, reader_id, ids, False)


def read_ids(session: Session, reader_id: int, *, limit: int = 2000) -> set[int]:
    query = (
        select(ReadState.article_id)
        .where(ReadState.reader_id == reader_id)
        .order_by(ReadState.read_at.desc())
        .limit(limit)
    )
    return set(session.scalars(query))


def duplicate_group(session: Session, article_id: int) -> set[int]:
    """The article, the one it duplicates and every other duplicate of that one."""
    root = session.scalar(select(Article.duplicate_of_id).where(Article.id == article_id)) or article_id
    members = session.scalars(select(Article.id).where(Article.duplicate_of_id == root))
    return {article_id, root, *members}


def duplicate_groups(session: Session, article_ids: Iterable[int]) -> set[int]:
    """``duplicate_group`` of many articles at once: the articles, their originals and every
    duplicate of those."""
    ids = sorted(set(article_ids))
    out = set(ids)
    for i in range(0, len(ids), 500):
        chunk = ids[i : i + 500]
        roots = set(chunk) | {
            r for r in session.scalars(select(Article.duplicate_of_id).where(Article.id.in_(chunk))) if r
        }
        out |= roots
        for j in range(0, len(roots), 500):
            part = sorted(roots)[j : j + 500]
            out.update(session.scalars(select(Article.id).where(Article.duplicate_of_id.in_(part))))
    return out


def open_counts(session: Session, article_ids: Iterable[int]) -> dict[int, int]:
    ids = list(article_ids)
    if not ids:
        return {}
    query = (
        select(Signal.article_id, func.count(Signal.id))
        .where(Signal.article_id.in_(ids), Signal.kind == "open")
        .group_by(Signal.article_id)
    )
    return {int(a): int(n) for a, n in session.execute(query)}


def withdraw_signal(session: Session, reader_id: int, article_id: int, kind: str) -> bool:
    """Delete the reader's latest ``kind`` signal about the article (an undo)."""
    latest = session.scalar(
        select(Signal.id)
        .where(Signal.reader_id == reader_id, Signal.article_id == article_id, Signal.kind == kind)
        .order_by(Signal.at.desc(), Signal.id.desc())
        .limit(1)
    )
    if latest is None:
        return False
    session.execute(delete(Signal).where(Signal.id == latest))
    _history_changed(session, reader_id)
    return True
