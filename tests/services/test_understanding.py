"""Understanding stored articles end to end on real corpus articles: entities, topics, vectors,
near-duplicates, stories, search, rule topics, re-clustering and re-embedding."""

from __future__ import annotations

import pytest

from mynews.services.browsing.entities import entity
from mynews.services.browsing.search import Filters, search, search_stories
from mynews.services.browsing.stories import recent_stories, story
from mynews.services.browsing.topics import list_topics, save_rule, topic
from mynews.services.context import Context
from mynews.services.ingestion import corpus
from mynews.services.ingestion.processing import process_batch
from mynews.services.ingestion.push import PushedArticle, create_push_source, push
from mynews.services.reading.articles import article, article_context
from mynews.services.understanding.rebuild import recluster, reembed

pytestmark = pytest.mark.slow

GREEK = ["318395", "318391", "318409", "318421", "322177"]
PUTIN = ["319029", "319031", "319523", "320315", "322112", "319931"]
OTHERS = ["316447", "316371", "316665", "317556"]


def _guid(post: str) -> str:
    return f"http://globalvoicesonline.org/?p={post}"


@pytest.fixture
def understood(ctx: Context) -> Context:
    ctx.settings.enrich_enabled = True
    ids = corpus.load(ctx, guids={_guid(p) for p in GREEK + PUTIN + OTHERS})
    assert len(ids) == 15
    process_batch(ctx, ids)
    return ctx


def _ids(ctx: Context, posts: list[str]) -> list[int]:
    from mynews.store import articles

    with ctx.db.reading() as s:
        return [a.id for p in posts if (a := articles.find(s, url=None, guid_key=_guid(p))) is not None]


def test_entities_topics_and_stories_are_stored(understood: Context) -> None:
    ctx = understood
    greek = _ids(ctx, GREEK)
    entities, topics = article_context(ctx, greek[0])
    assert any(e.key == "place:greece" for e in entities)
    assert any(t.kind == "iptc" for t in topics) and any(t.key == "section:elections" for t in topics)
    keys = {t.key for t in list_topics(ctx)}
    assert "iptc:politics" in keys and "section:politics" not in keys  # "Politics" is the IPTC subject
    assert all(t.name[:1].isupper() for t in list_topics(ctx, kind="iptc"))
    greece = entity(ctx, "place:greece")
    assert greece.article_count >= 4 and greece.kind == "place"

    # measured clustering recall on Global Voices is ~0.5 pairwise (tests/stories): the Moscow
    # protests hold together better than the Greek election posts, which span several angles
    for posts, together in ((GREEK, 2), (PUTIN, 3)):
        members = [article(ctx, i).story_id for i in _ids(ctx, posts)]
        largest = max(set(members), key=members.count)
        assert members.count(largest) >= together
    full = story(ctx, largest)  # type: ignore[arg-type]
    assert (
        full.size >= 3 and full.label and full.timeline == sorted(full.timeline, key=lambda a: a.published_at)
    )
    assert any(s.id == largest for s in recent_stories(ctx))
    # an entity page lists the stories of more than one article, never a lone article's
    # headline a second time (its recent articles show it)
    sizes = {sid: story(ctx, sid).size for sid, _, _ in greece.stories}
    lone = [a.story_id for a in greece.articles if a.story_id and story(ctx, a.story_id).size == 1]
    assert lone and sizes and all(size >= 2 for size in sizes.values())
    assert not {article(ctx, i).story_id for i in greek} & set(members)
    assert len({article(ctx, i).story_id for i in _ids(ctx, OTHERS)}) == len(OTHERS)


def test_a_republished_copy_folds_under_the_original(understood: Context) -> None:
    ctx = understood
    original = article(ctx, _ids(ctx, GREEK)[0])
    _, token = create_push_source(ctx, "Aggregator Daily")
    (copy,) = push(
        ctx,
        token,
        [PushedArticle(title="Greece votes: what the bloggers say", id="copy-1", text=original.text)],
    )
    stored = article(ctx, copy.article_id)
    assert stored.duplicate_of_id == original.id
    assert stored.story_id == original.story_id


