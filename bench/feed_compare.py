"""Compare For you of two checkouts of mynews on one database: the same pages, and CPU per request.

A refactor of ranking must change no page and should cost less. Each side runs in its own fresh
process with its own code (``--old`` and ``--new`` are checkouts, such as a ``git worktree`` of
``main``), with a fixed clock:

- ``same``: dumps For you pages 1 and 2 of ~200 readers (readers 1-20 with 5,000 signals,
  100-119 with 30, 9981-10000 new, and 140 drawn at random) with each card's score, components,
  propensity, reasons and their details, folded ids and the next cursor, each side on a fresh copy
  of the database (For you logs what it served), and says whether they are identical;
- ``speed``: CPU ms of For you per reader group, old and new alternating round by round (a
  process per round and side, after one warm-up request per reader), p50 / p90 and the ratios;
- ``best``: the same alternation, but each reader's best of ``--passes`` requests, the median
  over each group's readers: steadier than ``speed`` on a machine busy with other work.

    python bench/feed_compare.py same --old ../speed-base --new . --db /tmp/b100k.db
    python bench/feed_compare.py speed --old ../speed-base --new . --db /tmp/b100k.db --rounds 12
    python bench/feed_compare.py best --old ../speed-base --new . --db /tmp/b100k.db --rounds 3 --passes 8

The database is one made by ``bench/feed_data.generate`` (100k articles / 10k readers); each
side migrates its copy with its own code.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

GROUPS = {"heavy": list(range(1, 21)), "mid": list(range(100, 120)), "new": list(range(9981, 10001))}
CLOCK = "2026-12-01T20:00:00+00:00"


def _context(root: str, db: str) -> Any:
    """A Context on ``db`` with the code of checkout ``root`` (imported in this process only)."""
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")  # as mynews serve sets it
    sys.path[:0] = [f"{root}/src", root]
    from datetime import datetime

    import mynews
    from mynews.core.clock import FixedClock
    from mynews.core.settings import Settings
    from mynews.services.context import Context
    from mynews.store.db import Database

    if not mynews.__file__ or not Path(mynews.__file__).resolve().is_relative_to(Path(root).resolve()):
        raise SystemExit(f"mynews imported from {mynews.__file__}, not from {root}")
    url = f"sqlite:///{db}"
    from mynews.store.schema import upgrade

    upgrade(url)  # each side's copy to that side's newest migration (a no-op when it is there)
    settings = Settings(database_url=url, enrich_enabled=False, _env_file=None)
    return Context(db=Database(url), settings=settings, clock=FixedClock(datetime.fromisoformat(CLOCK)))


def dump(root: str, db: str, out: str) -> None:
    """For you pages 1 and 2 of each reader, with what ranking said of each card, as JSON."""
    ctx = _context(root, db)
    from mynews.services.reading import feed

    ranked: list[list[Any]] = []
    rank = feed.rank_for_you

    def kept(*args: Any, **kwargs: Any) -> Any:
        cards = rank(*args, **kwargs)
        ranked.append(
            [
                [c.article_id, c.score, sorted(c.components.items()), c.propensity, c.explored, c.folded]
                for c in cards
            ]
        )
        return cards

    feed.rank_for_you = kept
    drawn = sorted(random.Random(8).sample(range(121, 9981), 140))
    pages: dict[int, list[Any]] = {}
    for reader in [r for ids in GROUPS.values() for r in ids] + drawn:
        cursor = None
        for _ in range(2):
            ranked.clear()
            page = feed.for_you(ctx, reader, cursor=cursor, limit=30)
            cards = [_shown(c) for c in page.cards]
            pages.setdefault(reader, []).append(
                {"cards": cards, "ranked": list(ranked), "next": page.next_cursor}
            )
            cursor = page.next_cursor
            if cursor is None:
                break
    Path(out).write_text(json.dumps(pages, sort_keys=True, default=str))


def _shown(card: Any) -> list[Any]:
    """What the reader sees of a card."""
    fields = ("article_id", "title", "url", "lead_image", "story_id", "reasons", "reason_details")
    return [getattr(card, f) for f in (*fields, "story_sources", "folded", "saved")]


def work(root: str, db: str, passes: int, best: bool = False) -> None:
    """Print CPU ms of For you per request, per group, as JSON (one side of one round); with
    ``best``, each reader's best of ``passes`` requests."""
    ctx = _context(root, db)
    from mynews.services.reading import feed

    for reader in [r for ids in GROUPS.values() for r in ids]:
        feed.for_you(ctx, reader, limit=30)
    times: dict[str, list[list[float]]] = {group: [[] for _ in ids] for group, ids in GROUPS.items()}
    for _ in range(passes):
        for group, ids in GROUPS.items():
            for i, reader in enumerate(ids):
                start = time.process_time()
                feed.for_you(ctx, reader, limit=30)
                times[group][i].append((time.process_time() - start) * 1000)
    if best:
        print(json.dumps({group: [min(t) for t in each] for group, each in times.items()}))
    else:
        print(json.dumps({group: [t for each in per for t in each] for group, per in times.items()}))


