"""`mynews rank …`: train the For you model and evaluate it on impression logs."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from mynews.cli.common import app, build_container, console, progress

rank_app = typer.Typer(help="The For you ranker: train it from what readers did.", no_args_is_help=True)
app.add_typer(rank_app, name="rank")


@rank_app.command("train")
def rank_train(
    days: float = typer.Option(28.0, help="Train on the cards served in the last N days."),
    window_hours: float = typer.Option(48.0, help="Hours after serving in which a read counts."),
) -> None:
    """Fit the ranking model on the served log and signals, version it, make it current."""
    from mynews.services.learning.train import train

    with progress() as bar:
        task = bar.add_task("training the ranker", total=None)
        trained = train(build_container().ctx, days=days, window_hours=window_hours)
        bar.update(task, total=1, completed=1)
    console.print(f"{trained.name}: {trained.examples} examples, {trained.positives} read; {trained.path}")


@rank_app.command("mind-export")
def rank_mind_export(
    folder: Path, days: float = typer.Option(28.0, help="Pages served in the last N days.")
) -> None:
    """Write the served log as MIND files (behaviors.tsv, news.tsv, features.jsonl)."""
    from mynews.services.learning.mind_files import export

    pages = export(build_container().ctx, folder, days=days)
    console.print(f"{pages} impressions written to {folder}")


@rank_app.command("mind-eval")
def rank_mind_eval(
    folder: Path,
    scorer: list[str] = typer.Option(["served", "content"], help="served, content, hand or model:<file>"),
    ips: bool = typer.Option(False, help="Weigh clicks by 1/propensity (logged exploration)."),
) -> None:
    """AUC, MRR, nDCG@5 and nDCG@10 of rankings on MIND files (ours or the MIND data set's)."""
    from mynews.services.learning.mind_files import evaluate_files

    ctx = build_container().ctx
    table = Table("scorer", "AUC", "MRR", "nDCG@5", "nDCG@10", "impressions")
    for name in scorer:
        m = evaluate_files(ctx, folder, name, ips=ips)
        table.add_row(
            name, *(f"{m[k]:.4f}" for k in ("auc", "mrr", "ndcg@5", "ndcg@10")), str(int(m["impressions"]))
        )
    Console().print(table)
