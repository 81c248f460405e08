"""Rank: reader profiles, candidate scoring, diversity and the reasons shown on each card.

Pure functions on frozen dataclasses; weights live in data (``rank/data/weights.json``).
What ranking derives from a ``Candidate`` or a ``ReaderProfile`` alone is memoized on it (the
services layer keeps both between requests), and keys are matched for a whole window at once on
integer codes from a process-wide table (``mynews.rank.keycodes``); neither changes a result.
Must not import store, services or any mynews package other than core. Entry points:

- ``build_profile(follows, mutes, signals, vectors_by_article, article_keys_by_id, now, weights)``
  → ``ReaderProfile`` (``mynews.rank.profile``);
- ``rank_for_you(profile, candidates, *, now, weights, limit, seed, exclude)`` → ``list[Card]``
  (``mynews.rank.for_you``), paged with ``FeedCursor`` (``mynews.rank.pagination``);
- ``rank_top_stories(stories, *, now, weights)`` → ``list[TopStory]`` (``mynews.rank.top_stories``);
- ``load_weights()`` (``mynews.rank.weights``); ``ndcg_at_k`` (``mynews.rank.quality``).
"""
