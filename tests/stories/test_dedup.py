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


def test_a_short_item_with_a_new_count_is_the_next_news_not_a_duplicate() -> None:
    """Wikipedia Current events, 8 and 9 January 2025 (CC BY-SA 4.0): the second day's item was
    folded into the first as a duplicate and hidden from every feed of the reader simulator."""
    day_one = fingerprint("Israeli airstrikes across the Gaza Strip kill at least 27 people.")
    day_two = fingerprint("Israeli airstrikes across the Gaza Strip kill at least 22 people.")
    assert judge(day_two, day_one, 0.97).method == "none"
    # the same item again, or with a dateline's number added, is still one item
    again = fingerprint("Israeli airstrikes across the Gaza Strip kill at least 27 people.")
    assert judge(again, day_one, 0.99).method != "none"
    dated = fingerprint("9 January: Israeli airstrikes across the Gaza Strip kill at least 27 people.")
    assert judge(dated, day_one, 0.97).method != "none"
    # a long article's copy is judged by its wording whatever its numbers (wire updates)
    long = ARTICLES[0].body
    assert judge(fingerprint(long + " 1234"), fingerprint(long + " 5678"), None).method == "shingles"


def test_numbers_survive_storage_and_old_blobs_read_as_unknown() -> None:
    from mynews.services.understanding.similarity import pack_fingerprint, unpack_fingerprint

    fp = fingerprint("Airstrikes kill at least 27 people in 2025.")
    assert fp.numbers == ("2025", "27")
    assert unpack_fingerprint(pack_fingerprint(fp)) == fp
    old = pack_fingerprint(fp)[: 4 + len(fp.signature)]  # stored before numbers were kept
    assert unpack_fingerprint(old).numbers is None
    assert unpack_fingerprint(old).signature == fp.signature
