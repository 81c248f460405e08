"""Key codes and the window-at-once matching built on them give what matching one candidate and
one key at a time gives (real Global Voices articles as candidates)."""

import math
from dataclasses import replace

from mynews.rank import keycodes
from mynews.rank.keycodes import KeyCodes
from mynews.rank.matching import KeyIndex, WindowCodes, feedbacks
from mynews.rank.profile import Key, ReaderProfile
from mynews.rank.scoring import _followed, follow_shares, follow_strengths
from mynews.rank.weights import load_weights
from tests.rank import gv_corpus as gv


def candidates():
    return [gv.candidate(a, with_vector=False) for a in gv.held_out()][:300]


def test_codes_are_equal_exactly_for_equal_keys():
    table = KeyCodes()
    keys = [("topic", "iran"), ("entity", "iran"), ("topic", "iran"), ("source", "7")]
    codes = table.codes(keys).tolist()
    assert codes[0] == codes[2] and len({codes[0], codes[1], codes[3]}) == 3
    assert table.codes([("entity", "iran")]).tolist() == [codes[1]]


def test_a_candidate_is_coded_again_under_a_new_table():
    c = candidates()[0]
    old, new = KeyCodes(), KeyCodes()
    new.codes([("topic", "something else first")])
    liked_old, _ = c.codes(old)
    liked_new, _ = c.codes(new)
    assert liked_new.tolist() == new.codes(c.liked_keys).tolist() != liked_old.tolist()
    assert c.match_code_bytes(new) == new.codes(c.match_keys).tobytes() != c.match_code_bytes(old)


def test_a_window_flat_is_its_candidates_codes_one_after_another():
    import numpy as np

    cands = candidates()
    table = keycodes.current()
    flat, owner = WindowCodes(cands, table).matched
    assert flat.tolist() == np.concatenate([c.codes(table)[1] for c in cands]).tolist()
    assert owner.tolist() == [i for i, c in enumerate(cands) for _ in c.match_keys]
    empty, none = WindowCodes([], table).matched
    assert empty.dtype == np.int64 and len(empty) == len(none) == 0


def test_carried_is_what_matching_each_candidate_finds():
    cands = candidates()
    common = [k for c in cands[:40] for k in c.match_keys]
    follows = {k: k[1] for k in common[::7]}
    index = KeyIndex.of(follows)
    profile = ReaderProfile(follows=follows)
    table = keycodes.current()
    carried = WindowCodes(cands, table).carried(profile.follow_codes(table))
    expected = {i: m for i, c in enumerate(cands) if (m := index.matches(c))}
    assert carried == expected and carried


def _feedback_one_by_one(profile: ReaderProfile, cands, topic_share: float) -> list[float]:
    """The reference: count every key of the window, scale the reader's affinities, then per
    candidate the strongest liked plus the strongest disliked key."""
    counts: dict[Key, int] = {}
    for c in cands:
        for k in c.liked_keys:
            counts[k] = counts.get(k, 0) + 1
    log_total = math.log(len(cands))
    out = []
    for c in cands:
        best, worst = 0.0, 0.0
        for k in c.liked_keys:
            if k not in profile.affinity:
                continue
            v = (
                profile.affinity[k]
                * (1.0 - math.log(counts[k]) / log_total)
                * (topic_share if k[0] == "topic" else 1.0)
            )
            if v > best:
                best = v
            elif v < worst:
                worst = v
        out.append(max(-1.0, min(1.0, best + worst)))
    return out


def test_feedbacks_for_the_whole_window_are_those_one_candidate_at_a_time():
    cands = candidates()
    keys = sorted({k for c in cands for k in c.liked_keys})
    # liked and disliked keys, strong and weak; a topic on every candidate scales to 0
    affinity = {k: (-1) ** i * ((i % 9) + 1) / 10 for i, k in enumerate(keys[::3])}
    everywhere = ("topic", "on every candidate")
    cands = [replace(c, topics=(*c.topics, everywhere[1])) for c in cands]
    affinity[everywhere] = -0.7
    profile = ReaderProfile(affinity=affinity)
    got = feedbacks(profile, WindowCodes(cands, keycodes.current()), 0.3).tolist()
    want = _feedback_one_by_one(profile, cands, 0.3)
    assert [repr(x) for x in got] == [repr(x) for x in want]  # to the last bit, and the sign of 0
    assert any(x > 0 for x in got) and any(x < 0 for x in got)


def _followed_one_by_one(profile: ReaderProfile, cands, window, weights, quiet):
    """The reference: each candidate's follows found key by key (``KeyIndex.matches``), then
    ``follow_shares`` and ``follow_strengths`` as they were before codes."""
    index = KeyIndex.of(profile.follows)
    matched = {i: m for i, c in enumerate(cands) if (m := index.matches(c))}
    news = set(window)
    share = follow_shares([m for i, m in matched.items() if i in news], len(window))
    share.update(dict.fromkeys(quiet, 1.0))
    strengths = follow_strengths(list(matched.values()), share, weights)
    follow = [0.0] * len(cands)
    for i, (strength, _) in zip(matched, strengths, strict=True):
        follow[i] = strength
    return follow, {i: keys for i, (_, keys) in zip(matched, strengths, strict=True)}, share


def test_follow_strengths_for_the_whole_window_are_those_one_candidate_at_a_time():
    weights = load_weights()
    cands = candidates()
    counts: dict[Key, int] = {}
    for c in cands:
        for k in c.match_keys:
            counts[k] = counts.get(k, 0) + 1
    common = sorted(counts, key=lambda k: (-counts[k], k))
    # broad and narrow keys of every kind the window has, several on one candidate, a kind
    # without a weight, and a key on no candidate
    follows = {k: k[1] for k in common[:12] + common[40:200:9]}
    follows[("topic", "on no candidate")] = "none"
    follows[("author", "nobody")] = "nobody"
    profile = ReaderProfile(follows=follows)
    window = list(range(0, len(cands), 2))  # a news window that is not every candidate
    quiet = frozenset({common[3], ("entity", "quiet and absent")})
    coded = WindowCodes(cands, keycodes.current())
    got = _followed(profile, coded, window, weights, quiet)
    want = _followed_one_by_one(profile, cands, window, weights, quiet)
    assert [repr(x) for x in got[0].tolist()] == [repr(x) for x in want[0]]  # to the last bit
    assert got[1] == want[1] and got[2] == want[2]
    assert any(len(keys) > 1 for keys in got[1].values())  # keys ordered strongest first
    assert len({x for x in got[0].tolist() if x > 0}) >= 3  # several kinds and shares
