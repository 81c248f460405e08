"""Stories: fingerprints, near-duplicate detection and clustering articles into events (a
``stories`` row) and events into storylines.

Pure functions on core types and numpy vectors; must not import store, services, web or enrich
(vectors arrive as arrays). Modules:

- ``fingerprints``: ``fingerprint(body) -> Fingerprint`` (128-value MinHash, 512 bytes + the
  shingle count + the numbers written), ``similarity`` (estimated Jaccard), ``containment``,
  ``numbers_changed``.
- ``dedup``: ``DuplicateIndex`` (LSH bands + vectors): ``add``, ``query``, ``check`` ->
  ``DuplicateDecision(duplicate_of, score, method)``; thresholds in ``DedupParams``.
- ``neighbours``: ``ExactIndex`` (numpy, the default), ``HnswIndex`` (usearch, optional),
  ``make_index``.
- ``specificity``: ``EntityIdf`` (how specific an entity is over the recent window) and
  ``weighted_overlap``.
- ``clustering``: events: ``assign_story``, ``new_story``, ``add_to_story``, ``cluster_period``;
  ``StoryInput``, ``StoryState``, ``StoryDecision``, ``StoryParams``.
- ``storylines``: ``assign_storyline``, ``new_storyline``, ``add_event``, ``add_article``.
- ``replay``: a period replayed into events and storylines exactly as ingestion decides.
- ``storyline_labels``: ``label_storyline`` (a noun phrase most of its events' headlines share,
  else its most central specific entities), ``headline_phrase``.
- ``drift``: ``split_story`` for stories that drifted apart.
- ``labels``: ``label_story`` (most central headline, shortened), ``representative``.
- ``quality``: ``pairwise`` and ``bcubed`` precision/recall against hand labels.
"""
