"""Storyline names against the editors' headings: entity names and phrase names, side by side.

Replays Wikipedia's "Current events" items (bench/data/wikipedia-current-events-2025h1, CC BY-SA
4.0) through the publisher push exactly as bench/stories_eval.py does (tests/stories/
current_events.py), once per period, and keeps what naming a storyline reads from the database
(each storyline's entity counts, its events' labels, its articles' titles, the entities' names
and the articles' entity keys for the IDF) in a JSON cache under var/bench/storyline_names/.
Later runs re-name from the cache in seconds.

For every predicted storyline with at least 3 articles, its name is compared with the editors'
majority top heading of its articles (``top_story``; storylines whose articles have none are
skipped): content-word token F1 (case-folded, stopwords dropped, "Gaza war" against "Gaza
Strip · Israel · Hamas" is 0.33), and the share of names with at least one content word of the
heading. Printed for the entity names alone (``label_storyline`` without a tagger, as
storylines were named before 2 Dec 2026), a control (the single most central entity), the names
in place (``label_storyline`` with ``enrich.headline_words.tag_headline``: a noun phrase most of
the events' headlines share, else the entities) and a ceiling, with a sample of 15.

Periods: January–March tune; April validates; May and June are held out for the lead and
refused here. Usage:

    .venv/bin/python bench/storyline_names.py                       # 2025-01:2025-03 (tune)
    .venv/bin/python bench/storyline_names.py --period 2025-04      # validation, once
    .venv/bin/python bench/storyline_names.py --replay              # replay again (~7 min a month)
    .venv/bin/python bench/storyline_names.py --db var/mynews.db    # an instance's names, old → new
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.stories import current_events as ce  # noqa: E402

from mynews.stories.labels import _STOP as _LABEL_STOP  # noqa: E402
from mynews.stories.specificity import EntityIdf  # noqa: E402
from mynews.stories.storyline_labels import label_storyline  # noqa: E402

CACHE = ROOT / "var" / "bench" / "storyline_names"
PERIODS = {"2025-01:2025-03": "tune", "2025-04": "validate"}
MIN_ARTICLES = 3
NAMES_PER_STORYLINE = 8  # storyline_state.relabel looks up the 8 most common entities' names
EVENTS_PER_STORYLINE = 50  # ... and the 50 oldest events' labels
STORY_ENTITIES = 10  # the entity keys of an article the IDF counts (similarity.STORY_ENTITIES)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_STOP = _LABEL_STOP  # the stopwords event labels are compared without


def months_of(spec: str) -> tuple[str, ...]:
    first, _, last = spec.partition(":")
    last = last or first
    y1, m1 = map(int, first.split("-"))
    y2, m2 = map(int, last.split("-"))
    months = tuple(
        f"{y}-{m:02d}" for y in range(y1, y2 + 1) for m in range(1, 13) if (y1, m1) <= (y, m) <= (y2, m2)
    )
    if any(m >= "2025-05" for m in months):
        raise SystemExit("May and June 2025 are held out for the lead: not here")
    return months


# -- the replay, once per period, cached ------------------------------------------------------


def replay_inputs(months: tuple[str, ...]) -> dict:  # type: ignore[type-arg]
    """Push the period's items as stories_eval does and read back what naming needs."""
    items = ce.load(ce.ALL, months)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, ce.replay_context(Path(folder)) as ctx:
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.perf_counter() - last[0] > 30:
                last[0] = time.perf_counter()
                print(f"  {done}/{total} items, {last[0] - started:.0f} s", flush=True)

        ids = ce._push_days(ctx, items, progress)
        seconds = time.perf_counter() - started
        with ctx.db.reading() as session:
            data = read_inputs(session, ids)
    return {**data, "months": list(months), "seconds": seconds, "gold": {i.id: i.top_story for i in items}}


