"""App: the composition root. Settings -> database -> context -> task queue -> ASGI app or worker.

The only place that wires concrete implementations together.
"""
