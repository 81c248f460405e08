"""Search's relevance floor, measured: how close (cosine) a result found by meaning alone must be
to the query. Wikipedia "Current events" items (bench/data/wikipedia-current-events-2025h1,
CC BY-SA 4.0) are stored as articles with their MiniLM vectors in a fresh database per period;
queries are the editors' headings as a person types them, the items under a heading are the
relevant ones, and ten nonsense queries ("zzzxqqq") must find nothing.

Per period and floor: mean precision@10, mean recall@50, their F1, and the results given to
nonsense (the ten written by hand and ninety made up, seeded; a first run with the ten alone
chose 0.35 on January–March, which answered one nonsense query in May–June). The floor is chosen on January–March (best F1 with no nonsense answered), checked on
April, and reported on May–June, which were never tuned on (HELD-OUT). Usage:

    .venv/bin/python bench/search_floor.py
    .venv/bin/python bench/search_floor.py --floors 0.3,0.4,0.5
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.table import Table  # noqa: E402
from tests.services import search_labelled as sl  # noqa: E402
from tests.stories import current_events as ce  # noqa: E402

from mynews.services.browsing.search import MEANING_ONLY_FLOOR  # noqa: E402

PERIODS = {
    "2025-01:2025-03": (("2025-01", "2025-02", "2025-03"), "tune"),
    "2025-04": (("2025-04",), "validate"),
    "2025-05:2025-06": (("2025-05", "2025-06"), "HELD-OUT"),
}
FLOORS = [round(0.25 + 0.025 * i, 3) for i in range(19)]  # 0.25 .. 0.70
console = Console(width=120)
NONSENSE = sl.NONSENSE + sl.made_up()  # ten by hand, ninety made up (seeded)
CACHE = ROOT / "var" / "bench-cache" / "search_floor_vectors.npz"  # MiniLM vectors by item id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--floors", help="comma-separated floors (default 0.25..0.70 by 0.025)")
    parser.add_argument("--json", type=Path, help="write every figure here")
    args = parser.parse_args()
    floors = [float(f) for f in args.floors.split(",")] if args.floors else FLOORS
    figures: dict[str, dict[str, object]] = {}
    chosen: float | None = None
    for name, (months, role) in PERIODS.items():
        items = ce.load(ce.ALL, months)
        with tempfile.TemporaryDirectory() as tmp:
            ctx, ids = sl.store(items, Path(tmp), cache=CACHE)
            labelled = sl.queries(items, ids)
            table = Table(title=f"{name} ({role}): {len(items)} items, {len(labelled)} queries + nonsense")
            for col in ("floor", "precision@10", "recall@50", "F1", "nonsense results", "nonsense answered"):
                table.add_column(col, justify="right")
            rows = sl.evaluate(ctx, labelled, floors, NONSENSE)
            for floor, sc in rows.items():
                mark = " ← chosen" if role != "tune" and floor == chosen else ""
                table.add_row(
                    f"{floor:.3f}{mark}", f"{sc.precision:.3f}", f"{sc.recall:.3f}", f"{sc.f1:.3f}",
                    str(sc.nonsense_results), str(sc.nonsense_answered),
                )  # fmt: skip
            console.print(table)
            first = next(iter(rows.values()))
            console.print(
                f"nonsense asked: {first.nonsense_queries} (of {len(NONSENSE)}; those with a word in the text are words)"
            )
            if role == "tune":
                clean = {f: s for f, s in rows.items() if s.nonsense_answered == 0}
                chosen = max(clean, key=lambda f: (round(clean[f].f1, 3), -f)) if clean else max(floors)
                console.print(f"chosen on {name}: floor {chosen:.3f} (best F1 with no nonsense answered)")
            figures[name] = {"role": role, "queries": len(labelled), **{
                f"{f:.3f}": s.__dict__ for f, s in rows.items()
            }}  # fmt: skip
            ctx.db.dispose()
    console.print(
        f"in use: MEANING_ONLY_FLOOR = {MEANING_ONLY_FLOOR} (services/browsing/search.py); chosen: {chosen}"
    )
    if args.json:
        args.json.write_text(json.dumps({"chosen": chosen, "periods": figures}, indent=2))


if __name__ == "__main__":
    main()
