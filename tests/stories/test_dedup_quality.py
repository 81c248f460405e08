"""Near-duplicate detection on the labelled set of tests/stories/dedup_cases.py and on a
replay of both corpora (671 distinct real articles: none may be folded into another)."""

from __future__ import annotations

import pytest

from mynews.enrich.embeddings import get_embedder
from mynews.stories.dedup import DuplicateIndex
from mynews.stories.fingerprints import fingerprint

from .conftest import floor
from .corpus import globalvoices, wikinews
from .dedup_eval import evaluate

pytestmark = pytest.mark.slow


def test_dedup_precision_and_recall_floors() -> None:
    result = evaluate()
    recall_by_kind = {kind: result.found[kind] / total for kind, total in result.total.items()}
    print(f"dedup recall {result.recall:.3f} precision {result.precision:.3f}; by kind {recall_by_kind}")
    print(f"false positives {dict(result.false_positives)} among negatives {dict(result.negatives)}")
    assert result.recall >= floor("dedup_recall")
    assert result.precision >= floor("dedup_precision")
    assert sum(result.negatives.values()) >= 800
    for kind in ("new_headline", "trimmed", "wire", "light_edits", "boilerplate", "combined"):
        assert recall_by_kind[kind] == 1.0, kind


def test_replay_of_distinct_articles_folds_nothing() -> None:
    articles = sorted([*globalvoices(), *wikinews()], key=lambda a: a.published)
    vectors = get_embedder("all-MiniLM-L6-v2").embed([a.lead for a in articles])
    index = DuplicateIndex()
    folded = []
    for article, vector in zip(articles, vectors, strict=True):
        fp = fingerprint(article.body)
        decision = index.check(fp, vector)
        if decision.duplicate_of is not None:
            folded.append((article.id, decision))
        index.add(article.id, fp, vector)
    assert folded == []
    assert len(index) == len(articles)
