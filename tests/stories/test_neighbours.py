"""Exact, binary and HNSW neighbour search agree with a brute-force check on real sentence vectors."""

from __future__ import annotations

import numpy as np
import pytest

from mynews.enrich.embeddings import get_embedder
from mynews.stories.neighbours import BinaryIndex, ExactIndex, HnswIndex, make_index

from .corpus import globalvoices


def _vectors() -> tuple[list[str], np.ndarray]:
    articles = globalvoices()
    return [a.id for a in articles], get_embedder("hashing").embed([a.lead for a in articles])


def test_exact_index_returns_the_true_top_k_in_order() -> None:
    ids, vectors = _vectors()
    index = ExactIndex(vectors.shape[1])
    index.add(ids[:200], vectors[:200])
    index.add(ids[200:], vectors[200:])
    query = vectors[17]
    hits = index.search(query, 5)
    truth = np.argsort(-(vectors @ query))[:5]
    assert [h[0] for h in hits] == [ids[i] for i in truth]
    assert hits[0] == (ids[17], pytest.approx(1.0, abs=1e-5))
    assert len(index) == len(ids)


def test_exact_index_edge_cases() -> None:
    index = ExactIndex(4)
    assert index.search(np.ones(4, dtype=np.float32)) == []
    index.add(["a"], np.array([[1, 0, 0, 0]], dtype=np.float32))
    assert index.search(np.array([1, 0, 0, 0], dtype=np.float32), k=10) == [("a", 1.0)]
    with pytest.raises(ValueError):
        index.add(["b", "c"], np.zeros((1, 4), dtype=np.float32))


def test_hnsw_index_finds_nearly_all_true_neighbours() -> None:
    pytest.importorskip("usearch")
    ids, vectors = _vectors()
    exact, hnsw = ExactIndex(vectors.shape[1]), HnswIndex(vectors.shape[1])
    exact.add(ids, vectors)
    hnsw.add(ids, vectors)
    found = 0
    for query in vectors[::10]:
        truth = {i for i, _ in exact.search(query, 10)}
        found += len(truth & {i for i, _ in hnsw.search(query, 10)})
    assert found / (10 * len(vectors[::10])) >= 0.95


def test_binary_index_finds_nearly_all_true_neighbours() -> None:
    ids, vectors = _vectors()
    exact, binary = ExactIndex(vectors.shape[1]), BinaryIndex(vectors.shape[1], rerank=100)
    exact.add(ids, vectors)
    binary.add(ids[:300], vectors[:300])
    binary.add(ids[300:], vectors[300:])  # codes of later vectors are added on the next search
    found = 0
    queries = vectors[::10]
    for query in queries:
        truth = [i for i, _ in exact.search(query, 10)]
        hits = binary.search(query, 10)
        found += len(set(truth) & {i for i, _ in hits})
        assert [s for _, s in hits] == sorted((s for _, s in hits), reverse=True)
    assert found / (10 * len(queries)) >= 0.95
    assert binary.search(vectors[3], 1)[0] == (ids[3], pytest.approx(1.0, abs=1e-5))
    small, first = BinaryIndex(vectors.shape[1]), ExactIndex(vectors.shape[1])  # few: exact
    small.add(ids[:50], vectors[:50])
    first.add(ids[:50], vectors[:50])
    assert small.search(vectors[7], 5) == first.search(vectors[7], 5)


def test_make_index_picks_exact_for_recent_windows() -> None:
    assert isinstance(make_index(384, 10_000), ExactIndex)
    assert isinstance(make_index(384, 100_000), BinaryIndex)
    assert isinstance(make_index(384, 10, kind="exact"), ExactIndex)
    with pytest.raises(ValueError):
        make_index(384, 10, kind="faiss")
