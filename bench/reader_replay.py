"""Fast re-ranking replay for tuning: the reader simulator's readers, click model and metrics run
in-process against an instance a full simulation kept (``bench/reader_sim.py --keep DIR``), so a
ranking change is measured in about a minute instead of a quarter of an hour.

The kept instance already understood the period's news (entities, topics, stories, vectors);
this replay copies it, forgets every reader's follows, signals, reads and served log, and then
replays the period day by day through the same use cases the API calls (For you, impressions,
signals, follows, Following, weekly training) on the instance's replay clock. What it does not
redo is the news' arrival: stories and storylines are as they were at the end of the kept run
(a slight look-ahead in story sizes), so use it to compare rankings on tuning months, and the
full simulator (over HTTP, news arriving day by day) for the figures you report.

    python bench/reader_sim.py --period 2025-01-06:2025-01-19 --readers 24 --seed 7 --keep var/sim-jan
    python bench/reader_replay.py var/sim-jan --period 2025-01-06:2025-01-19 --readers 24 --seed 7
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
from rich.console import Console

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.reader_sim import EXCUSED, kind_for, reason_kind
from bench.sim import corpus, diagnose
from bench.sim import readers as sim_readers
from bench.sim.corpus import Item
from bench.sim.metrics import OLD_HOURS, Period
from bench.sim.tables import print_period

READER_TABLES = ("follows", "signals", "saved", "read_states", "served_cards", "reader_rank_weights")
URL = re.compile(r"/(\d{4}-\d{2}-\d{2})/item-(\d+)$")


def _context(folder: Path, start: datetime) -> Any:
    from mynews.app.container import build
    from mynews.core.settings import Settings

    settings = Settings(  # type: ignore[call-arg]
        data_dir=folder,
        clock=f"fixed:{start.isoformat()}",
        replay_clock=True,
        secret_key="simulator",
        _env_file=None,
    )
    ctx = build(settings, inline=True).ctx

    from sqlalchemy import event

    def fast(connection: Any, _record: Any) -> None:  # a throwaway copy: no need to wait for the disk
        connection.execute("PRAGMA synchronous=OFF")

    event.listen(ctx.db.engine, "connect", fast)
    return ctx


def _forget_readers(ctx: Any) -> None:
    from sqlalchemy import text

    with ctx.db.engine.begin() as connection:
        for table in READER_TABLES:
            connection.execute(text(f"DELETE FROM {table}"))


class Replay:
    def __init__(self, folder: Path, start: date, end: date, readers: int, seed: int, cards: Path | None):
        from sqlalchemy import select

        from mynews.store.models import Article, Reader

        self.start, self.end = start, end
        self.ctx = _context(folder, corpus.read_at(start))
        _forget_readers(ctx=self.ctx)
        shutil.rmtree(folder / "models", ignore_errors=True)
        everything = corpus.load()
        self.items = corpus.between(everything, start, end)
        by_key = {(i.day.isoformat(), i.index): i for i in self.items}
        with self.ctx.db.reading() as session:
            rows = session.execute(select(Article.id, Article.url, Article.published_at)).all()
            accounts = session.execute(select(Reader.id, Reader.email)).all()
        self.item_of: dict[int, Item] = {}
        self.published: dict[int, datetime] = {}
        for article_id, url, published in rows:
            match = URL.search(url or "")
            item = by_key.get((match.group(1), int(match.group(2)))) if match else None
            if item is not None:
                self.item_of[article_id] = item
                self.published[article_id] = published
        ids = {email: rid for rid, email in accounts}
        self.reader_ids = [ids[f"reader{i}@sim.invalid"] for i in range(readers)]
        self.readers = sim_readers.make_readers([str(r) for r in self.reader_ids], self.items, seed)
        self.rng = random.Random(seed)
        self.vectors = self._embed()
        self.opens: Counter[int] = Counter()
        self.period = Period(f"replay {start}..{end}")
        self.cards_log = cards.open("w", encoding="utf-8") if cards else None
        if cards:
            from mynews.store.models import Story

            with self.ctx.db.reading() as session:
                pairs = session.execute(
                    select(Article.id, Article.story_id, Story.storyline_id).outerjoin(
                        Story, Story.id == Article.story_id
                    )
                ).all()
            diagnose.install(
                {a: (str(s) if s else None, str(line) if line else None) for a, s, line in pairs},
                {a: self.vectors[i.id] for a, i in self.item_of.items()},
            )

    def _embed(self) -> dict[str, np.ndarray]:
        from mynews.enrich.embeddings import get_embedder

        items = self.items
        vectors = get_embedder("all-MiniLM-L6-v2").embed([f"{i.title}\n\n{i.text}" for i in items])
        return {i.id: v for i, v in zip(items, vectors, strict=True)}

    def _age(self, article_id: int, now: datetime) -> float:
        return (now - self.published[article_id]).total_seconds() / 3600.0

    def onboard(self, now: datetime) -> None:
        from sqlalchemy import select

        from mynews.services.readers import follows
        from mynews.store.models import Article, ArticleEntity, Entity

        def exists(key: str) -> bool:
            with self.ctx.db.reading() as session:
                query = (
                    select(Entity.id)
                    .join(ArticleEntity, ArticleEntity.entity_id == Entity.id)
                    .join(Article, Article.id == ArticleEntity.article_id)
                    .where(Entity.key == key, Article.published_at <= now)
                    .limit(1)
                )
                return session.scalar(query) is not None

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
                    follows.set_follow(self.ctx, int(reader.token), follow[0], follow[1])
                    reader.follows.append(follow)
                except Exception:
                    still.append(interest)
            reader.to_follow = still

    def day(self, index: int, day: date) -> None:
        from mynews.services.operating.clock import set_clock
        from mynews.services.readers import signals
        from mynews.services.reading import feed

        now = corpus.read_at(day)
        set_clock(self.ctx, now)
        self.period.items.update(a for a, i in self.item_of.items() if i.day == day)
        self.onboard(now)
        top = [c.article_id for c in feed.top_stories(self.ctx, limit=10).cards]
        order = list(self.readers)
        self.rng.shuffle(order)
        for reader in order:
            rid = int(reader.token)
            started = time.perf_counter()
            page = feed.for_you(self.ctx, rid, limit=10)
            self.period.latency_ms[index].append((time.perf_counter() - started) * 1000)
            cards = [
                {
                    "article_id": c.article_id,
                    "reasons": list(c.reasons),
                    "reason_details": list(c.reason_details),
                    "section": c.section,
                }
                for c in page.cards
            ]
            ids = [c["article_id"] for c in cards]
            if self.cards_log is not None:
                features = self._features(rid)
                for card in cards:
                    card["features"] = features.get(card["article_id"], {})
                    card["gates"] = diagnose.LAST.get(card["article_id"], {})
            if ids:
                signals.record_impressions(self.ctx, rid, ids)
            self._judge(reader, index, now, cards, top)
            for card in cards:
                item = self.item_of[card["article_id"]]
                for action in sim_readers.react(reader.wants(item), self.rng):
                    signals.record(self.ctx, rid, card["article_id"], action.kind, action.value)
                    if action.kind == "open":
                        reader.opened.add(card["article_id"])
                        reader.vectors.append(self.vectors[item.id])
                        self.opens[card["article_id"]] += 1
        self.period.days = index + 1

    def _features(self, reader_id: int) -> dict[int, dict[str, float]]:
        """The raw features For you logged for this reader's page served at ``now`` (diagnosis): its newest served rows."""
        from sqlalchemy import select

        from mynews.store.models import ServedCard

        with self.ctx.db.reading() as session:
            rows = session.execute(
                select(ServedCard.article_id, ServedCard.features)
                .where(ServedCard.reader_id == reader_id)
                .order_by(ServedCard.id.desc())
                .limit(30)
            ).all()
        return {article_id: dict(features or {}) for article_id, features in reversed(rows)}

    def _judge(
        self, reader: Any, day: int, now: datetime, cards: list[dict[str, Any]], top: list[int]
    ) -> None:
        from mynews.services.reading import feed

        pool = [
            a
            for a, i in self.item_of.items()
            if self.published[a] <= now and self._age(a, now) <= OLD_HOURS and a not in reader.opened
        ]
        relevant = {a for a in pool if reader.wants(self.item_of[a])}
        ids = [c["article_id"] for c in cards]
        kinds = [kind_for(reason_kind(c), reader) for c in cards]
        self.period.add(
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
            for rank, (card, kind) in enumerate(zip(cards, kinds, strict=True)):
                item = self.item_of[card["article_id"]]
                row = {
                    "day": day,
                    "reader": reader.index,
                    "group": reader.group,
                    "interests": reader.interests,
                    "rank": rank,
                    "article_id": card["article_id"],
                    "kind": kind,
                    "reasons": card["reasons"],
                    "wanted": reader.wants(item),
                    "age_h": round(self._age(card["article_id"], now), 1),
                    "category": item.category,
                    "storyline": item.storyline,
                    "relevant_in_pool": len(relevant),
                    "details": card["reason_details"],
                    "features": card.get("features", {}),
                    "gates": card.get("gates", {}),
                }
                self.cards_log.write(json.dumps(row) + "\n")
        newest = sorted(pool, key=lambda a: (-self.published[a].timestamp(), -a))
        baselines = {
            "recency": newest,
            "popularity": sorted(newest, key=lambda a: -self.opens[a]),
            "content": self._content(reader, newest),
            "oracle": sorted(newest, key=lambda a: a not in relevant),
            "Top stories": top,
        }
        if reader.follows:  # the kept instance has later news: Following as it was at ``now``
            following = feed.following(self.ctx, int(reader.token), limit=50).cards
            baselines["Following"] = [c.article_id for c in following if c.published_at <= now][:10]
        if self.cards_log is not None:
            content = baselines["content"][:10]
            self.cards_log.write(
                json.dumps(
                    {
                        "day": day,
                        "reader": reader.index,
                        "group": reader.group,
                        "content": content,
                        "content_wanted": [a in relevant for a in content],
                        "for_you": ids,
                        "relevant": sorted(relevant),
                    }
                )
                + "\n"
            )
        for name, ranked in baselines.items():
            ranked = [a for a in ranked if a in self.published]
            self.period.add(
                name, reader.group, day, ranked, relevant, [self._age(a, now) for a in ranked[:10]]
            )

    def _content(self, reader: Any, newest: list[int]) -> list[int]:
        if not reader.vectors or not newest:
            return newest
        centroid = np.mean(reader.vectors, axis=0)
        scores = np.asarray([self.vectors[self.item_of[a].id] for a in newest]) @ centroid
        return [newest[i] for i in np.argsort(-scores, kind="stable")]

    def run(self, train_every: int) -> dict[str, Any]:
        from mynews.services.learning.train import train

        days = [self.start + timedelta(days=d) for d in range((self.end - self.start).days + 1)]
        for index, day in enumerate(days):
            self.day(index, day)
            if train_every and (index + 1) % train_every == 0:
                train(self.ctx)
        if self.cards_log is not None:
            self.cards_log.close()
        result = self.period.to_json()
        result["api_calls"] = {"total": 0, "errors": 0, "retried": 0, "last_error": None}
        result["models"] = []
        return result


def _trial_weights(changes: dict[str, Any]) -> None:
    """Rank with the packaged weights changed by ``changes`` (sections merged key by key)."""
    from mynews.rank import weights

    data = json.loads(weights.DEFAULT_PATH.read_text(encoding="utf-8"))
    for section, values in changes.items():
        if isinstance(values, dict):
            data.setdefault(section, {}).update(values)
        else:
            data[section] = values
    path = Path(tempfile.mkdtemp(prefix="mynews-weights-")) / "weights.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    weights.DEFAULT_PATH = path
    weights.load_weights.cache_clear()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("kept", type=Path, help="a data folder kept by bench/reader_sim.py --keep")
    parser.add_argument("--period", required=True, help="START:END, the kept run's period or part of it")
    parser.add_argument("--readers", type=int, default=24)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--train-every", type=int, default=7)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--cards", type=Path, default=None)
    parser.add_argument("--weights", default=None, help="JSON merged over rank/data/weights.json (a trial)")
    args = parser.parse_args()
    if args.weights:
        _trial_weights(json.loads(args.weights))
    start, end = (date.fromisoformat(p) for p in args.period.split(":"))
    with tempfile.TemporaryDirectory(prefix="mynews-replay-") as tmp:
        folder = Path(tmp)
        for name in ("mynews.db", "mynews.db-wal", "mynews.db-shm"):
            if (args.kept / name).exists():
                shutil.copy2(args.kept / name, folder / name)
        replay = Replay(folder, start, end, args.readers, args.seed, args.cards)
        result = replay.run(args.train_every)
        replay.ctx.db.dispose()
    print_period(result, Console())
    if args.out:
        args.out.write_text(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
