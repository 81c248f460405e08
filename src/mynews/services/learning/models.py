"""The current ranking model: ``DATA_DIR/models/current.json`` (written by ``mynews rank train``),
re-read by every process when the file changes (one stat per request). No file: hand weights."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

from mynews.rank.model import apply_model
from mynews.rank.weights import Weights, load_weights
from mynews.services.context import Context

_lock = threading.Lock()
_cache: dict[Path, tuple[float, dict[str, Any]]] = {}


def model_path(ctx: Context) -> Path:
    return ctx.settings.data_dir / "models" / "current.json"


def current_model(ctx: Context) -> dict[str, Any] | None:
    path = model_path(ctx)
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    with _lock:
        cached = _cache.get(path)
        if cached is not None and cached[0] == mtime:
            return cached[1]
    model = json.loads(path.read_text(encoding="utf-8"))
    with _lock:
        _cache[path] = (mtime, model)
    return model


def ranking_weights(ctx: Context) -> tuple[Weights, str]:
    """The weights For you ranks with (hand weights, with the current model's score weights) and
    the model's name ("hand" without one)."""
    model = current_model(ctx)
    return apply_model(load_weights(), model), (str(model["name"]) if model else "hand")
