"""Unit vectors for story tests: a random direction from a seed, or one near another."""

from __future__ import annotations

import numpy as np


def unit(seed: int, near: np.ndarray | None = None, noise: float = 0.1) -> np.ndarray:
    """A 384-dimensional unit vector; with ``near``, that vector moved ``noise`` towards the
    seed's random direction."""
    v = np.random.default_rng(seed).normal(size=384).astype(np.float32)
    if near is not None:
        v = near + noise * v / np.linalg.norm(v)
    return (v / np.linalg.norm(v)).astype(np.float32)
