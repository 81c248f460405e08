"""Reader simulator: replay labelled news day by day through the real JSON API of a served
mynews instance (``mynews serve`` in a subprocess, loopback, its own data folder, on the replay
clock), with simulated readers whose hidden interests are storylines and categories; score For
you against baselines computed in the same run on the same pool.

Each day: the clock moves to 22:30 of that day, the day's items are pushed (one push source per
outlet) and understood by the instance's worker, then every reader asks For you for 10 cards,
reports them as impressions, and reacts by the click model (bench/sim/readers.py). Baselines rank
the same pool: recency, popularity (opens so far), content (cosine to the mean MiniLM vector of
what the reader opened), Following and Top stories (from the API), and an oracle.

Protocol: tune on January–March (and your own reader seeds), report April–June (and fresh seeds)
as held out; never tune on what you report.

    python bench/reader_sim.py --period 2025-04-01:2025-06-30 --readers 30 --seed 101 --out held_out.json
    python bench/reader_sim.py --preset tune|held-out|short
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import numpy as np
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.sim import corpus
from bench.sim import readers as sim_readers
from bench.sim.corpus import Item
from bench.sim.instance import Instance, setup
from bench.sim.metrics import OLD_HOURS, Period
from bench.sim.tables import print_period

PRESETS = {
    "tune": ("2025-01-06:2025-03-31", 30, 7),
    "held-out": ("2025-04-01:2025-06-30", 30, 101),
    "short": ("2025-01-06:2025-01-12", 6, 3),
}
EXCUSED = {"follow", "storyline"}  # reasons that let a card older than 3 days into the top 10


def reason_kind(card: dict[str, Any]) -> str:
    """The kind of a card's first reason (structured when the API gives it, else from its text);
    "more" for a For you card that claims no reason about the reader (its "More news")."""
    if card.get("section") == "more":
        return "more"
    details = card.get("reason_details") or []
    if details:
        return str(details[0]["kind"])
    text = (card.get("reasons") or ["Recent"])[0]
    for prefix, kind in (
        ("You follow", "follow"),
        ("Mentions", "follow"),
        ("New in", "storyline"),
        ("Because you read", "read_about"),
        ("Similar to", "similar"),
        ("Developing", "story"),
        ("Covered by", "story"),
        ("Popular", "popular"),
        ("Trending", "trending"),
        ("More by", "author"),
        ("More from", "source"),
    ):
        if text.startswith(prefix):
            return kind
    return "recent"


def kind_for(kind: str, reader: Any) -> str:
    """The reason kind as the tables count it: "Recent" shown to a reader who had opened or
    followed something is told apart ("recent, with history": the issue wants none)."""
    return "recent, with history" if kind == "recent" and (reader.opened or reader.follows) else kind


@dataclass
class Config:
    start: date
    end: date
    readers: int = 30
    seed: int = 1
    outlets: int = 12
    database_url: str | None = None
    data_path: Path | None = None
    workers: int = 2
    name: str = ""
    train_every: int = 7  # days between two `mynews rank train` runs (0: never; hand weights only)
    cards_out: Path | None = None  # write every judged For you card here (JSON lines), for diagnosis
    renames: bool = True  # a storyline is one name whatever reviewed title heads it (corpus.load)


class Simulation:
    def __init__(self, config: Config, folder: Path, console: Console) -> None:
        self.config, self.console = config, console
        everything = corpus.load(config.data_path, renames=config.renames)
        self.items = corpus.between(everything, config.start, config.end)
        if not self.items:
            raise SystemExit(f"no items between {config.start} and {config.end}")
        self.outlets = corpus.outlets(self.items, config.outlets)
        start = corpus.read_at(config.start) - timedelta(days=1)
        self.admin, self.push_tokens, tokens = setup(
            folder, config.database_url, start, self.outlets, config.readers
        )
        self.readers = sim_readers.make_readers(tokens, self.items, config.seed)
        self.rng = random.Random(config.seed)
        self.vectors = self._embed(self.items)
        self.item_of: dict[int, Item] = {}
        self.published: dict[int, datetime] = {}
        self.opens: Counter[int] = Counter()
        self.period = Period(config.name or f"{config.start}..{config.end}")
        self.models: list[str] = []
        self.instance = Instance(folder, config.database_url, start, config.workers)
        self.cards_log = config.cards_out.open("w", encoding="utf-8") if config.cards_out else None

    @staticmethod
    def _embed(items: list[Item]) -> dict[str, np.ndarray]:
        from mynews.enrich.embeddings import get_embedder

        vectors = get_embedder("all-MiniLM-L6-v2").embed([f"{i.title}\n\n{i.text}" for i in items])
        return {i.id: v for i, v in zip(items, vectors, strict=True)}

    def push_day(self, day: date, now: datetime) -> list[int]:
        todays = [i for i in self.items if i.day == day]
        by_outlet: dict[str, list[Item]] = defaultdict(list)
        for item in todays:
            by_outlet[item.outlet if item.outlet in self.push_tokens else corpus.OTHER].append(item)
        ids = []
        for outlet, batch in by_outlet.items():
            pushed = self.instance.push(
                self.push_tokens[outlet], [corpus.payload(i, len(todays)) for i in batch]
            )
            for item, article_id in zip(batch, pushed, strict=True):
                self.item_of[article_id] = item
                self.published[article_id] = corpus.published_at(item, len(todays))
                self.period.items.add(article_id)
                ids.append(article_id)
        self.instance.wait_ready(self.admin, ids)
        return ids

    def onboard(self) -> None:
        """Follow what each reader would follow; a topic or entity the instance does not have yet
        (404) is tried again on the next days, as a person would look again."""

        def exists(key: str) -> bool:
            try:
                self.instance.api(
                    "GET", f"/api/v1/entities/{key}", self.admin, route="/api/v1/entities/{key}"
                )
                return True
            except httpx.HTTPStatusError:
                self.instance.calls.errors["/api/v1/entities/{key}"] -= 1  # a look-up that found nothing
                return False

        for reader in self.readers:
            if reader.to_follow is None:
                reader.to_follow = list(
                    {"follows": reader.interests, "one": reader.interests[:1], "clicks": []}[reader.group]
                )
            still = []
            for interest in reader.to_follow:
                follow = sim_readers.follow_for(interest, exists)
                if follow is None:
                    continue
                try:
                    self.instance.api(
                        "PUT", "/api/v1/follows", reader.token, json={"kind": follow[0], "key": follow[1]}
                    )
                    reader.follows.append(follow)
                except httpx.HTTPStatusError as err:
                    if err.response.status_code != 404:
                        raise
                    self.instance.calls.errors["/api/v1/follows"] -= 1  # not there yet: try tomorrow
                    still.append(interest)
            reader.to_follow = still

    def read_day(self, day_index: int, now: datetime, top: list[int]) -> None:
        order = list(self.readers)
        self.rng.shuffle(order)
        for reader in order:
            started = time.perf_counter()
            page = self.instance.api("GET", "/api/v1/feed/for-you?limit=10", reader.token)
            self.period.latency_ms[day_index].append((time.perf_counter() - started) * 1000)
            cards = page["cards"]
            ids = [c["article_id"] for c in cards]
            if ids:
                self.instance.api("POST", "/api/v1/impressions", reader.token, json={"article_ids": ids})
            self._judge(reader, day_index, now, cards, top)
            self._click(reader, cards)

    def _age(self, article_id: int, now: datetime) -> float:
        return (now - self.published[article_id]).total_seconds() / 3600.0

    def _judge(
        self,
        reader: sim_readers.SimReader,
        day: int,
        now: datetime,
        cards: list[dict[str, Any]],
        top: list[int],
    ) -> None:
        pool = [a for a in self.item_of if self._age(a, now) <= OLD_HOURS and a not in reader.opened]
        relevant = {a for a in pool if reader.wants(self.item_of[a])}
        ids = [c["article_id"] for c in cards]
        kinds = [kind_for(reason_kind(c), reader) for c in cards]
        add = self.period.add
        add(
            "For you",
            reader.group,
            day,
            ids,
            relevant,
            [self._age(a, now) for a in ids],
            [k in EXCUSED for k in kinds],
        )
        for card_id, kind in zip(ids, kinds, strict=True):
            self.period.reason(kind, reader.wants(self.item_of[card_id]))
        if self.cards_log is not None:
            self._log_cards(reader, day, now, cards, kinds, relevant)
        newest = sorted(pool, key=lambda a: (-self.published[a].timestamp(), -a))
        baselines = {
            "recency": newest,
            "popularity": sorted(newest, key=lambda a: -self.opens[a]),
            "content": self._content(reader, newest),
            "oracle": sorted(newest, key=lambda a: a not in relevant),
            "Top stories": top,
        }
        if reader.follows:
            following = self.instance.api("GET", "/api/v1/feed/following?limit=10", reader.token)
            baselines["Following"] = [c["article_id"] for c in following["cards"]]
        for name, ranked in baselines.items():
            add(name, reader.group, day, ranked, relevant, [self._age(a, now) for a in ranked[:10]])

    def _log_cards(
        self,
        reader: sim_readers.SimReader,
        day: int,
        now: datetime,
        cards: list[dict[str, Any]],
        kinds: list[str],
        relevant: set[int],
    ) -> None:
        assert self.cards_log is not None
        for rank, (card, kind) in enumerate(zip(cards, kinds, strict=True)):
            article_id = card["article_id"]
            item = self.item_of[article_id]
            row = {
                "day": day,
                "reader": reader.index,
                "group": reader.group,
                "interests": reader.interests,
                "rank": rank,
                "article_id": article_id,
                "kind": kind,
                "reasons": card.get("reasons"),
                "wanted": reader.wants(item),
                "in_pool": article_id in relevant or self._age(article_id, now) <= OLD_HOURS,
                "age_h": round(self._age(article_id, now), 1),
                "category": item.category,
                "storyline": item.storyline,
                "relevant_in_pool": len(relevant),
            }
            self.cards_log.write(json.dumps(row) + "\n")

    def _content(self, reader: sim_readers.SimReader, newest: list[int]) -> list[int]:
        if not reader.vectors or not newest:
            return newest
        centroid = np.mean(reader.vectors, axis=0)
        scores = np.asarray([self.vectors[self.item_of[a].id] for a in newest]) @ centroid
        return [newest[i] for i in np.argsort(-scores, kind="stable")]

    def _click(self, reader: sim_readers.SimReader, cards: list[dict[str, Any]]) -> None:
        for card in cards:
            article_id = card["article_id"]
            item = self.item_of[article_id]
            for action in sim_readers.react(reader.wants(item), self.rng):
                body = {"article_id": article_id, "kind": action.kind, "value": action.value}
                self.instance.api("POST", "/api/v1/signals", reader.token, json=body)
                if action.kind == "open":
                    reader.opened.add(article_id)
                    reader.vectors.append(self.vectors[item.id])
                    self.opens[article_id] += 1

    def run(self) -> dict[str, Any]:
        days = [
            self.config.start + timedelta(days=d)
            for d in range((self.config.end - self.config.start).days + 1)
        ]
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
        ) as bar:
            task = bar.add_task(f"simulating {self.period.name}", total=len(days))
            for index, day in enumerate(days):
                now = corpus.read_at(day)
                self.instance.set_clock(self.admin, now)
                self.push_day(day, now)
                self.onboard()
                top = [
                    c["article_id"]
                    for c in self.instance.api("GET", "/api/v1/feed/top?limit=10", self.admin)["cards"]
                ]
                self.read_day(index, now, top)
                self.period.days = index + 1
                if self.config.train_every and (index + 1) % self.config.train_every == 0:
                    self.models.append(self.instance.train(now))
                bar.advance(task)
        result = self.period.to_json()
        calls = self.instance.calls
        result["api_calls"] = {
            "total": sum(calls.count.values()),
            "errors": sum(calls.errors.values()),
            "retried": sum(calls.retried.values()),
            "last_error": calls.last_error,
        }
        result["models"] = self.models
        result["config"] = {
            "start": str(self.config.start),
            "end": str(self.config.end),
            "readers": self.config.readers,
            "seed": self.config.seed,
        }
        return result

    def close(self) -> None:
        self.instance.stop()
        if self.cards_log is not None:
            self.cards_log.close()


def simulate(config: Config, console: Console | None = None, folder: Path | None = None) -> dict[str, Any]:
    """Run one period end to end and return its figures (what the tables print)."""
    console = console or Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="mynews-sim-") as tmp:
        sim = Simulation(config, folder or Path(tmp), console)
        try:
            return sim.run()
        finally:
            sim.close()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--preset", choices=sorted(PRESETS), default=None)
    parser.add_argument("--period", help="START:END (YYYY-MM-DD:YYYY-MM-DD)")
    parser.add_argument("--readers", type=int, default=None)
    parser.add_argument("--seed", type=int, default=None)
    parser.add_argument("--database-url", default=None, help="PostgreSQL database URL; SQLite when empty")
    parser.add_argument("--out", type=Path, default=None, help="write the figures as JSON here")
    parser.add_argument("--train-every", type=int, default=7, help="days between trainings (0: never)")
    parser.add_argument("--keep", type=Path, default=None, help="keep the instance's data folder here")
    parser.add_argument(
        "--cards", type=Path, default=None, help="write every judged For you card (JSON lines)"
    )
    parser.add_argument(
        "--headings-as-written",
        action="store_true",
        help="storylines by their top headings as written, as before 2 Dec 2026 (default: one "
        "name per storyline, tests/data/stories/storyline_renames.json)",
    )
    args = parser.parse_args()
    period, readers, seed = PRESETS[args.preset or "short"]
    period = args.period or period
    start, end = (date.fromisoformat(p) for p in period.split(":"))
    config = Config(
        start,
        end,
        args.readers or readers,
        args.seed if args.seed is not None else seed,
        database_url=args.database_url,
        name=args.preset or period,
        train_every=args.train_every,
        cards_out=args.cards,
        renames=not args.headings_as_written,
    )
    console = Console()
    folder = args.keep.resolve() if args.keep else None  # the server runs inside it: no relative path
    result = simulate(config, Console(stderr=True), folder=folder)
    print_period(result, console)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
