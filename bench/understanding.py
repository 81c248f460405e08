"""Understanding benchmark: the whole step as ingestion runs it (entities, topics, vector,
near-duplicates, story, stored) on the demo corpus, per stage, next to spaCy alone and the
embedder alone on the same texts, in one process on this machine's cores.

Usage: .venv/bin/python bench/understanding.py [--limit N] [--batch N]
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.scratch_instance import scratch_context  # noqa: E402

STAGES = {  # stage -> (file path ending, function)
    "entities (spaCy + rules)": ("enrich/pipeline.py", "_entities"),
    "waiting for the embedder": ("concurrent/futures/_base.py", "result"),
    "topics": ("enrich/pipeline.py", "_combine"),
    "fingerprint": ("stories/fingerprints.py", "fingerprint"),
    "dedup + story": ("services/understanding.py", "_dedup_and_cluster"),
    "store entities/topics": ("services/understanding.py", "_store_entities"),
    "commit": ("orm/session.py", "commit"),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--batch", type=int, default=32)
    args = parser.parse_args()
    from mynews.enrich.embeddings import get_embedder
    from mynews.enrich.entities import load_nlp
    from mynews.services.ingestion.corpus import load
    from mynews.services.ingestion.processing import process_batch
    from mynews.services.understanding.pipeline import article_text
    from mynews.store import articles

    with scratch_context("bench") as ctx:
        ids = load(ctx, limit=args.limit or None)
        with ctx.db.reading() as session:
            texts = [article_text(a) for a in (articles.get(session, i) for i in ids) if a is not None]
        embedder, nlp = get_embedder(), load_nlp()
        embedder.embed([t.lead for t in texts[:8]])  # load and warm the models
        list(nlp.pipe([t.title for t in texts[:8]]))
        process_batch(ctx, ids[:8])
        gc.freeze()
        n = len(ids) - 8
        start = time.perf_counter()
        list(nlp.pipe([f"{t.title}\n{t.standfirst or ''}\n{t.body}" for t in texts[8:]], batch_size=64))
        spacy_alone = time.perf_counter() - start
        start = time.perf_counter()
        embedder.embed([t.lead for t in texts[8:]])
        embed_alone = time.perf_counter() - start
        profile = cProfile.Profile()
        start = time.perf_counter()
        for i in range(8, len(ids), args.batch):
            process_batch(ctx, ids[i : i + args.batch])
        whole = time.perf_counter() - start
        print(f"{n} demo-corpus articles, batches of {args.batch}")
        print(f"  spaCy alone (en_core_web_sm, full text) : {n / spacy_alone:6.1f} articles/s")
        print(f"  embedder alone (MiniLM, lead)            : {n / embed_alone:6.1f} articles/s")
        print(f"  whole understanding step, stored         : {n / whole:6.1f} articles/s")
        # one more pass under the profiler for the breakdown
        with ctx.db.transaction() as session:
            for article_id in ids[8:]:
                articles.mark(session, article_id, status="pending", story_id=None, duplicate_of_id=None)
        from mynews.services.understanding.similarity import forget

        forget(ctx.db.url)
        profile.enable()
        start = time.perf_counter()
        for i in range(8, len(ids), args.batch):
            process_batch(ctx, ids[i : i + args.batch])
        profiled = time.perf_counter() - start
        profile.disable()
        stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
        print(f"  where the time goes (profiled pass, {profiled:.1f} s):")
        for stage, (path, function) in STAGES.items():
            seconds = sum(v[3] for k, v in stats.items() if k[0].endswith(path) and k[2] == function)
            print(
                f"    {stage:28s} {seconds:6.1f} s  {n / seconds if seconds else float('inf'):8.1f} articles/s"
            )


if __name__ == "__main__":
    main()
