"""Stories: fingerprints, near-duplicate detection and clustering articles into stories.

Pure functions on core types and vectors. Must not import store or services.
"""
