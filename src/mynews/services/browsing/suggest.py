"""Use case: type-ahead — entities, topics and sources whose name contains what the reader typed,
with a human label and the page each leads to."""

from __future__ import annotations

from dataclasses import dataclass

from mynews.services.context import Context
from mynews.store import suggestions

KIND_LABELS = {"person": "Person", "org": "Organisation", "place": "Place", "misc": "Name"}
TOPIC_LABELS = {"iptc": "Subject", "section": "Label", "rule": "Curated topic"}


@dataclass(frozen=True)
class Suggestion:
    kind: str  # entity, topic, source
    key: str
    name: str
    count: int
    label: str
    href: str


def suggest(ctx: Context, text: str, limit: int = 8) -> list[Suggestion]:
    text = " ".join(text.split())[:80]
    if len(text) < 2:
        return []
    with ctx.db.reading() as session:
        rows = suggestions.by_name(session, text, limit)
    return [_suggestion(kind, key, name, count) for kind, key, name, count in rows]


def _suggestion(kind: str, key: str, name: str, count: int) -> Suggestion:
    prefix = key.split(":", 1)[0]
    if kind == "entity":
        return Suggestion(kind, key, name, count, KIND_LABELS.get(prefix, "Name"), f"/entities/{key}")
    if kind == "topic":
        return Suggestion(kind, key, name, count, TOPIC_LABELS.get(prefix, "Topic"), f"/topics/{key}")
    return Suggestion(kind, key, name, count, "Source", f"/search?q={name}")
