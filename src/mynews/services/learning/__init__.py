"""Use cases for the ranker that learns: train a model from the served log and what readers did
(``train``), and the current model every feed request applies (``models``)."""
