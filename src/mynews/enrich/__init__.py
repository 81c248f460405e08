"""Enrich: language, entities (spaCy), topics and embeddings (sentence-transformers).

Heavy libraries are imported inside functions. Must not import store or services.
"""
