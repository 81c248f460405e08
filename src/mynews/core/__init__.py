"""Core: the frozen dataclasses passed between pipeline steps, errors, settings and the clock.

Imports nothing else from mynews; every other package may import it.
"""
