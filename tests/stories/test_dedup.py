"""DuplicateIndex and the pair rule on real articles (vectors from the light hashing embedder)."""

from __future__ import annotations

from mynews.enrich.embeddings import get_embedder
from mynews.stories.dedup import DedupParams, DuplicateIndex, judge
from mynews.stories.fingerprints import fingerprint

from .corpus import globalvoices
from .dedup_cases import boilerplate, excerpt, new_headline, trimmed

ARTICLES = [a for a in globalvoices() if len(a.body.split()) > 300][:30]


def _index() -> DuplicateIndex:
    index = DuplicateIndex()
    vectors = get_embedder("hashing").embed([a.lead for a in ARTICLES])
    for article, vector in zip(ARTICLES, vectors, strict=True):
        index.add(article.id, fingerprint(article.body), vector)
    return index


def test_republished_copies_point_at_their_original() -> None:
    import random

    index = _index()
    rng = random.Random(1)
    for article in ARTICLES[:10]:
        for transform, method in ((new_headline, "shingles"), (boilerplate, "shingles"), (trimmed, None)):
            _, body = transform(article, rng)
            decision = index.check(fingerprint(body))
            assert decision.duplicate_of == article.id, (article.id, transform.__name__)
            assert method is None or decision.method == method


def test_an_excerpt_is_caught_by_containment() -> None:
    import random

    article = ARTICLES[0]
    _, body = excerpt(article, random.Random(0))
    decision = _index().check(fingerprint(body))
    assert (decision.duplicate_of, decision.method) == (article.id, "containment")


def test_a_different_article_is_not_a_duplicate() -> None:
    others = [a for a in globalvoices() if len(a.body.split()) > 300][30:40]
    index = _index()
    for article in others:
        decision = index.check(fingerprint(article.body))
        assert decision.duplicate_of is None
        assert decision.method == "none"


def test_vector_rule_needs_some_shared_wording() -> None:
    a, b = fingerprint(ARTICLES[0].body), fingerprint(ARTICLES[1].body)
    assert judge(a, b, cosine=0.99).method == "none"
    loose = DedupParams(vector_min_jaccard=0.0)
    assert judge(a, b, cosine=0.99, params=loose).method == "vector"


def test_query_ranks_the_original_first() -> None:
    body = ARTICLES[5].body
    hits = _index().query(fingerprint(body[: len(body) * 3 // 4]))
    assert hits[0][0] == ARTICLES[5].id
    assert hits[0][1] > 0.5