def _side(command: str, root: str, db: str, *extra: str) -> str:
    args = [sys.executable, __file__, command, "--root", root, "--db", db, *extra]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def same(old: str, new: str, db: str) -> bool:
    with tempfile.TemporaryDirectory() as tmp:
        outs = []
        for name, root in (("old", old), ("new", new)):
            copy, out = f"{tmp}/{name}.db", f"{tmp}/{name}.json"
            shutil.copy(db, copy)
            _side("dump", root, copy, "--out", out)
            outs.append(json.loads(Path(out).read_text()))
    pages = sum(len(p) for p in outs[0].values())
    cards = sum(len(page["cards"]) for p in outs[0].values() for page in p)
    print(
        f"{len(outs[0])} readers, {pages} pages, {cards} cards: {'identical' if outs[0] == outs[1] else 'DIFFERENT'}"
    )
    return outs[0] == outs[1]


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _rounds(
    old: str, new: str, db: str, rounds: int, passes: int, *extra: str
) -> dict[str, dict[str, list[Any]]]:
    """What ``work`` printed, per side and group, old and new alternating round by round."""
    times: dict[str, dict[str, list[Any]]] = {"old": {}, "new": {}}
    with tempfile.TemporaryDirectory() as tmp:
        copies = {name: f"{tmp}/{name}.db" for name in times}
        for copy in copies.values():
            shutil.copy(db, copy)
        for i in range(rounds):
            for name in ("old", "new") if i % 2 == 0 else ("new", "old"):
                root = old if name == "old" else new
                out = _side("work", root, copies[name], "--passes", str(passes), *extra)
                for group, values in json.loads(out.strip().splitlines()[-1]).items():
                    times[name].setdefault(group, []).append(values)
    return times


def best(old: str, new: str, db: str, rounds: int, passes: int) -> None:
    """Per round and side: the median over each group's readers of their best request."""
    times = _rounds(old, new, db, rounds, passes, "--best")
    print(
        f"{rounds} alternating rounds, each reader's best of {passes} (CPU ms of For you, median per group)"
    )
    for side in ("old", "new"):
        medians = {g: [_quantile(r, 0.5) for r in times[side][g]] for g in GROUPS}
        shown = " | ".join(f"{g} " + " ".join(f"{m:5.1f}" for m in ms) for g, ms in medians.items())
        ratios = " ".join(f"{h / n:.2f}" for h, n in zip(medians["heavy"], medians["new"], strict=True))
        print(f"{side}: {shown} | heavy/new {ratios}")


def speed(old: str, new: str, db: str, rounds: int, passes: int) -> None:
    runs = _rounds(old, new, db, rounds, passes)
    times = {
        side: {g: [t for r in rs for t in r] for g, rs in groups.items()} for side, groups in runs.items()
    }
    print(f"{rounds} alternating rounds x {passes} passes x 20 readers per group (CPU ms of For you)")
    for group in GROUPS:
        before, after = times["old"][group], times["new"][group]
        o50, o90 = _quantile(before, 0.5), _quantile(before, 0.9)
        n50, n90 = _quantile(after, 0.5), _quantile(after, 0.9)
        print(
            f"{group:6s} old p50 {o50:6.1f} p90 {o90:6.1f} | new p50 {n50:6.1f} p90 {n90:6.1f}"
            f" | ratio p50 {n50 / o50:.2f} p90 {n90 / o90:.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("command", choices=["same", "speed", "best", "dump", "work"])
    parser.add_argument("--old", help="checkout of the code before")
    parser.add_argument("--new", help="checkout of the code after")
    parser.add_argument("--root", help="(dump, work) the checkout to import")
    parser.add_argument("--db", required=True, help="SQLite database file (copied, never changed)")
    parser.add_argument("--out", help="(dump) JSON file to write")
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--passes", type=int, default=2)
    parser.add_argument("--best", action="store_true", help="(work) each reader's best request")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.root, args.db, args.out)
    elif args.command == "work":
        work(args.root, args.db, args.passes, args.best)
    elif args.command == "same":
        sys.exit(0 if same(args.old, args.new, args.db) else 1)
    elif args.command == "best":
        best(args.old, args.new, args.db, args.rounds, args.passes)
    else:
        speed(args.old, args.new, args.db, args.rounds, args.passes)


if __name__ == "__main__":
    main()
