"""mynews: a self-hostable personalised news feed.

Layers (higher imports lower, never the reverse; see docs/architecture.md):
cli -> app -> web|api|workers -> http -> services -> ingest|enrich|stories|rank|store -> core.
Importing this package is cheap: heavy libraries load inside the functions that use them.
"""

__version__ = "0.1.0"
