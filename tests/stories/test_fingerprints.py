"""MinHash fingerprints on real article bodies."""

from __future__ import annotations

from mynews.stories.fingerprints import NUM_PERM, containment, fingerprint, shingles, similarity, words

from .corpus import globalvoices


def _body(n: int) -> str:
    return globalvoices()[n].body


def test_fingerprint_is_deterministic_and_fixed_size() -> None:
    a, b = fingerprint(_body(0)), fingerprint(_body(0))
    assert a == b
    assert len(a.signature) == NUM_PERM * 4
    assert a.shingles == len(shingles(_body(0)))


def test_identical_text_is_one_and_markup_or_case_does_not_matter() -> None:
    body = _body(3)
    assert similarity(fingerprint(body), fingerprint(body.upper().replace(".", " . "))) == 1.0


def test_different_articles_are_far_apart() -> None:
    prints = [fingerprint(a.body) for a in globalvoices()[:40]]
    worst = max(similarity(x, y) for n, x in enumerate(prints) for y in prints[n + 1 :])
    assert worst < 0.2


def test_trimmed_copy_has_lower_jaccard_but_full_containment() -> None:
    body = max(globalvoices(), key=lambda a: len(a.body)).body
    half = fingerprint(body[: len(body) // 2])
    whole = fingerprint(body)
    assert 0.3 < similarity(half, whole) < 0.7
    assert containment(half, whole) > 0.9


def test_estimate_tracks_true_jaccard() -> None:
    body = max(globalvoices(), key=lambda a: len(a.body)).body
    cut = body[: int(len(body) * 0.8)]
    a, b = shingles(body), shingles(cut)
    true = len(a & b) / len(a | b)
    assert abs(similarity(fingerprint(body), fingerprint(cut)) - true) < 0.1


def test_empty_text() -> None:
    empty = fingerprint("  ")
    assert empty.shingles == 0
    assert similarity(empty, empty) == 0.0
    assert words("Roméo Langlois, kidnapped!") == ["romeo", "langlois", "kidnapped"]
    assert shingles("two words") == {"two words"}
