"""Getting the news in: sources and their health, fetching, feed refreshes and the schedule,
publisher pushes, files and the demo corpus, and processing a stored item into a ready article
(full text, sanitising, then understanding). Operators and publishers drive these."""
