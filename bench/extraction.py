"""Extraction benchmark: quality (4-gram F1, dev vs held-out) and speed, ours vs trafilatura alone.

Usage: .venv/bin/python bench/extraction.py [--quality] [--speed] [--pages DIR] [--repeat N] [--worst N]
Runs both parts by default on tests/data/pages. Speed is measured in this process, ours and
trafilatura alone on the same decoded pages, so the ratio is what counts.
"""

from __future__ import annotations

import argparse
import statistics
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from mynews.ingest.extract import extract_html
from mynews.ingest.quality import PageCase, Report, evaluate, is_dev_page, load_cases

ROOT = Path(__file__).resolve().parents[1]


def ours(case: PageCase) -> str:
    result = extract_html(case.source, case.url)
    return result.article.text if result.article is not None else ""


def trafilatura_alone(case: PageCase) -> str:
    import trafilatura

    return trafilatura.extract(case.source, url=case.url) or ""


def _line(label: str, rep: Report) -> str:
    t, s = rep.text, rep.snippets
    return (
        f"{label:26s} pages={t.pages:3d} P={t.precision:.4f} R={t.recall:.4f} F1={t.f1:.4f}"
        f"  with-found={s.with_share:.3f} ({s.with_found}/{s.with_total})"
        f"  without-absent={s.without_share:.3f} ({s.without_absent}/{s.without_total})"
    )


def quality(cases: list[PageCase], worst: int) -> None:
    splits: dict[str, Callable[[PageCase], bool]] = {
        "dev": lambda c: is_dev_page(c.name),
        "held-out": lambda c: not is_dev_page(c.name),
        "all": lambda c: True,
    }
    for name, fn in (("ours", ours), ("trafilatura alone", trafilatura_alone)):
        for split, keep in splits.items():
            rep = evaluate([c for c in cases if keep(c)], fn)
            print(_line(f"{name} [{split}]", rep))
            if split == "all" and worst:
                for page in sorted(rep.pages, key=lambda p: p.precision + p.recall)[:worst]:
                    print(f"    {page.name:46s} P={page.precision:.3f} R={page.recall:.3f}")


def speed(cases: list[PageCase], repeat: int) -> None:
    pages = [(c.source.decode("utf-8", "replace"), c.url) for c in cases]
    import trafilatura

    runners: dict[str, Callable[[str, str | None], object]] = {
        "ours (extract_html)": lambda html, url: extract_html(html, url),
        "trafilatura.extract": lambda html, url: trafilatura.extract(html, url=url),
    }
    for html, url in pages[:3]:  # warm up imports and caches
        for run in runners.values():
            run(html, url)
    results: dict[str, float] = {}
    for label, run in runners.items():
        times: list[float] = []
        for _ in range(repeat):
            for html, url in pages:
                start = time.perf_counter()
                run(html, url)
                times.append(time.perf_counter() - start)
        results[label] = sum(times)
        median_ms = statistics.median(times) * 1000
        print(f"{label:22s} {len(times) / sum(times):7.1f} pages/s  median {median_ms:6.1f} ms/page")
    ratio = results["ours (extract_html)"] / results["trafilatura.extract"]
    print(f"ours / trafilatura time ratio: {ratio:.2f}")
    where_time_goes(pages)


def where_time_goes(pages: list[tuple[str, str | None]]) -> None:
    """Share of extract_html's time spent in trafilatura, readability and the rest."""
    parts = {"trafilatura": 0.0, "readability": 0.0, "total": 0.0}
    for html, url in pages:
        timings = extract_html(html, url).timings
        if "total" in timings:
            for key in parts:
                parts[key] += timings[key]
    total = parts["total"] or 1.0
    rest = total - parts["trafilatura"] - parts["readability"]
    print(
        f"where the time goes: trafilatura {parts['trafilatura'] / total:.0%}, "
        f"readability {parts['readability'] / total:.0%}, parsing/metadata/choice {rest / total:.0%}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--pages", type=Path, default=ROOT / "tests" / "data" / "pages")
    parser.add_argument("--quality", action="store_true")
    parser.add_argument("--speed", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--worst", type=int, default=0, help="list the N worst pages")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    cases = load_cases(args.pages)
    both = not (args.quality or args.speed)
    if args.quality or both:
        quality(cases, args.worst)
    if args.speed or both:
        speed(cases, args.repeat)


if __name__ == "__main__":
    main()
