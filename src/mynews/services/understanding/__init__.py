"""Understanding stored articles: entities, topics, vectors, near-duplicates and stories, the
process's similarity memory, story rows kept in step with their members, and the operators'
rebuilds (recluster, reembed). Called by ingestion's processing step and by operator commands."""
