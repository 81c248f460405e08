"""Store: the only package that knows SQLAlchemy. Models, repositories, Alembic migrations, and the
few dialect differences (SQLite vs PostgreSQL) in ``dialect.py``.

Repositories take a Session and never commit: the services layer owns transactions.
Must not import ingest, enrich, stories, rank, services or anything above.
"""
