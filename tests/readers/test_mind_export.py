"""Our own impression logs in MIND's format: exported from what For you served and what the
reader read, read back by the same evaluator an operator would point at MIND files."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from mynews.core.clock import FixedClock
from mynews.rank.mind import parse_behaviors
from mynews.services.context import Context
from mynews.services.learning import mind_files
from mynews.services.readers import accounts, signals
from mynews.services.reading import feed
from mynews.store.models import Article


def test_served_pages_become_mind_impressions_and_are_evaluated(
    ctx: Context, news: dict[str, list[int]], tmp_path: Path
) -> None:
    ids = {i for v in news.values() for i in v}
    with ctx.db.reading() as session:
        newest = max(a.published_at for a in session.query(Article).filter(Article.id.in_(ids)))
    clock = FixedClock(newest + timedelta(hours=2))
    ctx.clock = clock
    reader = accounts.sign_up(ctx, "ada@example.org", "correct horse battery").id
    first = feed.for_you(ctx, reader, limit=10)
    signals.record(ctx, reader, first.cards[3].article_id, "read", 90.0)
    clock.advance(hours=3)
    second = feed.for_you(ctx, reader, limit=10)
    signals.record(ctx, reader, second.cards[0].article_id, "read", 5.0)  # a bounce is no click
    clock.advance(hours=1)

    assert mind_files.export(ctx, tmp_path, days=2) == 2
    lines = (tmp_path / "behaviors.tsv").read_text().splitlines()
    impressions = list(parse_behaviors(lines))
    assert [len(i.items) for i in impressions] == [10, 10]
    assert impressions[0].items[3] == (f"N{first.cards[3].article_id}", 1)
    assert sum(label for i in impressions for _, label in i.items) == 1
    assert impressions[1].history == (f"N{first.cards[3].article_id}",)  # read before the second page
    assert impressions[0].user_id == f"U{reader}"
    features = [json.loads(line) for line in (tmp_path / "features.jsonl").read_text().splitlines()]
    assert set(features[0]["features"]) == {n for n, _ in impressions[0].items}
    assert len((tmp_path / "news.tsv").read_text().splitlines()) >= 10

    served = mind_files.evaluate_files(ctx, tmp_path, "served")
    assert served["impressions"] == 1.0 and served["mrr"] == 0.25  # the read card was 4th
    assert 0.0 <= mind_files.evaluate_files(ctx, tmp_path, "hand", ips=True)["auc"] <= 1.0
