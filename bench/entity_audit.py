"""Entity audit of the demo: the real understanding step over the whole bundled corpus (Global
Voices 2012-05 and Wikinews 2019–2021, in the order the demo loads it, newest first), then every
stored entity with its kind and article count, and the suspects flagged.

    .venv/bin/python bench/entity_audit.py                 # all, top 300 reviewed
    .venv/bin/python bench/entity_audit.py --limit 200     # a quick look
    .venv/bin/python bench/entity_audit.py --out /tmp/entities.tsv --top 300
    .venv/bin/python bench/entity_audit.py --ner-speed 3   # NER + rules alone, CPU time, best of 3

Flags (suspects to look at, not verdicts): ``kinds`` a name stored under 2+ kinds; ``gazetteer``
a name the rules know under another kind; ``boilerplate`` licence or credit words; ``shout`` a
word in capitals the rules do not know; ``common`` one word the corpus mostly writes in lower
case; ``title`` an honorific or office left in a person's name.

The hand review of the top entities is kept as data, ``bench/data/entity_audit_review.json``:
each name|kind is ``ok`` or says what is wrong (the right kind, or ``junk``). The figure printed
is "N of TOP wrong" over the reviewed ones; names not reviewed yet are listed to review.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch_instance import scratch_context  # noqa: E402

REVIEW = ROOT / "bench" / "data" / "entity_audit_review.json"
BOILERPLATE = re.compile(
    r"\b(licen[cs]e[ds]?|creative commons|copyright|rights reserved|attribution|sharealike|"
    r"share alike|public domain|cc by|gnu|gpl|all rights|photo credit|courtesy)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the newest N articles")
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--top", type=int, default=300, help="how many entities the review covers")
    parser.add_argument("--out", type=Path, help="write every entity as TSV here")
    parser.add_argument("--show", type=int, default=0, help="print this many entities (default: --top)")
    parser.add_argument("--ner-speed", type=int, default=0, help="only time NER + rules, best of N runs")
    args = parser.parse_args()
    if args.ner_speed:
        ner_speed(args.ner_speed)
        return
    rows, texts, seconds, n = run(args.limit, args.batch)
    lower = lower_case_words(texts)
    by_slug: dict[str, set[str]] = defaultdict(set)
    for name, kind, _ in rows:
        by_slug[slug(name)].add(kind)
    flagged = [(name, kind, count, flags(name, kind, by_slug, lower)) for name, kind, count in rows]
    report(flagged, args, seconds, n)


def ner_speed(runs: int) -> None:
    """The entity step alone (spaCy + rules + resolution) over every demo article as the demo
    reads it, in CPU seconds of this process (steadier than wall time on a shared machine)."""
    from tests.enrich.demo_texts import _texts

    from mynews.enrich.entities import extract_entities_many

    texts = list(_texts().values())
    extract_entities_many(texts[:8])  # load the model
    best_cpu = best_wall = float("inf")
    for _ in range(runs):
        start, cpu = time.perf_counter(), time.process_time()
        extract_entities_many(texts)
        best_wall = min(best_wall, time.perf_counter() - start)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    print(
        f"NER + rules over {len(texts)} demo articles, best of {runs}: {len(texts) / best_cpu:.1f} "
        f"articles per CPU-s ({best_cpu:.1f} s CPU), {len(texts) / best_wall:.1f} articles/s wall"
    )


def run(limit: int, batch: int) -> tuple[list[tuple[str, str, int]], list[str], float, int]:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
    from sqlalchemy import select

    from mynews.enrich.embeddings import get_embedder
    from mynews.enrich.entities import load_nlp
    from mynews.services.ingestion import corpus
    from mynews.services.ingestion.processing import process_batch
    from mynews.services.understanding.pipeline import article_text
    from mynews.store import articles
    from mynews.store.models import Entity

    with scratch_context("audit") as ctx:
        with ctx.db.transaction() as session:
            ids = corpus.store(session, ctx, corpus.newest_first(limit=limit or None))
        with ctx.db.reading() as session:
            texts = [
                " ".join((t.title, t.standfirst or "", t.body))
                for t in (article_text(a) for a in (articles.get(session, i) for i in ids) if a is not None)
            ]
        get_embedder().embed(["warm up"])
        load_nlp()
        columns = (TextColumn("understanding"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
        start = time.perf_counter()
        with Progress(*columns) as progress:
            task = progress.add_task("understanding", total=len(ids))
            for i in range(0, len(ids), batch):
                process_batch(ctx, ids[i : i + batch])
                progress.advance(task, len(ids[i : i + batch]))
        seconds = time.perf_counter() - start
        with ctx.db.reading() as session:
            stored = [
                (e.name, e.kind, e.article_count)
                for e in session.scalars(select(Entity).where(Entity.article_count > 0))
            ]
    stored.sort(key=lambda r: (-r[2], r[0], r[1]))
    return stored, texts, seconds, len(ids)


def slug(name: str) -> str:
    from mynews.enrich.entity_rules import entity_key

    return entity_key(name, "x").split(":", 1)[1]


def lower_case_words(texts: list[str]) -> Counter[str]:
    """How often each word is written in lower case in the corpus."""
    out: Counter[str] = Counter()
    for text in texts:
        out.update(w for w in _WORD.findall(text) if w.islower())
    return out


def flags(name: str, kind: str, kinds_of: dict[str, set[str]], lower: Counter[str]) -> list[str]:
    from mynews.enrich.entity_rules import forced_kind, is_known, load_rules

    rules = load_rules()
    out = []
    if len(kinds_of[slug(name)]) > 1:
        out.append("kinds:" + "/".join(sorted(kinds_of[slug(name)])))
    known = forced_kind(name, rules)
    if known and known != kind:
        out.append(f"gazetteer:{known}")
    if BOILERPLATE.search(name):
        out.append("boilerplate")
    words = name.split(" ")
    if len(words) == 1 and name.isupper() and len(name) > 4 and not is_known(name, rules):
        out.append("shout")
    if len(words) == 1 and not name.isupper() and lower[name.lower()] >= 3:
        out.append(f"common:{lower[name.lower()]}")
    if kind == "person" and (words[0].rstrip(".") in rules.titles or words[-1].rstrip(".") in rules.titles):
        out.append("title")
    return out


def report(
    flagged: list[tuple[str, str, int, list[str]]], args: argparse.Namespace, seconds: float, n: int
) -> None:
    review = json.loads(REVIEW.read_text("utf-8")) if REVIEW.exists() else {"ok": [], "wrong": {}}
    ok, wrong = set(review["ok"]), dict(review["wrong"])
    top = flagged[: args.top]
    show = args.show or args.top
    print(f"{n} articles understood in {seconds:.1f} s ({n / seconds:.1f} articles/s)")
    print(f"{len(flagged)} stored entities; {sum(1 for *_, f in flagged if f)} flagged")
    print(f"{'#':>4} {'articles':>8}  {'kind':<12} {'name':<40} verdict / flags")
    for i, (name, kind, count, marks) in enumerate(flagged[:show], 1):
        key = f"{name}|{kind}"
        verdict = "ok" if key in ok else (f"WRONG:{wrong[key]}" if key in wrong else "?")
        print(f"{i:>4} {count:>8}  {kind:<12} {name[:40]:<40} {verdict:<14} {' '.join(marks)}")
    keys = [f"{name}|{kind}" for name, kind, *_ in top]
    bad = [k for k in keys if k in wrong]
    unreviewed = [k for k in keys if k not in wrong and k not in ok]
    print(f"\nreviewed top {len(top)}: {len(bad)} of {len(top) - len(unreviewed)} wrong")
    for k in bad:
        print(f"  wrong: {k} -> {wrong[k]}")
    if unreviewed:
        print(f"not reviewed yet ({len(unreviewed)}): " + "; ".join(unreviewed))
    stored: dict[str, list[str]] = defaultdict(list)
    for name, kind, count, _ in flagged:
        stored[name].append(f"{kind} ({count})")
    for name in review.get("watch", []):
        print(f"  watched: {name}: {', '.join(stored[name]) or 'not stored'}")
    counts = Counter(m.split(":")[0] for *_, marks in flagged for m in marks)
    print("flags over all entities: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    if args.out:
        with args.out.open("w", encoding="utf-8") as fh:
            for name, kind, count, marks in flagged:
                fh.write(f"{name}\t{kind}\t{count}\t{' '.join(marks)}\n")
        print(f"every entity: {args.out}")


if __name__ == "__main__":
    main()
