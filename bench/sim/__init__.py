"""The reader simulator's parts: the labelled news (corpus), the served instance (instance), the
simulated readers and their click model (readers), the baselines and metrics (metrics, tables)."""
