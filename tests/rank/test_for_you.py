"""For you on real Global Voices articles (no vectors here: those tests are in test_learning)."""

from dataclasses import replace
from datetime import timedelta

from mynews.rank.candidates import Card
from mynews.rank.for_you import rank_for_you
from mynews.rank.pagination import FeedCursor
from mynews.rank.profile import ReaderProfile
from mynews.rank.reasons import NEWS_FACTS
from mynews.rank.weights import load_weights, weights_from_dict
from tests.rank import gv_corpus as gv

WEIGHTS = load_weights()


def candidates():
    return [gv.candidate(a, with_vector=False) for a in gv.held_out()]


def all_pages(profile, cands, limit=30, seed=1):
    cursor, pages = FeedCursor(gv.NOW, seed), []
    while True:
        page = rank_for_you(
            profile,
            cands,
            now=cursor.as_of,
            weights=WEIGHTS,
            limit=limit,
            seed=cursor.seed,
            exclude=cursor.shown,
        )
        if not page:
            return pages
        pages.append(page)
        cursor = FeedCursor.decode(cursor.next(page).encode())


def ids(cards: list[Card]) -> list[int]:
    return [c.article_id for c in cards]


def test_pages_never_repeat_and_cover_the_window():
    cands = candidates()
    pages = all_pages(ReaderProfile(), cands)
    seen = [i for page in pages for i in ids(page)]
    assert len(seen) == len(set(seen)) == len(cands)
    assert all(len(page) == 30 for page in pages[:-1])


def test_muted_topics_authors_and_keywords_never_show():
    cands = candidates()
    mutes = {("topic", "sport"): "Sport", ("author", "mong"): "mong", ("keyword", "china"): "china"}
    profile = ReaderProfile(mutes=mutes, follows={("topic", "sport"): "Sport"})  # mute wins over follow
    shown = [c for page in all_pages(profile, cands) for c in page]
    by_id = {c.article_id: c for c in cands}
    assert shown
    for card in shown:
        c = by_id[card.article_id]
        assert "sport" not in c.topics and c.author != "mong" and "china" not in c.text.lower()
    hidden = [c for c in cands if "sport" in c.topics or c.author == "mong" or "china" in c.text.lower()]
    assert len(shown) == len(cands) - len(hidden) and hidden


def test_a_followed_topic_with_a_fresh_article_is_on_the_first_page():
    # At ``now`` more than thirty articles are newer than every Zambia article: without the
    # reserved slot none would make the first page on freshness alone.
    cands = candidates()
    fresh = timedelta(hours=WEIGHTS.freshness.fresh_hours - 1)
    zambia = [c for c in cands if "zambia" in c.topics]
    now = next(
        z.published + fresh
        for z in sorted(zambia, key=lambda c: c.published)
        if sum(z.published < c.published <= z.published + fresh for c in cands) > 30
        and not any(z.published < y.published <= z.published + fresh for y in zambia)
    )
    window = [c for c in cands if c.published <= now]
    # follows barely count in the score, and no exploration card can bring Zambia in by chance
    light = weights_from_dict({"score": {"follow": 0.01}, "diversity": {"exploration_share": 0.0}})
    profile = ReaderProfile(follows={("topic", "zambia"): "Zambia"})
    page = rank_for_you(profile, window, now=now, weights=light, limit=30)
    cards = [c for c in page if "zambia" in next(w for w in window if w.article_id == c.article_id).topics]
    assert cards and cards[0].reasons[0] == "You follow Zambia"
    no_follow = rank_for_you(ReaderProfile(), window, now=now, weights=light, limit=30)
    assert not {z.article_id for z in zambia} & set(ids(no_follow))


def test_one_card_per_story_the_best_represents_it():
    cands = candidates()
    story = sorted(cands, key=lambda c: c.published)[-5:]  # the five newest: one story of 12 sources
    story_ids = {c.article_id for c in story}
    cands = [
        replace(c, story_id=99, story_sources=12, story_size=14, story_growth=5)
        if c.article_id in story_ids
        else c
        for c in cands
    ]
    page = rank_for_you(ReaderProfile(), cands, now=gv.NOW, weights=WEIGHTS, limit=30)
    story_cards = [c for c in page if c.story_id == 99]
    assert len(story_cards) == 1
    card = story_cards[0]
    assert {card.article_id, *card.folded} == story_ids
    assert card.article_id == max(story, key=lambda c: c.published).article_id
    assert "Developing: 12 sources" in card.reasons
    assert not story_ids & set(ids(page)) - {card.article_id}


