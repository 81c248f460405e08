"""Lighthouse scores of the pages people see most, on the demo corpus, phone and desktop.

Lighthouse 12.2.3 (npm, pinned in bench/lighthouse/package-lock.json; `make bench` installs it
with `npm ci`, `make test` never does) drives Debian's /usr/bin/chromium, headless, with no
network but loopback: the front page, For you (a signed-in reader following three subjects), an
article and a story page, each with Lighthouse's mobile emulation (Moto G Power, simulated slow
4G and 4x CPU slowdown) and its desktop preset. Prints performance, accessibility, best
practices and SEO; ``--write-docs`` puts the table into docs/quality.md.

The instance is `mynews serve` as a subprocess on a loopback port over a data folder that
holds the demo corpus, understood (``--data-dir``; default: a fresh folder loaded with
`mynews demo --no-serve`, which takes minutes), on the corpus's clock. Usage:

    .venv/bin/python bench/lighthouse.py [--data-dir var/demo] [--write-docs] [--runs 1]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.readers.news import sign_up  # noqa: E402

LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
MYNEWS = str(Path(sys.executable).with_name("mynews"))
CLOCK = "start:2020-12-28T18:00:00Z"  # the demo corpus's last day, as `mynews demo` sets it
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
DOCS = ROOT / "docs" / "quality.md"
BEGIN, END = "<!-- lighthouse:begin -->", "<!-- lighthouse:end -->"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "MYNEWS_DATA_DIR": str(data_dir), "MYNEWS_CLOCK": CLOCK, "HF_HUB_OFFLINE": "1"}
    env.pop("MYNEWS_DATABASE_URL", None)
    server = subprocess.Popen(
        [MYNEWS, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("mynews serve did not answer in 120 s")


def prepare(base: str) -> tuple[dict[str, str], str]:
    """A signed-in reader following three subjects (its cookies), and the pages to measure."""
    reader = sign_up(base, f"lighthouse-{int(time.time())}@example.org")
    welcome = reader.client.get("/welcome").text
    keys = re.findall(r'data-chip="topic:([^"]+)"', welcome)[:3]
    for key in keys:
        reader.post("/follows", {"kind": "topic", "key": key, "next": "/welcome"})
    front = httpx.get(base + "/", timeout=60).text
    article = re.search(r'href="/articles/(\d+)"', front)
    stories = httpx.get(base + "/api/v1/stories", params={"min_size": 3, "limit": 200}, timeout=60).json()
    if not article or not stories:
        raise SystemExit("the instance has no article or no story of 3: is the demo corpus understood?")
    story = max(stories, key=lambda s: s.get("size", 0))["id"]
    cookie = "; ".join(f"{c.name}={c.value}" for c in reader.client.cookies.jar)
    pages = {
        "front page": ("/", None),
        "For you": ("/", cookie),
        "article": (f"/articles/{article.group(1)}", None),
        "story": (f"/stories/{story}", None),
    }
    return {name: f"{path}|{c or ''}" for name, (path, c) in pages.items()}, cookie


def lighthouse(url: str, cookie: str | None, form: str, out: Path) -> dict[str, float]:
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-background-networking"
    args = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
        "--disable-full-page-screenshot",
        "--max-wait-for-load=60000",
    ]
    if form == "desktop":
        args.append("--preset=desktop")
    if cookie:
        args.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
    env = {**os.environ, "CHROME_PATH": "/usr/bin/chromium"}
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 or not out.exists():
        raise SystemExit(f"lighthouse failed on {url} ({form}): {done.stderr[-2000:]}")
    report = json.loads(out.read_text())
    scores = {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}
    failing = [
        (a["id"], a.get("score"))
        for a in report["audits"].values()
        if a.get("score") is not None
        and a["score"] < 0.9
        and a.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    scores["_failing"] = failing  # type: ignore[assignment]
    scores["_lcp_ms"] = round(report["audits"]["largest-contentful-paint"]["numericValue"])
    return scores


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a data folder holding the understood demo corpus")
    parser.add_argument("--runs", type=int, default=1, help="runs per page and form factor (median)")
    parser.add_argument("--write-docs", action="store_true", help="write the table into docs/quality.md")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        raise SystemExit("Lighthouse is not installed: cd bench/lighthouse && npm ci (make bench does)")
    tmp = Path(tempfile.mkdtemp(prefix="mynews-lighthouse-"))
    data_dir = args.data_dir
    if data_dir is None:
        data_dir = tmp / "var"
        env = {**os.environ, "MYNEWS_DATA_DIR": str(data_dir), "HF_HUB_OFFLINE": "1"}
        print("loading and understanding the demo corpus (mynews demo --no-serve)...", flush=True)
        subprocess.run([MYNEWS, "demo", "--no-serve"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = serve(data_dir, port)
    rows: list[tuple[str, str, dict[str, float]]] = []
    try:
        pages, _ = prepare(base)
        for name, spec in pages.items():
            path, cookie = spec.split("|", 1)
            for form in ("mobile", "desktop"):
                runs = [
                    lighthouse(base + path, cookie or None, form, tmp / f"{len(rows)}-{i}.json")
                    for i in range(args.runs)
                ]
                median = {c: statistics.median(r[c] for r in runs) for c in CATEGORIES}
                median["_lcp_ms"] = statistics.median(r["_lcp_ms"] for r in runs)
                rows.append((name, form, median))
                print(
                    f"{name:12} {form:8} "
                    + "  ".join(f"{c} {median[c]:.0f}" for c in CATEGORIES)
                    + f"  LCP {median['_lcp_ms'] / 1000:.1f} s",
                    flush=True,
                )
                for audit, score in runs[0]["_failing"]:  # type: ignore[attr-defined]
                    print(f"    below 0.9: {audit} ({score})")
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(tmp, ignore_errors=True)
    if args.write_docs:
        write_docs(rows, args.runs)


def write_docs(rows: list[tuple[str, str, dict[str, float]]], runs: int) -> None:
    table = [
        BEGIN,
        f"Lighthouse 12.2.3 with Debian's Chromium, headless, offline, on the demo corpus (`make bench`,"
        f" `bench/lighthouse.py`; median of {runs} run(s); measured {time.strftime('%Y-%m-%d')} on two"
        " shared cores). Mobile is Lighthouse's default emulation (slow 4G, 4x CPU slowdown).",
        "",
        "| page | form | performance | accessibility | best practices | SEO | LCP |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, form, s in rows:
        table.append(
            f"| {name} | {form} | {s['performance']:.0f} | {s['accessibility']:.0f} | "
            f"{s['best-practices']:.0f} | {s['seo']:.0f} | {s['_lcp_ms'] / 1000:.1f} s |"
        )
    table.append(END)
    text = DOCS.read_text()
    block = "\n".join(table)
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), block, text, flags=re.DOTALL)
    else:
        text += "\n## Lighthouse: the pages people see most\n\n" + block + "\n"
    DOCS.write_text(text)
    print(f"written to {DOCS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
