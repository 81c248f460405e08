"""Workers: background tasks on huey — refresh a source, process an item, schedule due sources.

SQLite-backed huey in the embedded setup (consumed inside `mynews serve`), Redis-backed with
`mynews worker` processes when MYNEWS_REDIS_URL is set. Tasks call services; nothing else.
"""
