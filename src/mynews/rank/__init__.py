"""Rank: reader profiles, candidate scoring, diversity and the reasons shown on each card.

Pure functions; weights live in data. Must not import store or services.
"""