def test_caps_per_topic_and_per_source_and_a_quiet_source_is_no_reason():
    cands = candidates()
    by_author = {}
    for c in cands:
        by_author.setdefault(c.author, []).append(c)
    quiet = min(cands, key=lambda c: c.published)  # the oldest article, from a quiet source
    cands = [
        replace(c, source_id=c.author or "?", source_name=c.author)
        if c is not quiet
        else replace(c, source_id="quiet", source_name="Quiet Press")
        for c in cands
    ]
    page = rank_for_you(ReaderProfile(), cands, now=gv.NOW, weights=WEIGHTS, limit=30)
    topic_cap = -(-30 * WEIGHTS.diversity.topic_cap_share // 1)
    source_cap = -(-30 * WEIGHTS.diversity.source_cap_share // 1)
    by_id = {c.article_id: c for c in cands}
    topics = [by_id[c.article_id].topics[0] for c in page if by_id[c.article_id].topics]
    sources = [by_id[c.article_id].source_id for c in page]
    assert max(topics.count(t) for t in topics) <= topic_cap
    assert max(sources.count(s) for s in sources) <= source_cap
    components = {c.article_id: c.components for c in page}
    prolific = max(by_author, key=lambda a: len(by_author[a]))
    assert all(
        components[c.article_id]["rare_source"] == 0
        for c in page
        if by_id[c.article_id].source_id == prolific
    )
    last = all_pages(ReaderProfile(), cands)
    quiet_card = next(c for page in last for c in page if c.article_id == quiet.article_id)
    assert quiet_card.components["rare_source"] == WEIGHTS.score.rare_source
    # being a quiet source is no reason: the simulator found such cards wanted 0% of the time
    assert not any(r.endswith("Quiet Press") for r in quiet_card.reasons)


def test_exploration_is_seeded_and_explained():
    cands = candidates()
    first = rank_for_you(ReaderProfile(), cands, now=gv.NOW, weights=WEIGHTS, limit=30, seed=7)
    again = rank_for_you(ReaderProfile(), cands, now=gv.NOW, weights=WEIGHTS, limit=30, seed=7)
    assert ids(first) == ids(again)
    explored = [c for c in first if c.explored]
    expected = 30 * WEIGHTS.diversity.exploration_share
    assert int(expected) <= len(explored) <= int(expected) + 1
    # explored cards close their part of the page (the top 10, the rest), and carry the chance
    # they were put there
    top = WEIGHTS.freshness.top
    pages = [
        rank_for_you(ReaderProfile(), cands, now=gv.NOW, weights=WEIGHTS, limit=30, seed=s) for s in range(20)
    ]
    exploring = [p for p in pages if any(c.explored for c in p)]
    assert exploring
    for page in exploring:
        for part in (page[:top], page[top:]):
            flags = [c.explored for c in part]
            assert flags == sorted(flags)
        assert all(0 < c.propensity < 1 for c in page if c.explored)
        # nothing is known of this reader: nothing on the page is picked for them, and no card
        # claims a reason about them (not even "Recent"): only facts of the news
        assert all(c.section == "more" for c in page)
        assert {d["kind"] for c in page for d in c.details} <= NEWS_FACTS
    others = {
        tuple(ids(rank_for_you(ReaderProfile(), cands, now=gv.NOW, weights=WEIGHTS, seed=s)))
        for s in range(5)
    }
    assert len(others) > 1
    no_explore = weights_from_dict({"diversity": {"exploration_share": 0.0}})
    plain = rank_for_you(ReaderProfile(), cands, now=gv.NOW, weights=no_explore, limit=30)
    assert not any(c.explored for c in plain)
    assert ids(plain) == ids(sorted(plain, key=lambda c: (-c.score, c.article_id)))


def test_cursor_round_trip_and_garbage():
    cursor = FeedCursor(gv.NOW, 42, frozenset({5, 316447, 17}), page=2)
    assert FeedCursor.decode(cursor.encode()) == cursor
    for junk in ("", "abc", "eyJ0IjoxfQ"):
        try:
            FeedCursor.decode(junk)
        except ValueError:
            continue
        raise AssertionError(junk)


def test_old_news_enters_the_top_only_as_the_latest_of_a_follow_within_a_week():
    from mynews.rank.candidates import Candidate

    now, day = gv.NOW, timedelta(days=1)

    def card(i: int, age: timedelta, **kw) -> Candidate:
        return Candidate(article_id=i, source_id=f"s{i}", published=now - age, text=f"item {i}", **kw)

    fresh = [card(i, timedelta(hours=i)) for i in range(1, 6)]
    followed = [card(10 + d, d * day, entities=("puntland",)) for d in (3, 4, 10)]  # 13, 14, 20
    storyline_old = card(40, 20 * day, storyline_id=7)  # the latest of a followed storyline
    stray_old = card(50, 3 * day)  # old and followed by nothing
    profile = ReaderProfile(follows={("entity", "puntland"): "Puntland", ("storyline", "7"): "Gaza war"})
    quiet = weights_from_dict({"diversity": {"exploration_share": 0.0}})
    page = rank_for_you(
        profile, [*fresh, *followed, storyline_old, stray_old], now=now, weights=quiet, limit=30
    )
    head = set(ids(page[:7]))
    # the newest Puntland card (3 days old) and the storyline's latest (20 days) are in the top;
    # the older Puntland cards (4 and 10 days) and the unfollowed old card only below it
    assert head == {1, 2, 3, 4, 5, 13, 40}
    assert set(ids(page[7:])) == {14, 20, 50}
    # past the week, even the latest of an entity follow stays out of the top
    later = rank_for_you(profile, [*fresh, followed[-1]], now=now, weights=quiet, limit=30)
    assert ids(later)[-1] == 20


def test_a_followed_storyline_puts_its_latest_in_the_top_not_its_back_catalogue():
    """The demo's reader who followed the 2020 US election storyline on 28 December got eight of
    its articles, May to November, as the top eight of For you, above this week's news and their
    Iran and China follows: every candidate of a followed storyline was let into the top whatever
    its age. Only its latest is; the rest of it waits below the top."""
    from mynews.rank.candidates import Candidate

    now, day = gv.NOW, timedelta(days=1)

    def card(i: int, age: timedelta, **kw) -> Candidate:
        return Candidate(article_id=i, source_id=f"s{i % 3}", published=now - age, text=f"item {i}", **kw)

    fresh = [card(i, timedelta(hours=i)) for i in range(1, 9)]
    campaign = [card(100 + m, (50 + 30 * m) * day, storyline_id=14, story_id=100 + m) for m in range(8)]
    iran = card(200, timedelta(hours=30), entities=("iran",))
    profile = ReaderProfile(follows={("storyline", "14"): "US election", ("entity", "iran"): "Iran"})
    quiet = weights_from_dict({"diversity": {"exploration_share": 0.0}})
    page = rank_for_you(profile, [*fresh, *campaign, iran], now=now, weights=quiet, limit=30)
    top = ids(page[:10])
    assert 100 in top and 200 in top  # the storyline's latest (50 days old) and the Iran follow
    assert not set(top) & {101, 102, 103, 104, 105, 106, 107}
    assert set(ids(page)) >= {101, 107}  # the rest of the storyline is still on the page, below


def test_on_a_quiet_instance_this_weeks_news_fills_the_top_not_a_bare_recent():
    """The demo (28 December 2020), a reader who had read six China and Iran articles: the last
    two days held one article, so the top's fill ("More news") stopped there and the
    next places went to 2-day-old news as "Recent", a reason a reader with history never gets
    in the top 10. This week's news now fills the top when the last two days cannot."""
    import numpy as np

    from mynews.rank.candidates import Candidate

    now, day = gv.NOW, timedelta(days=1)
    rng = np.random.default_rng(3)

    def card(i: int, age: timedelta) -> Candidate:
        v = rng.normal(size=8).astype(np.float32)
        return Candidate(
            article_id=i,
            source_id=f"s{i}",
            published=now - age,
            text=f"item {i}",
            vector=v / np.linalg.norm(v),
        )

    today = card(1, timedelta(hours=3))
    this_week = [card(2, 2.3 * day), card(3, 3.2 * day), card(4, 5 * day)]
    older = [card(10 + i, (9 + i) * day) for i in range(5)]
    liked = rng.normal(size=(2, 8)).astype(np.float32)
    liked /= np.linalg.norm(liked, axis=1, keepdims=True)
    profile = ReaderProfile(interests=liked, interest_weights=np.ones(2, dtype=np.float32))
    assert profile.has_history
    quiet = weights_from_dict({"diversity": {"exploration_share": 0.0}})
    page = rank_for_you(profile, [today, *this_week, *older], now=now, weights=quiet, limit=10)
    assert set(ids(page[:4])) == {1, 2, 3, 4}
    fill = [c for c in page if c.article_id in (2, 3, 4)]
    assert [c.section for c in fill] == ["more"] * 3 and not any(c.reasons for c in fill)
    # older news still follows below (it cannot be the fill); among the first ten it is "More
    # news" too, past them it says what it is: never "Recent"
    assert set(ids(page[4:])) == {10, 11, 12, 13, 14}
    assert all(c.section == "more" and not c.reasons for c in page[4:])
    oldest = [card(30 + i, (16 + i) * day) for i in range(6)]
    longer = rank_for_you(profile, [today, *this_week, *older, *oldest], now=now, weights=quiet, limit=30)
    assert len(longer) == 15
    # among the first ten, a card says a personal reason or none; past them, what it is
    assert all(c.section == "more" or c.reasons[0] == "Similar to what you read" for c in longer[:10])
    assert {c.reasons[0] for c in longer[10:]} == {"Earlier news"}
    assert "Recent" not in {r for c in page for r in c.reasons}


def test_below_the_top_follows_take_turns_not_the_rarest_name_first():
    """The demo's reader following Iran and China got 27 Iran cards of 30: with no news of either
    this week, every old Iran match (the rarer name, so the higher score) came before any China
    match. Follows now take turns in the places follows hold."""
    from mynews.rank.candidates import Candidate

    now, day = gv.NOW, timedelta(days=1)

    def card(i: int, age: timedelta, *entities: str) -> Candidate:
        return Candidate(
            article_id=i, source_id=f"s{i % 7}", published=now - age, text=f"item {i}", entities=entities
        )

    # this week's news: 80 cards, China on every 8th (so China is the commoner name, not broad)
    fresh = [card(i, timedelta(hours=i), *(("china",) if i % 8 == 0 else ())) for i in range(1, 81)]
    iran = [card(100 + d, (10 + d) * day, "iran") for d in range(12)]
    china = [card(200 + d, (10 + d) * day, "china") for d in range(12)]
    profile = ReaderProfile(follows={("entity", "iran"): "Iran", ("entity", "china"): "China"})

    def older(weights) -> list[str]:  # the follow named on each card past the fresh news
        page = rank_for_you(profile, [*fresh, *iran, *china], now=now, weights=weights, limit=120)
        return [c.reasons[0].removeprefix("You follow ") for c in page if c.article_id >= 100]

    shipped = replace(WEIGHTS, diversity=replace(WEIGHTS.diversity, exploration_share=0.0))
    by_score = older(
        replace(
            shipped,
            diversity=replace(shipped.diversity, follow_spread=0.0),
            freshness=replace(shipped.freshness, old_bucket_hours=1e9),  # no weeks: score alone
        )
    )
    assert by_score[:12] == ["Iran"] * 12  # what the demo showed
    spread = older(shipped)
    assert spread[:8].count("China") >= 2 and spread[:4] == ["Iran"] * 4  # the stronger follow leads
    assert sorted(spread) == sorted(by_score)  # the same places for follows, shared


def test_old_news_past_the_week_comes_newest_first_explained_before_the_rest():
    """The demo's reader following Iran, on the corpus's last day with little this week, had For
    you lead its old cards with 2012 Iran posts above 2019 and 2020 Iran news: freshness has
    decayed to nothing for all, so the follow match alone ordered them (the 2012 posts name Iran
    in their titles). Past the follow horizon, cards now come newest week first, those with a
    reason about the reader before the rest."""
    from mynews.rank.candidates import Candidate

    now, day = gv.NOW, timedelta(days=1)

    def card(i: int, age: timedelta, entities: tuple[str, ...]) -> Candidate:
        return Candidate(
            article_id=i, source_id=f"s{i}", published=now - age, text=f"item {i}", entities=entities
        )

    fresh = [card(i, timedelta(hours=i), ()) for i in range(1, 9)]  # Iran is no broad name
    fresh += [card(100 + i, (2 + i / 20) * day, ()) for i in range(90)]  # a quiet week
    # the 2012 posts name Iran first (a stronger match); the 2019–2020 news names it second
    old_posts = [card(10 + k, (3000 + k) * day, ("iran",)) for k in range(4)]
    news = [card(20 + k, (30 + 60 * k) * day, ("tehran", "iran")) for k in range(4)]  # 20 newest
    stray = [card(30 + k, (12 + k) * day, ()) for k in range(3)]  # old, nothing to do with Iran
    profile = ReaderProfile(follows={("entity", "iran"): "Iran"})
    quiet = weights_from_dict({"diversity": {"exploration_share": 0.0}})
    page = rank_for_you(profile, [*fresh, *old_posts, *news, *stray], now=now, weights=quiet, limit=120)
    old = [c.article_id for c in page if 10 <= c.article_id < 100]
    assert old == [20, 21, 22, 23, 10, 11, 12, 13, 30, 31, 32]  # newest first, explained first
    by_score = rank_for_you(
        profile,
        [*fresh, *old_posts, *news, *stray],
        now=now,
        weights=weights_from_dict(
            {"diversity": {"exploration_share": 0.0}, "freshness": {"old_bucket_hours": 1e9}}
        ),
        limit=120,
    )
    demo_order = [c.article_id for c in by_score if 10 <= c.article_id < 100][:4]
    assert demo_order != [20, 21, 22, 23]  # what the demo showed: a 2012 post next


def test_a_follow_is_measured_against_the_news_not_against_what_it_brought_in():
    """On the demo's quiet last day, the 30 newest Iran articles the follow brought in made
    "Iran" 12% of the candidates, over the 10% at which a name is too common to be a reason: the
    reader's own follow read as broad, so its cards lost their follow strength and reason. How
    common a key is now counts over the newest news (the ``recent`` generator) only."""
    from mynews.rank.candidates import Candidate
    from mynews.rank.scoring import score_candidates

    now, day = gv.NOW, timedelta(days=1)
    news = [
        Candidate(
            article_id=i,
            source_id=f"s{i % 9}",
            published=now - timedelta(hours=i),
            text=f"item {i}",
            entities=("iran",) if i % 25 == 0 else (),
            via=("recent",),
        )
        for i in range(1, 201)
    ]  # Iran on 8 of the 200 newest: 4%
    brought = [
        Candidate(
            article_id=1000 + k,
            source_id="s1",
            published=now - (20 + k) * day,
            text=f"old {k}",
            entities=("iran",),
            via=("followed_entity",),
        )
        for k in range(30)
    ]
    profile = ReaderProfile(follows={("entity", "iran"): "Iran"})
    scored = score_candidates(profile, [*news, *brought], now=now, weights=WEIGHTS)
    assert ("entity", "iran") not in scored[0].broad
    old = next(s for s in scored if s.candidate.article_id == 1000)
    page = rank_for_you(profile, [*news, *brought], now=now, weights=WEIGHTS, limit=260)
    assert next(c for c in page if c.article_id == 1000).reasons[0] == "You follow Iran"
    assert old.follows == (("entity", "iran"),)
    # the same candidates without generator tags (as tests and tiny instances have): all of them
    # are the window, and there Iran (38 of 230) is too common to name
    bare = [replace(c, via=()) for c in [*news, *brought]]
    assert ("entity", "iran") in score_candidates(profile, bare, now=now, weights=WEIGHTS)[0].broad