def read_inputs(session, ids: dict[int, str] | None = None) -> dict:  # type: ignore[no-untyped-def, type-arg]
    """Storylines, events, articles (title, entity keys) and entity names of a database."""
    from sqlalchemy import select

    from mynews.store.models import Article, ArticleEntity, Entity, Story, Storyline

    articles = []
    rows = session.execute(
        select(Article.id, Article.title, Article.story_id, Story.storyline_id)
        .outerjoin(Story, Story.id == Article.story_id)
        .order_by(Article.published_at, Article.id)
    )
    for article_id, title, story_id, line_id in rows:
        item = ids.get(article_id) if ids is not None else str(article_id)
        articles.append(
            {"id": article_id, "item": item, "title": title, "event": story_id, "storyline": line_id}
        )
    keys: dict[int, list[str]] = {}
    for article_id, key in session.execute(
        select(ArticleEntity.article_id, Entity.key)
        .join(Entity, Entity.id == ArticleEntity.entity_id)
        .order_by(
            ArticleEntity.article_id, ArticleEntity.salience.desc(), ArticleEntity.count.desc(), Entity.name
        )
    ):
        if len(keys.setdefault(article_id, [])) < STORY_ENTITIES:
            keys[article_id].append(key)
    for a in articles:
        a["entities"] = keys.get(a["id"], [])
    events = [
        {
            "id": s.id,
            "storyline": s.storyline_id,
            "label": s.label,
            "size": s.size,
            "first": s.first_published.isoformat() if s.first_published else None,
        }
        for s in session.scalars(select(Story).order_by(Story.first_published, Story.id))
    ]
    lines = [
        {
            "id": r.id,
            "label": r.label,
            "article_count": r.article_count,
            "entity_counts": r.entity_counts or {},
        }
        for r in session.scalars(select(Storyline))
    ]
    wanted = {k for line in lines for k in line["entity_counts"]}
    entities = {
        e.key: {"name": e.name, "aliases": list(e.aliases or [])}
        for e in session.scalars(select(Entity))
        if e.key in wanted
    }
    return {"articles": articles, "events": events, "storylines": lines, "entities": entities}


def list_instance(path: Path) -> None:
    """Every storyline of an instance's database with >= MIN_ARTICLES articles: the entity name and
    the new one (no headings to score against)."""
    from mynews.store.db import Database

    db = Database(f"sqlite:///{path}")
    try:
        with db.reading() as session:
            data = read_inputs(session)
    finally:
        db.dispose()
    data["gold"] = {a["item"]: "-" for a in data["articles"]}
    cases = storyline_cases(data)
    changed = 0
    for c in sorted(cases, key=lambda c: -len(c["titles"])):
        old, new = old_name(c), new_name(c)
        changed += old != new
        print(f"{len(c['titles']):4} {len(c['event_labels']):3}  {old}  →  {new}")
    print(f"{changed} of {len(cases)} storylines with >= {MIN_ARTICLES} articles renamed")


def load_inputs(spec: str, again: bool) -> dict:  # type: ignore[type-arg]
    path = CACHE / f"{spec.replace(':', '_')}.json"
    if path.exists() and not again:
        return json.loads(path.read_text("utf-8"))
    print(f"replaying {spec} (about 7 min a month)…", flush=True)
    data = replay_inputs(months_of(spec))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data), "utf-8")
    return data


# -- naming from the cache --------------------------------------------------------------------


def content(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.casefold()) if w not in _STOP]


def token_f1(name: str, gold: str) -> float:
    a, b = Counter(content(name)), Counter(content(gold))
    shared = sum((a & b).values())
    if not shared:
        return 0.0
    p, r = shared / sum(a.values()), shared / sum(b.values())
    return 2 * p * r / (p + r)


def majority(headings: list[str | None]) -> str | None:
    counted = Counter(h for h in headings if h)
    return min(counted, key=lambda h: (-counted[h], h)) if counted else None


def storyline_cases(data: dict) -> list[dict]:  # type: ignore[type-arg]
    """Per storyline with >= MIN_ARTICLES articles and a heading: everything naming reads."""
    idf = EntityIdf()
    for a in data["articles"]:
        idf.add(a["entities"])
    events_of: dict[int, list[dict]] = {}
    for e in data["events"]:  # oldest first, as storyline_rows.events
        if e["storyline"] is not None:
            events_of.setdefault(e["storyline"], []).append(e)
    members: dict[int, list[dict]] = {}
    for a in data["articles"]:
        if a["storyline"] is not None:
            members.setdefault(a["storyline"], []).append(a)
    cases = []
    for line in sorted(data["storylines"], key=lambda r: r["id"]):
        arts = members.get(line["id"], [])
        if len(arts) < MIN_ARTICLES:
            continue
        gold = majority([data["gold"].get(a["item"]) for a in arts])
        if gold is None:
            continue
        counts = Counter(line["entity_counts"])
        names = {
            k: data["entities"][k]["name"]
            for k, _ in counts.most_common(NAMES_PER_STORYLINE)
            if k in data["entities"]
        }
        cases.append(
            {
                "id": line["id"],
                "stored": line["label"],
                "counts": counts,
                "names": names,
                "event_labels": [e["label"] for e in events_of.get(line["id"], [])[:EVENTS_PER_STORYLINE]],
                "titles": [a["title"] for a in arts],
                "article_count": line["article_count"],
                "gold": gold,
                "idf": idf,
            }
        )
    return cases


