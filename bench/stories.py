"""Stories throughput and neighbour-search latency, all in one process.

    .venv/bin/python bench/stories.py            # corpus stages + neighbour search at 10k/100k
    .venv/bin/python bench/stories.py --quick    # neighbour search at 10k only

Corpus stages run on the 671 real articles of the corpus bundled in src/mynews/demo_corpus (Global Voices May 2012 and
Wikinews 2019-2020): MinHash fingerprinting of the bodies, duplicate lookup (check, then add, as
ingestion does, with MiniLM lead vectors), online clustering (``cluster_period``), and the same
clustering on 20,000 articles (the real vectors jittered over 60 days). Vectors and entity keys
are computed first and not timed; their own time is printed for context.

Neighbour search: exact numpy search against an HNSW graph (usearch, when installed) on
synthetic clustered unit vectors of dim 384 (one centre per 20 vectors, noise 0.6, which is
harder for a graph than real news vectors): build time, mean query latency (k=10) and the
graph's recall@10 against the exact answer.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("OMP_NUM_THREADS", "2")

import numpy as np  # noqa: E402
from tests.stories.corpus import globalvoices, wikinews  # noqa: E402

from mynews.stories.clustering import StoryInput, cluster_period  # noqa: E402
from mynews.stories.dedup import DuplicateIndex  # noqa: E402
from mynews.stories.fingerprints import fingerprint  # noqa: E402
from mynews.stories.neighbours import BinaryIndex, ExactIndex, HnswIndex  # noqa: E402


def timed(label: str, count: int, work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"{label:<46} {count / seconds:9.1f} articles/s  ({seconds:6.2f} s, {count} articles)")
    return seconds


def corpus_stages() -> None:
    from tests.stories.story_inputs import entity_keys

    from mynews.enrich.embeddings import get_embedder

    articles = sorted([*globalvoices(), *wikinews()], key=lambda a: a.published)
    embedder = get_embedder("all-MiniLM-L6-v2")
    embedder.embed(["warm up"])
    vectors: list[np.ndarray] = []
    timed(
        "(context) MiniLM lead vectors",
        len(articles),
        lambda: vectors.extend(embedder.embed([a.lead for a in articles])),
    )
    keys: list[frozenset[str]] = []
    timed("(context) spaCy entity keys", len(articles), lambda: keys.extend(entity_keys(articles)))

    prints = []
    timed(
        "fingerprint (MinHash 128, body)",
        len(articles),
        lambda: prints.extend(fingerprint(a.body) for a in articles),
    )

    def dedup() -> None:
        index = DuplicateIndex()
        for article, fp, vector in zip(articles, prints, vectors, strict=True):
            index.check(fp, vector)
            index.add(article.id, fp, vector)

    timed("dedup check + add (LSH + vectors)", len(articles), dedup)
    inputs = [StoryInput(a.id, v, k, a.published) for a, v, k in zip(articles, vectors, keys, strict=True)]
    timed("cluster_period (online, 671 real)", len(inputs), lambda: cluster_period(inputs))
    large = _jittered(inputs, 20_000)
    timed("cluster_period (20k jittered, 60 days)", len(large), lambda: cluster_period(large))
    assignment_at(inputs, 200_000)


def assignment_at(inputs: list[StoryInput], window: int, queries: int = 300) -> None:
    """Story assignment as ingestion does it (30 nearest recent articles -> their stories ->
    ``assign_story``, then the article joins the window) against a window of ``window`` recent articles, exact vs binary search:
    time per article (p50/p99) and how often the binary index picks the same story."""
    from mynews.stories.clustering import StoryState, assign_story
    from mynews.stories.specificity import EntityIdf

    recent = _jittered(inputs, window, scale=0.05)
    matrix = np.vstack([r.vector for r in recent])
    idf = EntityIdf()
    for r in recent:
        idf.add(r.entities)
    story_of = [n // 3 for n in range(window)]  # three articles a story
    states = {
        n // 3: StoryState(
            n // 3, r.vector, {k: 1 for k in r.entities}, r.published, r.published, 3, (r.vector,)
        )
        for n, r in enumerate(recent)
        if n % 3 == 0
    }
    probes = _jittered(inputs, queries, scale=0.05, seed=7)
    chosen: dict[str, list[object]] = {}
    for kind in (ExactIndex, BinaryIndex):
        index = kind(384)
        start = time.perf_counter()
        index.add(list(range(window)), matrix)
        index.search(probes[0].vector, 30)
        build = time.perf_counter() - start
        times, picks = [], []
        for n, probe in enumerate(probes):
            t0 = time.perf_counter()
            near = {story_of[int(i)] for i, _ in index.search(probe.vector, 30) if int(i) < window}  # type: ignore[call-overload]
            decision = assign_story(probe, [states[s] for s in sorted(near)], idf=idf)
            index.add([window + n], probe.vector.reshape(1, -1))  # then it is recent, as in ingestion
            times.append(time.perf_counter() - t0)
            picks.append(decision.story_id)
        chosen[kind.__name__] = picks
        p50, p99 = np.percentile(np.array(times) * 1000, [50, 99])
        print(
            f"story assignment {kind.__name__:<11} window {window:,}: build {build:5.2f} s,"
            f" per article p50 {p50:6.2f} ms p99 {p99:6.2f} ms"
        )
    same = np.mean([a == b for a, b in zip(chosen["ExactIndex"], chosen["BinaryIndex"], strict=True)])
    print(f"story assignment: the binary index picks the exact index's story for {same:.3f} of articles")


def _corpus_inputs() -> list[StoryInput]:
    from tests.stories.story_inputs import story_inputs

    return list(story_inputs(sorted([*globalvoices(), *wikinews()], key=lambda a: a.published)))  # type: ignore[arg-type]


def _jittered(inputs: list[StoryInput], count: int, scale: float = 0.02, seed: int = 1) -> list[StoryInput]:
    rng = np.random.default_rng(seed)
    start = min(i.published for i in inputs)
    out = []
    for n in range(count):
        base = inputs[n % len(inputs)]
        vector = base.vector + rng.normal(scale=scale, size=base.vector.shape).astype(np.float32)
        when = start + timedelta(days=float(rng.uniform(0, 60)))
        out.append(StoryInput(f"{base.id}#{n}", vector / np.linalg.norm(vector), base.entities, when))
    return out


def clustered_vectors(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(max(1, n // 20), dim)).astype(np.float32)
    x = centres[rng.integers(0, len(centres), n)] + 0.6 * rng.normal(size=(n, dim)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def neighbour_search(sizes: list[int]) -> None:
    kinds: list[type] = [ExactIndex, BinaryIndex]
    try:
        import usearch  # noqa: F401

        kinds.append(HnswIndex)
    except ImportError:
        print("usearch not installed: HNSW skipped")
    for n in sizes:
        vectors = clustered_vectors(n)
        rng = np.random.default_rng(2)
        queries = vectors[rng.integers(0, n, 200)] + 0.1 * rng.normal(size=(200, 384)).astype(np.float32)
        queries /= np.linalg.norm(queries, axis=1, keepdims=True)
        truth: list[set[int]] = []
        for kind in kinds:
            start = time.perf_counter()
            index = kind(384)
            index.add(list(range(n)), vectors)
            index.search(queries[0], 10)
            build = time.perf_counter() - start
            start = time.perf_counter()
            results = [{i for i, _ in index.search(q, 10)} for q in queries]
            latency = (time.perf_counter() - start) / len(queries) * 1000
            if not truth:
                truth = results
            recall = np.mean([len(t & r) / 10 for t, r in zip(truth, results, strict=True)])
            print(
                f"neighbours {kind.__name__:<10} n={n:>7,}  build {build:7.2f} s"
                f"  query {latency:7.3f} ms  recall@10 {recall:.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="neighbour search at 10k only")
    parser.add_argument("--assignment", action="store_true", help="only story assignment at 200k")
    args = parser.parse_args()
    if args.quick:
        neighbour_search([10_000])
        return
    if args.assignment:
        assignment_at(_corpus_inputs(), 200_000)
        return
    corpus_stages()
    neighbour_search([10_000, 100_000])


if __name__ == "__main__":
    main()
