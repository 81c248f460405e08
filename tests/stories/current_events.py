"""Wikipedia "Current events" 2025 items (CC BY-SA 4.0, see the LICENSE.md beside each copy: all
six months for bench, January for tests) replayed
day by day through the publisher push (the code path of ``POST /api/v1/articles/batch``: push,
then processing and understanding, with no section and no tags), and scored against the
editors' labels: events (leaf heading), storylines (top heading) and topics (category).

Used by the quality floors in tests/stories (one month) and by bench/stories_eval.py (all).
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MONTH = ROOT / "tests" / "data" / "stories" / "wikipedia-current-events-2025h1" / "items.jsonl"  # January
ALL = ROOT / "bench" / "data" / "wikipedia-current-events-2025h1" / "items.jsonl"

# The editors' categories as IPTC subjects (either of two is right for "Health and environment"):
# the reviewed map the topic classifier trains on (mynews/enrich/data/current_events_topics.json).
CATEGORY_TOPICS: dict[str, tuple[str, ...]] = {
    category: tuple(keys)
    for category, keys in json.loads(
        (ROOT / "src" / "mynews" / "enrich" / "data" / "current_events_topics.json").read_text("utf-8")
    )["map"].items()
}


RENAMES = ROOT / "tests" / "data" / "stories" / "storyline_renames.json"


def heading_renames() -> dict[str, str]:
    """Casefolded heading -> the title it is a rename of (``storyline_renames.json``)."""
    raw = json.loads(RENAMES.read_text("utf-8"))["renames"]
    return {old.casefold(): new for old, new in raw.items()}


def heading_parts(heading: str | None) -> list[str]:
    """The storylines a top heading names: "A, B" names two."""
    return [p.strip() for p in (heading or "").split(", ") if p.strip()]


def storyline_namer(headings: Sequence[str | None]) -> Callable[[str | None], str | None]:
    """A function giving a top heading as one name per storyline: each heading it names under
    the title of which it is a reviewed rename, and in the spelling the ``headings`` use most
    when they differ only in case ("Sudanese civil war" and "Sudanese Civil War"); two
    storylines sorted and joined by ", "."""
    renames = heading_renames()
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for part in (p for h in headings for p in heading_parts(h)):
        renamed = renames.get(part.casefold(), part)
        spellings[renamed.casefold()][renamed] += 1

    def one(part: str) -> str:
        renamed = renames.get(part.casefold(), part)
        seen = spellings.get(renamed.casefold())
        return seen.most_common(1)[0][0] if seen else renamed

    def name(heading: str | None) -> str | None:
        return ", ".join(sorted({one(p) for p in heading_parts(heading)})) or None

    return name


def rename_candidates(headings: Sequence[str | None], min_items: int = 2) -> list[tuple[float, str, str]]:
    """Pairs of top headings (each on ``min_items`` items or more) that share half of their
    content words or differ only in case: what ``storyline_renames.json`` was reviewed from."""
    import itertools
    import re

    generic = {"the", "of", "in", "and", "to", "a", "for", "during", "on", "under", "2025", "2024"}
    generic |= {"united", "states", "relations", "second", "donald", "trump"}
    counts = Counter(p for h in headings for p in heading_parts(h))
    words = {h: {w for w in re.findall(r"\w+", h.casefold()) if w not in generic} for h in counts}
    out = []
    for a, b in itertools.combinations(sorted(h for h, n in counts.items() if n >= min_items), 2):
        if not words[a] or not words[b]:
            continue
        jaccard = len(words[a] & words[b]) / len(words[a] | words[b])
        if jaccard >= 0.5 or a.casefold() == b.casefold():
            out.append((round(jaccard, 2), a, b))
    return sorted(out, key=lambda x: (-x[0], x[1], x[2]))


@dataclass(frozen=True)
class Item:
    id: str
    day: date
    index: int
    category: str
    top_story: str | None
    leaf_story: str | None
    text: str
    outlets: tuple[str, ...]

    @property
    def title(self) -> str:
        """The first sentence, as a headline (the item itself is the body)."""
        for end in (". ", "! ", "? "):
            cut = self.text.find(end)
            if 20 <= cut <= 250:
                return self.text[: cut + 1]
        return self.text[:250]

    @property
    def published(self) -> datetime:
        """Noon of its day, then a minute per place on the day's page (the portal's order)."""
        return datetime(self.day.year, self.day.month, self.day.day, 12, tzinfo=UTC) + timedelta(
            minutes=self.index
        )


def load(path: Path = ALL, months: Sequence[str] = ()) -> list[Item]:
    """Items of ``path`` (in the portal's order), only those of ``months`` ("2025-04") if given."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        raw = json.loads(line)
        if months and raw["date"][:7] not in months:
            continue
        out.append(
            Item(
                raw["id"],
                date.fromisoformat(raw["date"]),
                int(raw["index"]),
                raw["category"],
                raw["top_story"],
                raw["leaf_story"],
                raw["text"],
                tuple(raw["outlets"] or ["Unknown"]),
            )
        )
    return sorted(out, key=lambda i: (i.day, i.index))


def gold(items: Sequence[Item], level: str, *, renames: bool = False) -> list[list[str]]:
    """Clusters by the editors' headings (``level``: "event" = leaf, "storyline" = top); items
    with no heading are alone. ``renames``: a storyline's headings are one label whatever
    reviewed title or case names it (``storyline_namer``)."""
    groups: dict[str, list[str]] = defaultdict(list)
    alone = []
    namer = storyline_namer([i.top_story for i in items]) if renames else (lambda heading: heading)
    for item in items:
        label = item.leaf_story if level == "event" else namer(item.top_story)
        if label:
            groups[label].append(item.id)
        else:
            alone.append([item.id])
    return [*groups.values(), *alone]


@dataclass
class Replayed:
    """What the pipeline decided, per item id: event, storyline, vector, IPTC topics shown."""

    event: dict[str, int] = field(default_factory=dict)
    storyline: dict[str, int] = field(default_factory=dict)
    vector: dict[str, object] = field(default_factory=dict)
    shown_topics: dict[str, list[str]] = field(default_factory=dict)
    topic_scores: dict[str, dict[str, float]] = field(default_factory=dict)
    seconds: float = 0.0

    def clusters(self, items: Sequence[Item], level: str) -> list[list[str]]:
        of = self.event if level == "event" else self.storyline
        groups: dict[object, list[str]] = defaultdict(list)
        for item in items:
            groups[of.get(item.id, ("alone", item.id))].append(item.id)
        return list(groups.values())


@contextmanager
def replay_context(tmp: Path) -> Iterator[object]:
    from mynews.core.clock import FixedClock
    from mynews.core.settings import Settings
    from mynews.services.context import Context
    from mynews.store.db import Database
    from mynews.store.schema import upgrade
    from mynews.workers.inline import InlineQueue

    url = f"sqlite:///{tmp / 'replay.db'}"
    upgrade(url)
    settings = Settings(data_dir=tmp, database_url=url, enrich_enabled=True, _env_file=None)  # type: ignore[call-arg]
    ctx = Context(db=Database(url), settings=settings, clock=FixedClock())
    ctx.queue = InlineQueue(ctx)
    try:
        yield ctx
    finally:
        ctx.db.dispose()


Progress = Callable[[int, int], None]


def replay(items: Sequence[Item], *, progress: Progress | None = None) -> Replayed:
    """Push ``items`` day by day (one batch per outlet and day, the clock at the day's end)
    into a fresh database and read back what understanding decided."""
    import time

    with tempfile.TemporaryDirectory() as folder, replay_context(Path(folder)) as ctx:
        started = time.perf_counter()
        ids = _push_days(ctx, items, progress)
        seconds = time.perf_counter() - started
        out = _read_back(ctx, ids)
        out.seconds = seconds
        return out


def _push_days(ctx, items: Sequence[Item], progress: Progress | None) -> dict[int, str]:
    from mynews.services.ingestion.push import PushedArticle, create_push_source, push

    tokens: dict[str, str] = {}
    by_article: dict[int, str] = {}
    days: dict[date, list[Item]] = defaultdict(list)
    for item in items:
        days[item.day].append(item)
    done = 0
    for day in sorted(days):
        ctx.clock.set_to(datetime(day.year, day.month, day.day, 23, 59, tzinfo=UTC))
        by_outlet: dict[str, list[Item]] = defaultdict(list)
        for item in days[day]:
            by_outlet[item.outlets[0].strip()].append(item)
        for outlet, batch in by_outlet.items():
            source = outlet.lower().replace(" ", "-")  # the push source's own key (one per name)
            if source not in tokens:
                tokens[source] = create_push_source(ctx, outlet)[1]
            pushed = [
                PushedArticle(title=i.title, id=i.id, text=i.text, published=i.published, language="en")
                for i in batch
            ]
            for item, result in zip(batch, push(ctx, tokens[source], pushed), strict=True):
                by_article[result.article_id] = item.id
            done += len(batch)
            if progress:
                progress(done, len(items))
    return by_article


def _read_back(ctx, ids: dict[int, str]) -> Replayed:
    from sqlalchemy import select

    from mynews.enrich.embeddings import from_bytes
    from mynews.store.models import Article, ArticleTopic, Story, Topic

    out = Replayed()
    with ctx.db.reading() as session:
        rows = session.execute(
            select(Article.id, Article.story_id, Story.storyline_id, Article.vector).outerjoin(
                Story, Story.id == Article.story_id
            )
        )
        for article_id, story_id, line_id, vector in rows:
            item = ids.get(article_id)
            if item is None:
                continue
            if story_id is not None:
                out.event[item] = story_id
            if line_id is not None:
                out.storyline[item] = line_id
            if vector:
                out.vector[item] = from_bytes(vector)
        topics = session.execute(
            select(ArticleTopic.article_id, Topic.key, ArticleTopic.score)
            .join(Topic, Topic.id == ArticleTopic.topic_id)
            .where(Topic.kind == "iptc")
        )
        for article_id, key, score in topics:
            item = ids.get(article_id)
            if item is not None:
                out.shown_topics.setdefault(item, []).append(key.removeprefix("iptc:"))
                out.topic_scores.setdefault(item, {})[key.removeprefix("iptc:")] = score
    return out


def single_pass(items: Sequence[Item], vectors: dict[str, object], threshold: float) -> list[list[str]]:
    """The baseline: each item joins the cluster whose centroid is most similar (cosine >=
    ``threshold``), else starts one; MiniLM vectors, in time order."""
    import numpy as np

    centroids: list = []
    members: list[list[str]] = []
    for item in items:
        vector = vectors.get(item.id)
        if vector is None:
            members.append([item.id])
            centroids.append(None)
            continue
        best, best_sim = -1, threshold
        for n, centroid in enumerate(centroids):
            if centroid is not None:
                sim = float(vector @ centroid / np.linalg.norm(centroid))
                if sim >= best_sim:
                    best, best_sim = n, sim
        if best < 0:
            members.append([item.id])
            centroids.append(np.asarray(vector, dtype=np.float64).copy())
        else:
            members[best].append(item.id)
            size = len(members[best])
            centroids[best] = centroids[best] * (size - 1) / size + vector / size
    return members


def leaf_in_windows(items: Sequence[Item], days: int) -> list[list[str]]:
    """An upper bound for events that last days: the editors' own leaf heading, cut into
    ``days``-long windows (items without a heading alone). Perfect on precision, it shows how
    much of the event level's pairwise recall lies between items further apart than an event
    of that length."""
    groups: dict[object, list[str]] = defaultdict(list)
    for item in items:
        key = (item.leaf_story, item.day.toordinal() // days) if item.leaf_story else ("alone", item.id)
        groups[key].append(item.id)
    return list(groups.values())


def events_in_majority_storyline(items: Sequence[Item], event_of: dict[str, int]) -> list[list[str]]:
    """An upper bound for joining events into storylines: each of mynews' events put into the
    top heading most of its items carry (an oracle; items with no heading stay alone)."""
    members: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        if item.id in event_of:
            members[event_of[item.id]].append(item)
    groups: dict[object, list[str]] = defaultdict(list)
    for item in items:
        if item.id not in event_of or not item.top_story:
            groups[("alone", item.id)].append(item.id)
            continue
        headings = Counter(i.top_story for i in members[event_of[item.id]] if i.top_story)
        groups[headings.most_common(1)[0][0]].append(item.id)
    return list(groups.values())


def topic_quality(items: Sequence[Item], shown: dict[str, list[str]], top: dict[str, str | None]) -> dict:
    """Top-1 accuracy per category and overall, and the precision and coverage of shown topics."""
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    shown_right = shown_all = covered = 0
    for item in items:
        allowed = CATEGORY_TOPICS[item.category]
        total[item.category] += 1
        right[item.category] += top.get(item.id) in allowed
        topics = shown.get(item.id, [])
        covered += bool(topics)
        shown_all += len(topics)
        shown_right += sum(t in allowed for t in topics)
    return {
        "top1": sum(right.values()) / max(1, len(items)),
        "per_category": {c: right[c] / total[c] for c in sorted(total)},
        "shown_precision": shown_right / shown_all if shown_all else 1.0,
        "shown_per_item": shown_all / max(1, len(items)),
        "coverage": covered / max(1, len(items)),
    }


def top_topics(items: Sequence[Item], vectors: dict[str, object]) -> dict[str, str | None]:
    """The most likely IPTC topic of each item, by the scores understanding uses (whether or
    not it was confident enough to show it), from the stored vector and the lead as pushed."""
    import numpy as np

    from mynews.core.enrichment import ArticleText
    from mynews.enrich.topics import best_iptc

    chosen = [i for i in items if i.id in vectors]
    if not chosen:
        return {}
    matrix = np.vstack([vectors[i.id] for i in chosen]).astype(np.float32)  # type: ignore[call-overload]
    leads = [ArticleText(title=i.title, standfirst=None, body=i.text).lead for i in chosen]
    return {i.id: key for i, key in zip(chosen, best_iptc(matrix, leads), strict=True)}
