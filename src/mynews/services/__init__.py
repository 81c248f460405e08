"""Services: the use cases. The only layer that joins store with the domain steps (ingest, enrich,
stories, rank); it owns transactions (one unit of work per use case) and sends tasks after commit.

Called alike by the CLI, the web pages, the JSON API and the task workers.
"""
