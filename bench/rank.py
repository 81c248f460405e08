"""Bench: For you scoring + diversification time per page of 30, in-process.

Candidate windows of 300, 1,000 and 3,000 are generated from the Global Voices corpus copy in
tests/data (real MiniLM vectors, jittered copies beyond the corpus' 378 articles, 60 sources
with a Zipf-like spread, stories of 1-8 articles). The reader follows 3 topics, mutes 2, and has
40 signals. Timed per page: build_profile + rank_for_you (what a feed request runs after loading
rows). Prints p50 and p99 in milliseconds, wall and CPU time.

    .venv/bin/python bench/rank.py [--runs 200]
"""

from __future__ import annotations

import argparse
import gc
import random
import sys
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.rank import gv_corpus as gv

from mynews.rank.for_you import rank_for_you
from mynews.rank.profile import Signal, build_profile
from mynews.rank.weights import load_weights


def window(size: int, rng: random.Random, np_rng: np.random.Generator) -> list:
    articles = gv.load_articles()
    out = []
    for i in range(size):
        a = articles[i % len(articles)]
        c = gv.candidate(a)
        vector = (
            c.vector
            if i < len(articles)
            else c.vector + 0.05 * np_rng.standard_normal(384).astype(np.float32)
        )
        vector = (vector / np.linalg.norm(vector)).astype(np.float32)
        story = i // rng.randint(1, 8) if rng.random() < 0.5 else None
        out.append(
            replace(
                c,
                article_id=1_000_000 + i,
                source_id=f"s{min(59, int(rng.paretovariate(1.2)) - 1)}",
                published=gv.NOW - timedelta(hours=rng.uniform(0, 96)),
                vector=vector,
                story_id=story,
                story_sources=rng.randint(1, 12) if story is not None else 1,
                story_growth=rng.randint(0, 6),
                popularity=rng.randint(0, 300),
                via=(rng.choice(["followed_topic", "similar", "developing", "popular", "recent"]),),
            )
        )
    return out


def profile_inputs(cands: list, rng: random.Random):
    history = rng.sample(cands, 40)
    signals = [
        Signal(rng.choice(["open", "open", "read", "more", "fewer", "save"]), c.article_id, gv.NOW, 60.0)
        for c in history
    ]
    vectors = {c.article_id: c.vector for c in history}
    keys = {c.article_id: gv.ArticleKeys(c.topics, c.entities, c.source_id, c.author) for c in history}
    follows = {
        ("topic", "china"): "China",
        ("topic", "russia"): "Russia",
        ("topic", "elections"): "Elections",
    }
    mutes = {("topic", "sport"): "Sport", ("keyword", "football"): "football"}
    return follows, mutes, signals, vectors, keys


def bench(size: int, runs: int) -> tuple[list[float], list[float]]:
    rng, np_rng = random.Random(size), np.random.default_rng(size)
    cands = window(size, rng, np_rng)
    follows, mutes, signals, vectors, keys = profile_inputs(cands, rng)
    weights = load_weights()
    wall, cpu = [], []
    for run in range(runs):
        start, start_cpu = time.perf_counter(), time.thread_time()
        profile = build_profile(follows, mutes, signals, vectors, keys, gv.NOW, weights)
        page = rank_for_you(profile, cands, now=gv.NOW, weights=weights, limit=30, seed=run)
        wall.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        assert len(page) == 30
    return sorted(wall), sorted(cpu)


def percentile(values: list[float], share: float) -> float:
    return values[min(len(values) - 1, int(len(values) * share))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    gv.vectors()  # load MiniLM and embed the corpus before timing
    # torch and the model leave millions of long-lived objects; a full GC pass over them (which
    # a web process without the model does not have) would be timed as ranking. Freeze them.
    gc.collect()
    gc.freeze()
    print(f"page of 30, {args.runs} runs; wall = elapsed, cpu = thread CPU time (steadier on a busy box)")
    print(f"{'window':>8} {'wall p50':>9} {'wall p99':>9} {'cpu p50':>8} {'cpu p99':>8}  (ms)")
    for size in (300, 1000, 3000):
        wall, cpu = bench(size, args.runs)
        row = [percentile(wall, 0.5), percentile(wall, 0.99), percentile(cpu, 0.5), percentile(cpu, 0.99)]
        print(f"{size:>8} " + " ".join(f"{v:>8.2f}" for v in row))


if __name__ == "__main__":
    main()
