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


def test_a_follow_index_kept_with_a_profile_is_that_of_its_follows():
    import re
    from dataclasses import replace

    from mynews.rank.matching import KeyIndex, visible
    from mynews.rank.profile import ReaderProfile
    from mynews.rank.scoring import follow_index
    from tests.rank import gv_corpus as gv

    cands = [gv.candidate(a, with_vector=False) for a in gv.held_out()][:200]
    word = re.findall(r"[a-z]{6,}", cands[0].folded_text)[0]
    profile = ReaderProfile(follows={("entity", "iran"): "Iran"}, mutes={("keyword", word): word})
    assert follow_index(profile) == KeyIndex.of(profile.follows)
    other = replace(profile, follows={("keyword", "Gaza"): "Gaza"}, mutes={})  # shares what is kept
    assert other.derived is profile.derived
    assert follow_index(other) == KeyIndex.of(other.follows)
    assert follow_index(profile) == KeyIndex.of(profile.follows)
    muted = KeyIndex.of(profile.mutes)
    assert visible(other, cands, frozenset()) == cands
    assert visible(profile, cands, frozenset()) == [c for c in cands if not muted.hits(c)] != cands
