"""Enrich: language, entities (spaCy), topics and embeddings (sentence-transformers), and the
parts of speech of a headline (``headline_words``, for naming storylines).

Heavy libraries are imported inside functions. Must not import store or services.
"""
