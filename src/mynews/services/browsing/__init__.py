"""Finding one's way through the news: search, a story's full coverage, entity and topic pages,
and the operator's rule topics."""
