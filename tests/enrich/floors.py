"""Read and write the shared quality floors file (tests/data/quality_floors.json).

Each engineer owns keys with their own prefix; this module only touches the keys it is given.
"""

from __future__ import annotations

import json
from pathlib import Path

FLOORS = Path(__file__).resolve().parent.parent / "data" / "quality_floors.json"


def floor(key: str) -> float:
    return float(json.loads(FLOORS.read_text("utf-8"))[key])


def pin(values: dict[str, float]) -> None:
    """Read-modify-write: set ``values`` and keep every other key as it is."""
    current = json.loads(FLOORS.read_text("utf-8")) if FLOORS.exists() else {}
    current.update(values)
    FLOORS.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n", "utf-8")