def old_name(case: dict) -> str:  # type: ignore[type-arg]
    """The entity names alone (no tagger: what storylines were named before the phrase)."""
    return label_storyline(
        case["counts"], case["names"], case["event_labels"], case["idf"], case["article_count"]
    )


def top_entity(case: dict) -> str:  # type: ignore[type-arg]
    """Control: the single most central specific entity (the entity name's first)."""
    return old_name(case).split(" · ")[0]


def new_name(case: dict) -> str:  # type: ignore[type-arg]
    from mynews.enrich.headline_words import tag_headline

    return label_storyline(
        case["counts"],
        case["names"],
        case["event_labels"],
        case["idf"],
        case["article_count"],
        tagger=tag_headline,
    )


def ceiling(case: dict) -> str:  # type: ignore[type-arg]
    """Not a method: the run of 1-4 words of the storyline's event labels that best matches the
    heading, chosen knowing it (how far any phrase of the labels could go)."""
    grams = {
        " ".join(run[i : i + n])
        for label in case["event_labels"]
        for run in (_WORD.findall(part) for part in re.split(r"[,.;:!?()\"“”]", label.rstrip("…")))
        for n in (1, 2, 3, 4)
        for i in range(len(run) - n + 1)
    }
    return max(sorted(grams), key=lambda g: token_f1(g, case["gold"]), default="")


def report(spec: str, data: dict, sample: int) -> None:  # type: ignore[type-arg]
    cases = storyline_cases(data)
    methods = {
        "entities only": old_name,
        "control (top entity)": top_entity,
        "phrase (in place)": new_name,
        "ceiling (knows heading)": ceiling,
    }
    names: dict[str, list[str]] = {}
    print(
        f"\n{spec} ({PERIODS.get(spec, 'tune/validate')}): {len(data['articles'])} items, "
        f"{len(cases)} storylines with >= {MIN_ARTICLES} articles and a heading"
        f" (replayed in {data['seconds']:.0f} s)"
    )
    print(f"{'method':24} {'token F1':>9} {'>=1 word':>9} {'words':>6} {'ms/name':>8}")
    for method, fn in methods.items():
        started = time.perf_counter()
        names[method] = [fn(c) for c in cases]
        ms = (time.perf_counter() - started) * 1000 / max(1, len(cases))
        f1 = [token_f1(n, c["gold"]) for n, c in zip(names[method], cases, strict=True)]
        hit = [f > 0 for f in f1]
        words = [len(content(n)) for n in names[method]]
        print(
            f"{method:24} {sum(f1) / len(f1):9.3f} {sum(hit) / len(hit):9.3f} "
            f"{sum(words) / len(words):6.1f} {ms:8.2f}"
        )
    biggest = max(cases, key=lambda c: len(c["event_labels"]))
    fifty = {
        **biggest,
        "event_labels": [label for c in cases for label in c["event_labels"]][:EVENTS_PER_STORYLINE],
    }
    started = time.perf_counter()
    for _ in range(20):
        new_name(fifty)
    print(
        f"cost of a new name with {len(fifty['event_labels'])} event labels (the most relabel reads): "
        f"{(time.perf_counter() - started) * 1000 / 20:.1f} ms"
    )
    changed = sum(a != b for a, b in zip(names["entities only"], names["phrase (in place)"], strict=True))
    print(f"names changed: {changed} of {len(cases)}")
    rng = random.Random(9)
    print(f"\nsample of {sample} (entities only → phrase (in place) → editors' heading; articles):")
    for n in sorted(rng.sample(range(len(cases)), min(sample, len(cases)))):
        c = cases[n]
        print(
            f"  {names['entities only'][n]} → {names['phrase (in place)'][n]} → {c['gold']}; {len(c['titles'])}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--period", default="2025-01:2025-03", help="2025-01:2025-03 (tune) or 2025-04 (validate)"
    )
    parser.add_argument("--replay", action="store_true", help="replay again instead of reading the cache")
    parser.add_argument("--sample", type=int, default=15)
    parser.add_argument("--share", type=float, help="MIN_PHRASE_SHARE to try instead of the shipped one")
    parser.add_argument("--db", type=Path, help="list the names of an instance's SQLite database instead")
    args = parser.parse_args()
    if args.share is not None:
        from mynews.stories import storyline_labels

        storyline_labels.MIN_PHRASE_SHARE = args.share
    if args.db:
        list_instance(args.db)
        return
    months_of(args.period)
    report(args.period, load_inputs(args.period, args.replay), args.sample)


if __name__ == "__main__":
    main()
