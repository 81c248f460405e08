"""One entity per real thing. At store time a name already stored under another kind joins that
entity (spaCy may call Burkina Faso a person one day and an organisation the next), unless the
gazetteer fixes its kind, and a name merged away follows its redirect; each link keeps the kind
its article's text gave the name, the evidence of a kind vote. ``merge_entities`` applies the
current rules (aliases, gazetteer, junk filters) to entities already stored: merges names that
are one thing, folds a bare surname into the one full name the instance knows ("Putin" into
"Vladimir Putin"), moves an entity to the kind most of its articles give it (the first article's
guess is only where it starts), leaves a redirect of every changed key (pages, the API, follows,
the events' entity counts and later articles resolve it) and forgets junk names."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from mynews.enrich.entity_rules import (
    EntityRules,
    canonical_name,
    entity_key,
    forced_kind,
    is_noise,
    load_rules,
)
from mynews.services.context import Context
from mynews.store import entities as entity_rows
from mynews.store import reader_activity
from mynews.store import stories as story_rows
from mynews.store.db import Session
from mynews.store.entities import FoundEntity
from mynews.store.models import Entity

Progress = Callable[[int, int], None]


def slug_of(key: str) -> str:
    return key.split(":", 1)[1]


def unify_kinds(session: Session, found: list[FoundEntity]) -> list[FoundEntity]:
    """Each found entity under the key its name is already stored with, whatever kind spaCy
    guessed here (the most linked one when several); the gazetteer's kind always wins. A name
    stored nowhere whose key was merged away (``merge_entities``) joins the entity it went into."""
    found = _one_per_name(found)
    stored = entity_rows.same_name(session, [slug_of(f.key) for f in found])
    missing = {slug_of(f.key) for f in found} - stored.keys()
    moved = {
        slug_of(old): target
        for old, target in entity_rows.redirected(
            session, [f"{kind}:{slug}" for slug in sorted(missing) for kind in entity_rows.KINDS]
        ).items()
    }
    out: dict[str, FoundEntity] = {}
    for f in found:
        target = moved.get(slug_of(f.key))
        if target is not None and forced_kind(f.name) is None:
            # another name's kind is no evidence of this one's ("Putin" for Vladimir Putin)
            f = replace(f, key=target.key, kind=target.kind, name=target.name, guessed_kind=target.kind)
        rows = stored.get(slug_of(f.key), [])
        fixed = forced_kind(f.name)
        if (fixed is None and rows and not any(r.key == f.key for r in rows)) or (
            fixed is None and len(rows) > 1
        ):
            best = max(rows, key=lambda r: (r.article_count, -r.id))
            f = replace(f, key=best.key, kind=best.kind)
        same = out.get(f.key)
        out[f.key] = f if same is None else _combined(same, f)
    return list(out.values())


def _one_per_name(found: list[FoundEntity]) -> list[FoundEntity]:
    """One entity per name within an article: "Calderon" (a person) and "Calderón" (an
    organisation) in one article have one key name and are one thing, under the kind of the one
    mentioned most (the gazetteer's kind still wins later)."""
    by_slug: dict[str, list[FoundEntity]] = {}
    for f in found:
        by_slug.setdefault(slug_of(f.key), []).append(f)
    out = []
    for group in by_slug.values():
        best = max(group, key=lambda f: (f.count, f.salience, f.key))
        one = best
        for f in group:
            if f is not best:
                one = _combined(one, f)
        out.append(one)
    return out


def _combined(a: FoundEntity, b: FoundEntity) -> FoundEntity:
    return replace(
        a,
        aliases=tuple(dict.fromkeys((*a.aliases, *b.aliases))),
        mentions=tuple(dict.fromkeys((*a.mentions, *b.mentions))),
        count=a.count + b.count,
        salience=max(a.salience, b.salience),
    )


@dataclass(frozen=True)
class MergeReport:
    merged: int  # entities folded into another
    renamed: int  # entities whose key or name changed under the current rules
    dropped: int  # junk names forgotten
    rekinded: int = 0  # entities moved to the kind most of their articles give them


def merge_entities(ctx: Context, *, progress: Progress | None = None) -> MergeReport:
    """Apply the current entity rules to every stored entity (run after a rules change; then
    ``mynews recluster`` refreshes the events' entity counts)."""
    rules = load_rules()
    merged = renamed = dropped = 0
    moves: dict[str, str] = {}  # old key -> new key, for the events' entity counts
    now = ctx.clock.now()
    with ctx.db.transaction() as session:
        rows = _every_entity(session)
        groups: dict[str, list[Entity]] = {}
        for n, row in enumerate(rows, 1):
            name = canonical_name(row.name, rules)
            if is_noise(name, rules):
                entity_rows.unlink_entity(session, row)
                dropped += 1
                continue
            groups.setdefault(entity_key(name, "x").split(":", 1)[1], []).append(row)
            if progress and n % 500 == 0:
                progress(n, len(rows))
        for group in groups.values():
            m, r = _merge_group(session, group, now, moves)
            merged, renamed = merged + m, renamed + r
    rekinded = 0
    with ctx.db.transaction() as session:  # its own short transaction: the kind vote
        votes = entity_rows.kind_votes(session)
        for row, kind in kind_changes(entity_rows.many(session, list(votes)), votes, rules):
            key = entity_key(row.name, kind)
            into = entity_rows.by_key(session, key)
            if into is None:
                _rekey(session, row, key, kind, row.name, now, moves)
            else:
                _fold(session, row, into, now, moves)
            rekinded += 1
    with ctx.db.transaction() as session:  # its own short transaction: persons only
        for gone, into in surname_merges(_every_entity(session, kind="person"), rules.given_names):
            _fold(session, gone, into, now, moves)
            merged += 1
    if moves:
        with ctx.db.transaction() as session:  # the events' and storylines' entity counts follow
            story_rows.rekey_entity_counts(session, _resolved(moves))
    return MergeReport(merged, renamed, dropped, rekinded)


def _fold(session: Session, gone: Entity, into: Entity, now: datetime, moves: dict[str, str]) -> None:
    """Merge ``gone`` into ``into`` (links, aliases, a redirect); follows move, the move is noted."""
    old = gone.key
    entity_rows.merge_into(session, gone, into, now)
    reader_activity.rekey_follows(session, "entity", old, into.key, into.name)
    moves[old] = into.key


def _rekey(
    session: Session, row: Entity, key: str, kind: str, name: str, now: datetime, moves: dict[str, str]
) -> None:
    """Store ``row`` under another key (and kind, name), with a redirect; follows move, the move is noted."""
    old = row.key
    entity_rows.rekey(session, row, key=key, kind=kind, name=name, now=now)
    reader_activity.rekey_follows(session, "entity", old, key, name)
    moves[old] = key


def _resolved(moves: dict[str, str]) -> dict[str, str]:
    """Each moved key to where it finally went (a key moved twice in one run: A -> B -> C)."""
    out = {}
    for old, new in moves.items():
        seen = {old}
        while new in moves and new not in seen:
            seen.add(new)
            new = moves[new]
        out[old] = new
    return out


KIND_MIN_VOTES = 3  # articles that must give the new kind
KIND_SHARE = 0.5  # ... and more than this share of the entity's articles


def kind_changes(
    rows: Sequence[Entity], votes: dict[int, dict[str, int]], rules: EntityRules
) -> list[tuple[Entity, str]]:
    """Entities to move to the kind most of their articles' texts give them: a kind given by at
    least ``KIND_MIN_VOTES`` articles and by more than ``KIND_SHARE`` of all the entity's
    articles (a link with no recorded guess counts for the kind it is stored under, which its
    first article chose). The gazetteer's kind is never voted away."""
    out = []
    for row in rows:
        if forced_kind(canonical_name(row.name, rules), rules) is not None:
            continue
        given = {k: n for k, n in votes.get(row.id, {}).items() if k != row.kind and k in entity_rows.KINDS}
        if not given:
            continue
        kind, n = max(given.items(), key=lambda kv: (kv[1], kv[0]))
        if n >= KIND_MIN_VOTES and n > KIND_SHARE * max(row.article_count, sum(votes[row.id].values())):
            out.append((row, kind))
    return out


SURNAME_MIN_ARTICLES = 2  # the full name is known from at least this many articles
SURNAME_SHARE = 0.8  # ... and holds this share of the articles of every full name ending so


def surname_merges(rows: Sequence[Entity], given_names: frozenset[str]) -> list[tuple[Entity, Entity]]:
    """Bare one-word person names to fold into the one full name that ends with them ("Putin"
    into "Vladimir Putin", "Erdoğan" into "Recep Tayyip Erdoğan"): that full name must be
    linked to at least ``SURNAME_MIN_ARTICLES`` articles and hold ``SURNAME_SHARE`` of the
    articles of all full names ending with the word ("Wong" stays: Joshua Wong and Tak-Sing Wong
    are both known). A common first name ("John", "Francis") is never taken for a surname."""
    persons = [r for r in rows if r.kind == "person"]
    by_last: dict[str, list[Entity]] = {}
    for row in persons:
        words = slug_of(row.key).split("-")
        if len(words) >= 2 and " " in row.name.strip():
            by_last.setdefault(words[-1], []).append(row)
    out = []
    for row in persons:
        slug = slug_of(row.key)
        if "-" in slug or " " in row.name.strip() or row.name.casefold() in given_names:
            continue
        full = by_last.get(slug, [])
        if not full:
            continue
        best = max(full, key=lambda r: (r.article_count, -r.id))
        total = sum(r.article_count for r in full)
        if best.article_count >= SURNAME_MIN_ARTICLES and best.article_count >= SURNAME_SHARE * total:
            out.append((row, best))
    return out


def _every_entity(session: Session, kind: str | None = None) -> list[Entity]:
    out, after = [], 0
    while page := entity_rows.all_entities(session, after_id=after, kind=kind):
        out += page
        after = page[-1].id
    return out


def _voted_kind(session: Session, group: list[Entity]) -> str:
    """The kind most articles of these same-name entities gave the name (a link with no recorded
    guess counts for its entity's kind); a tie goes to the most linked entity's kind."""
    tally: dict[str, int] = {}
    for row in group:
        for kind, n in entity_rows.guessed_kinds(session, row).items():
            tally[kind] = tally.get(kind, 0) + n
    first = max(group, key=lambda r: (r.article_count, -r.id)).kind
    return max(tally, key=lambda k: (tally[k], k == first)) if tally else first


def _merge_group(
    session: Session, group: list[Entity], now: datetime, moves: dict[str, str]
) -> tuple[int, int]:
    """Fold a group of same-name entities into one, under the gazetteer's kind or the kind most
    of their articles gave the name."""
    rules = load_rules()
    keep = max(group, key=lambda r: (r.article_count, -r.id))
    name = canonical_name(keep.name, rules)
    kind = forced_kind(name, rules) or (_voted_kind(session, group) if len(group) > 1 else keep.kind)
    key = entity_key(name, kind)
    target = next((r for r in group if r.key == key), None)
    renamed = 0
    if target is None:
        _rekey(session, keep, key, kind, name, now, moves)
        target, renamed = keep, 1
    for row in group:
        if row is not target:
            _fold(session, row, target, now, moves)
    return len(group) - 1, renamed
