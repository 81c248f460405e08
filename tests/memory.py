"""The test process's resident memory: its peak while something runs (Linux /proc)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {field} in /proc/self/status")


def peak_growth_mb(run: Callable[[], T]) -> tuple[T, float]:
    """Run ``run`` and return its result and how far the process's peak RSS rose above the RSS
    before it, in MB (the peak is reset first, so earlier tests do not count)."""
    Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    before = _status_kb("VmRSS")
    result = run()
    return result, (_status_kb("VmHWM") - before) / 1024
