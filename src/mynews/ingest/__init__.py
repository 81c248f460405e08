"""Ingest: fetch (the only HTTP client), feed parsing, page extraction, scraped-text parsing,
URL canonicalisation, OPML and HTML sanitising. Pure steps on core types.

Must not import store, services or anything above; never SQLAlchemy.
"""
