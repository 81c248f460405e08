"""API: the JSON API under /api/v1 (OpenAPI at /api/docs). Calls services; never the store."""