def test_search_merges_words_and_meaning_with_filters(understood: Context) -> None:
    ctx = understood
    greek = set(_ids(ctx, GREEK))
    hits = search(ctx, "Greek elections").hits
    assert hits and hits[0].article.id in greek
    meaning_only = search(ctx, "voters in Athens chose a new parliament").hits
    assert any(h.article.id in greek and "meaning" in h.matched for h in meaning_only)
    filtered = search(ctx, "elections", Filters(entity_key="place:russia")).hits
    assert all(h.article.id not in greek or "russia" in h.article.text.lower() for h in filtered)

    # for people: a story shows once, led by its best article, with the others that match and
    # its sources; what to narrow to comes with names; nonsense finds nothing
    putin = set(_ids(ctx, PUTIN))
    articles_found = [h.article for h in search(ctx, "Putin protests in Moscow", limit=50).hits]
    page = search_stories(ctx, "Putin protests in Moscow")
    stories_found = [r.story_id for r in page.results if r.story_id is not None]
    assert len(stories_found) == len(set(stories_found)) and page.articles == len(articles_found)
    biggest = max(page.results, key=lambda r: r.matching)
    assert biggest.matching >= 3 and biggest.lead.id in putin
    assert len(biggest.others) == min(3, biggest.matching - 1) and biggest.sources == ("Global Voices",)
    assert sum(r.matching for r in page.results) == page.articles
    assert any(f.kind == "entity" and f.name == "Vladimir Putin" for f in page.facets)
    narrowed = search_stories(ctx, "protests", Filters(entity_key="person:vladimir-putin"))
    assert narrowed.names == {"entity": "Vladimir Putin"} and narrowed.results
    assert all(f.key != "person:vladimir-putin" for f in narrowed.facets)
    for offered in (page.facets, narrowed.facets):  # each name once
        assert len({f.name.casefold() for f in offered}) == len(offered)
    # a facet every result has would narrow nothing: Global Voices, the one source, is not offered
    assert page.articles >= 3 and all(f.count < page.articles for f in page.facets)
    assert not any(f.kind == "source" for f in page.facets)
    assert search_stories(ctx, "zzzxqqq").results == []


def test_rule_topics_are_applied_to_stored_articles(understood: Context) -> None:
    ctx = understood
    ref = save_rule(ctx, "Russian politics", entities=["Vladimir Putin"], keywords=["Kremlin"])
    assert ref.key == "rule:russian-politics" and ref.article_count >= 3
    members = {a.id for a in topic(ctx, ref.key).articles}
    assert members & set(_ids(ctx, PUTIN)) and not members & set(_ids(ctx, GREEK))
    assert any(t.key == ref.key for t in list_topics(ctx, kind="rule"))


def test_recluster_and_reembed_rebuild_from_stored_data(understood: Context) -> None:
    from datetime import UTC, datetime

    ctx = understood
    made = recluster(ctx, datetime(2012, 5, 1, tzinfo=UTC), datetime(2012, 5, 31, tzinfo=UTC))
    assert 3 <= made < 15
    putin = _ids(ctx, PUTIN)
    assert len({article(ctx, i).story_id for i in putin}) < len(putin)
    assert reembed(ctx) == 15


def test_an_aggregator_keeps_its_copies_unfolded(understood: Context) -> None:
    from mynews.services.ingestion.catalog import configure_source

    ctx = understood
    original = article(ctx, _ids(ctx, GREEK)[0])
    source_id, token = create_push_source(ctx, "Planet Aggregator")
    assert configure_source(ctx, source_id, aggregator=True).aggregator
    (copy,) = push(ctx, token, [PushedArticle(title="Copied", id="agg-1", text=original.text)])
    assert article(ctx, copy.article_id).duplicate_of_id is None
