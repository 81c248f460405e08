"""The labelled news the simulator replays: Wikipedia "Current events" items (CC BY-SA 4.0,
copied in bench/data and, January only, tests/data), one day at a time.

An item becomes a pushed article: title = its first sentence, text = the whole item, one push
source per citing outlet (the most frequent outlets; the rest share "Other outlets"), published
at a time spread over its day. Its labels (category, storyline = top heading) stay hidden from
the instance: only the simulated readers' interests use them.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FULL = ROOT / "bench" / "data" / "wikipedia-current-events-2025h1" / "items.jsonl"
SMALL = ROOT / "tests" / "data" / "stories" / "wikipedia-current-events-2025h1" / "items.jsonl"
OTHER = "Other outlets"


@dataclass(frozen=True)
class Item:
    id: str
    day: date
    index: int
    category: str
    storyline: str | None  # top heading
    event: str | None  # leaf heading
    text: str
    outlet: str

    @property
    def title(self) -> str:
        first = re.split(r"(?<=[.!?])\s+(?=[A-Z])", self.text, maxsplit=1)[0]
        return first if len(first) <= 200 else first[:197].rsplit(" ", 1)[0] + "…"


def load(path: Path | None = None, *, renames: bool = True) -> list[Item]:
    """Every item of the file (the full copy when it is there, else the tests' January).
    ``renames``: a storyline is one name whatever reviewed title or case heads it
    (tests/data/stories/storyline_renames.json: the editors head the same Ukraine items
    "Russian invasion of Ukraine" and "Russo-Ukrainian War"); False keeps headings as written."""
    from tests.stories.current_events import storyline_namer

    path = path or (FULL if FULL.exists() else SMALL)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    namer = storyline_namer([r.get("top_story") for r in rows]) if renames else (lambda heading: heading)
    items = []
    for r in rows:
        items.append(
            Item(
                id=r["id"],
                day=date.fromisoformat(r["date"]),
                index=int(r["index"]),
                category=r["category"],
                storyline=namer(r.get("top_story")),
                event=r.get("leaf_story"),
                text=r["text"],
                outlet=(r.get("outlets") or [OTHER])[0],
            )
        )
    return sorted(items, key=lambda i: (i.day, i.index))


def between(items: list[Item], start: date, end: date) -> list[Item]:
    return [i for i in items if start <= i.day <= end]


def outlets(items: list[Item], top: int) -> list[str]:
    """The ``top`` most frequent outlets (each gets a push source), then "Other outlets"."""
    return [name for name, _ in Counter(i.outlet for i in items).most_common(top)] + [OTHER]


def published_at(item: Item, per_day: int) -> datetime:
    """Items are spread over 06:00..22:00 of their day, in page order."""
    start = datetime(item.day.year, item.day.month, item.day.day, 6, tzinfo=UTC)
    return start + timedelta(minutes=960 * item.index / max(1, per_day))


def read_at(day: date) -> datetime:
    """When readers open the app: late on the day, after all its news."""
    return datetime(day.year, day.month, day.day, 22, 30, tzinfo=UTC)


def payload(item: Item, per_day: int) -> dict[str, object]:
    return {
        "id": f"wcep-{item.id}",
        "url": f"https://en.wikipedia.org/wiki/Portal:Current_events/{item.day.isoformat()}/item-{item.index}",
        "title": item.title,
        "text": item.text,
        "published": published_at(item, per_day).isoformat(),
        "language": "en",
    }
