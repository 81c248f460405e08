"""Stories and topics against people's labels, side by side with two baselines, in one run.

Replays Wikipedia's "Current events" items (bench/data/wikipedia-current-events-2025h1, CC BY-SA
4.0) day by day through the publisher push (the code path of ``POST /api/v1/articles/batch``: no
section, no tags; processing and understanding as in production) into a fresh database per
period, then prints, per period:

- events (the editors' leaf heading) and storylines (the top heading; "storyline*": with the
  reviewed renames of tests/data/stories/storyline_renames.json merged): pairwise and BCubed
  precision, recall and F1 of what mynews decided, of every item alone, and of single-pass
  MiniLM (each item joins the most similar cluster centroid if cosine >= a threshold, else
  starts one; on the same stored vectors); and, as upper bounds ("bound:"), the editors' own
  leaf heading cut into 3- and 7-day windows (what events that last days could score at best)
  and mynews' events each put into the top heading most of their items carry (what joining
  these events into storylines could score at best);
- topics: top-1 IPTC topic against the editors' category (overall and per category), and the
  precision and coverage of the topics shown (stored) on articles. The shipped topic classifier
  trains on Feb–Apr (bench/train_topics.py, whose own report has the Apr validation line), so
  here only January (its test month) and May–June (HELD-OUT) are unseen for topics.

Periods: January–March tune the parameters; April validates; May and June are held out and were
never tuned on (marked HELD-OUT). Usage:

    .venv/bin/python bench/stories_eval.py                       # tune, validate, held-out
    .venv/bin/python bench/stories_eval.py --period 2025-05:2025-06
    .venv/bin/python bench/stories_eval.py --json results.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rich.console import Console  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn  # noqa: E402
from rich.table import Table  # noqa: E402
from tests.stories import current_events as ce  # noqa: E402

from mynews.stories.quality import bcubed, pairwise  # noqa: E402

PERIODS = {  # name -> (months, role)
    "2025-01:2025-03": (("2025-01", "2025-02", "2025-03"), "tune"),
    "2025-04": (("2025-04",), "validate"),
    "2025-05:2025-06": (("2025-05", "2025-06"), "HELD-OUT"),
}
BASELINE_COSINE = {"event": 0.65, "storyline": 0.6}  # single-pass: best pairwise F1 on Jan–Mar
# (row, level, renames): storylines are scored twice, by the top heading as written and with the
# reviewed renames merged (tests/data/stories/storyline_renames.json: "Russo-Ukrainian War" and
# "Russian invasion of Ukraine" head the same items; headings that differ only in case are one)
LEVELS = (("event", "event", False), ("storyline", "storyline", False), ("storyline*", "storyline", True))
console = Console(width=150)


def months_of(spec: str) -> tuple[str, ...]:
    if spec in PERIODS:
        return PERIODS[spec][0]
    first, _, last = spec.partition(":")
    last = last or first
    y1, m1 = map(int, first.split("-"))
    y2, m2 = map(int, last.split("-"))
    return tuple(
        f"{y}-{m:02d}" for y in range(y1, y2 + 1) for m in range(1, 13) if (y1, m1) <= (y, m) <= (y2, m2)
    )


def scores(predicted, gold) -> dict[str, float]:
    p, b = pairwise(predicted, gold), bcubed(predicted, gold)
    return {"P": p.precision, "R": p.recall, "F1": p.f1, "B3_P": b.precision, "B3_R": b.recall, "B3_F1": b.f1}


def evaluate(months: tuple[str, ...]) -> dict[str, object]:
    items = ce.load(ce.ALL, months)
    with Progress(
        TextColumn(f"replaying {months[0]}..{months[-1]}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as bar:
        task = bar.add_task("push", total=len(items))
        replayed = ce.replay(items, progress=lambda done, total: bar.update(task, completed=done))
    out: dict[str, object] = {"items": len(items), "seconds": replayed.seconds}
    for row, level, renames in LEVELS:
        gold = ce.gold(items, level, renames=renames)
        alone = [[i.id] for i in items]
        single = ce.single_pass(items, replayed.vector, BASELINE_COSINE[level])
        methods = {
            "mynews": scores(replayed.clusters(items, level), gold),
            "every item alone": scores(alone, gold),
            f"single-pass MiniLM (cos >= {BASELINE_COSINE[level]})": scores(single, gold),
        }
        if level == "event":
            for days in (3, 7):
                methods[f"bound: editors' leaf heading in {days}-day windows"] = scores(
                    ce.leaf_in_windows(items, days), gold
                )
        else:
            methods["bound: mynews' events in their majority top heading"] = scores(
                ce.events_in_majority_storyline(items, replayed.event), gold
            )
        out[row] = methods
    out["topics"] = ce.topic_quality(items, replayed.shown_topics, ce.top_topics(items, replayed.vector))
    return out


def show(name: str, role: str, result: dict) -> None:  # type: ignore[type-arg]
    table = Table(title=f"{name} ({role}): {result['items']} items, {result['seconds']:.0f} s through push")
    for column in ("level", "method", "pairwise P", "R", "F1", "BCubed P", "R", "F1"):
        table.add_column(column, justify="right" if column not in ("level", "method") else "left")
    for row, _, _ in LEVELS:
        for method, s in result[row].items():
            table.add_row(row, method, *(f"{s[k]:.3f}" for k in ("P", "R", "F1", "B3_P", "B3_R", "B3_F1")))
    console.print(table)
    t = result["topics"]
    console.print(
        f"topics: top-1 {t['top1']:.3f}; shown topics precision {t['shown_precision']:.3f}, "
        f"{t['shown_per_item']:.2f} per item, coverage {t['coverage']:.3f}"
    )
    console.print("  per category: " + ", ".join(f"{c} {v:.2f}" for c, v in t["per_category"].items()))
    console.print("  (topics: the classifier trains on Feb–Apr; only Jan and May–Jun are unseen by it)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--period", action="append", help="YYYY-MM or YYYY-MM:YYYY-MM (repeatable)")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument(
        "--rename-candidates",
        action="store_true",
        help="list the pairs of top headings storyline_renames.json was reviewed from, and exit",
    )
    args = parser.parse_args()
    if args.rename_candidates:
        renames = ce.heading_renames()
        for jaccard, a, b in ce.rename_candidates([i.top_story for i in ce.load(ce.ALL)]):
            merged = (
                renames.get(a.casefold()) == b
                or renames.get(b.casefold()) == a
                or a.casefold() == b.casefold()
            )
            console.print(f"{jaccard:.2f}  {'merged' if merged else '      '}  {a}  |  {b}")
        return
    chosen = args.period or list(PERIODS)
    results = {}
    for spec in chosen:
        months = months_of(spec)
        role = PERIODS.get(spec, (months, "HELD-OUT" if months[0] >= "2025-05" else "tune/validate"))[1]
        results[spec] = {"role": role, **evaluate(months)}
        show(spec, role, results[spec])
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
