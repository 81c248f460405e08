"""Use case: train the ranking model from the served log (``served_cards``) and what readers did
next (signals), write it versioned to ``DATA_DIR/models/<name>.json`` and make it current.

An example is a served card; its label is 1 when the reader opened it and really read it (a read
of ``signals.read_min_seconds`` or more, or more/save/share) within ``window_hours`` after it was
served, else 0. Exploration cards count with the inverse of their propensity.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import datetime, timedelta

from mynews.rank.model import fit
from mynews.rank.weights import load_weights
from mynews.services.context import Context
from mynews.services.learning.models import model_path
from mynews.store import feed_log

POSITIVE = ("more", "save", "share")


@dataclass(frozen=True)
class Trained:
    name: str
    examples: int
    positives: int
    path: str


def _label(signals: list, served_at: datetime, until: datetime, min_seconds: float) -> int:
    for s in signals:
        if served_at <= s.at <= until and (
            s.kind in POSITIVE or (s.kind == "read" and s.value >= min_seconds)
        ):
            return 1
    return 0


def train(ctx: Context, *, days: float = 28.0, window_hours: float = 48.0) -> Trained:
    """Fit on the cards served in the last ``days`` (by the instance's clock) and make it current."""
    now = ctx.clock.now()
    start = now - timedelta(days=days)
    weights = load_weights()
    with ctx.db.reading() as session:
        served = feed_log.served_between(session, start, now)
        pairs = {(c.reader_id, c.article_id) for c in served}
        outcomes = feed_log.outcomes(session, pairs, start)
    window = timedelta(hours=window_hours)
    labels = [
        _label(
            outcomes.get((c.reader_id, c.article_id), []),
            c.served_at,
            c.served_at + window,
            weights.signals.read_min_seconds,
        )
        for c in served
    ]
    model = fit([c.features for c in served], labels, [c.propensity for c in served], weights.score)
    model["trained_at"] = now.isoformat()
    model["trained_on"] = {"from": start.isoformat(), "to": now.isoformat(), "window_hours": window_hours}
    folder = model_path(ctx).parent
    folder.mkdir(parents=True, exist_ok=True)
    versioned = folder / f"{model['name']}.json"
    versioned.write_text(json.dumps(model, indent=1, sort_keys=True), encoding="utf-8")
    tmp = folder / "current.json.tmp"
    tmp.write_text(json.dumps(model, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, model_path(ctx))
    return Trained(model["name"], model["examples"], model["positives"], str(versioned))
