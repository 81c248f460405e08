"""The whole-window shortcuts of scoring give what the computation they replace gives, to the
last bit (a page must not change when ranking gets faster)."""

import numpy as np

from mynews.rank.scoring import _best_mean, _similarities


def _similarities_by_partition(vectors, bank, floor: float, k: int):  # type: ignore[no-untyped-def]
    """The reference: the mean of the k best cosines found with a partition."""
    sims = vectors @ bank.T
    k = max(1, min(k, sims.shape[1]))
    top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:] if k < sims.shape[1] else sims
    return np.clip((top.mean(axis=1) - floor) / (1.0 - floor), 0.0, 1.0)


def test_the_best_cosine_is_the_mean_of_the_best_one():
    rng = np.random.default_rng(3)
    for rows, bank_rows, dim in ((300, 20, 384), (7, 1, 16), (50, 5, 8)):
        vectors = rng.normal(size=(rows, dim)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        bank = rng.normal(size=(bank_rows, dim)).astype(np.float32)
        bank /= np.linalg.norm(bank, axis=1, keepdims=True)
        vectors[0] = 0.0  # a cosine of 0 (and -0.0 below): the mean of one gives +0.0
        vectors[1] = -0.0 * bank[0]
        for floor in (0.2, 0.0):
            for k in (1, 2, 3, 50):
                got = _similarities(vectors, bank, floor, k)
                want = _similarities_by_partition(vectors, bank, floor, k)
                assert got is not None and got.dtype == want.dtype
                assert got.tobytes() == want.tobytes()  # bit for bit, the sign of 0 too


def test_the_mean_of_the_best_one_keeps_the_sign_of_zero_the_mean_gives():
    sims = np.array([[-0.0, -1.0], [0.0, -0.0], [-0.5, -0.0], [0.3, 0.1]], dtype=np.float32)
    for k in (1, 2):
        top = np.partition(sims, sims.shape[1] - k, axis=1)[:, -k:]
        assert _best_mean(sims, k).tobytes() == top.mean(axis=1).tobytes()
