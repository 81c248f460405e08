"""Print a simulated period's figures as rich tables (and compare For you with the baselines)."""

from __future__ import annotations

import math
from typing import Any

from rich.console import Console
from rich.table import Table

ORDER = ("For you", "content", "Following", "popularity", "recency", "Top stories", "oracle")


def _f(value: float) -> str:
    return "–" if value is None or (isinstance(value, float) and math.isnan(value)) else f"{value:.3f}"


def print_period(result: dict[str, Any], console: Console) -> None:
    rankings = result["rankings"]
    table = Table(title=f"{result['period']}: {result['days']} days, {result['items']} items")
    for column in (
        "ranking",
        "nDCG@10",
        "P@10",
        "coverage",
        ">3 days old",
        "… without follow",
        "reader-days",
    ):
        table.add_column(column, justify="right" if column != "ranking" else "left")
    for name in [n for n in ORDER if n in rankings] + [n for n in rankings if n not in ORDER]:
        r = rankings[name]
        table.add_row(
            name,
            _f(r["ndcg@10"]),
            _f(r["precision@10"]),
            _f(r["coverage"]),
            _f(r["older_than_3d"]),
            _f(r["older_than_3d_unexcused"]),
            str(r["reader_days"]),
        )
    console.print(table)
    reasons = Table(
        title="For you: the first reason of each top-10 card",
        caption='"more": the top\'s "More news", cards that claim no reason about the reader',
    )
    for column in ("reason kind", "cards", "share", "wanted by the reader"):
        reasons.add_column(column, justify="right" if column != "reason kind" else "left")
    total = sum(v["cards"] for v in result["reasons"].values()) or 1
    for kind, v in sorted(result["reasons"].items(), key=lambda kv: -kv[1]["cards"]):
        reasons.add_row(kind, str(v["cards"]), _f(v["cards"] / total), _f(v["precision"]))
    console.print(reasons)
    curves = Table(title="Learning curves: nDCG@10 per week, by reader group")
    weeks = max((len(v) for v in result["curves"].values()), default=0)
    curves.add_column("ranking / group")
    for week in range(weeks):
        curves.add_column(f"week {week + 1}", justify="right")
    for key in sorted(
        result["curves"],
        key=lambda k: (k.split("/")[1], ORDER.index(k.split("/")[0]) if k.split("/")[0] in ORDER else 99),
    ):
        if key.split("/")[0] in ("For you", "content", "Following"):
            curves.add_row(key, *(_f(v) for v in result["curves"][key]))
    console.print(curves)
    lat = result["latency_ms"]
    if lat:
        console.print(
            f"For you over HTTP: p50 {lat['p50']:.1f} ms, p99 {lat['p99']:.1f} ms "
            f"(first 3 days p50 {lat['first_days_p50']:.1f} ms, last 3 days p50 {lat['last_days_p50']:.1f} ms; "
            f"{int(lat['calls'])} calls)"
        )
    for model in result.get("models", []):
        console.print(f"trained: {model}")
    calls = result.get("api_calls", {})
    if calls:
        console.print(
            f"API calls: {calls['total']:,}, errors: {calls['errors']}, "
            f"pushes sent again after a database lock: {calls.get('retried', 0)}"
        )
