"""What a reader reads: the latest articles and one article in full, and the three feeds (For you,
Following, Top stories) built from the store's candidates and the reader's profile."""
