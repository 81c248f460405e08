"""Simulated readers: hidden interests, how they onboard, and the click model.

Interests (hidden from the instance) are storylines (the items' top heading: a war, a trade
dispute, an election) and categories (one of the 10 the editors use). An item is relevant to a
reader when its storyline or category is one of theirs. Three groups, assigned in turn:

- ``follows``: at onboarding follows something matching each interest, as a person would (the
  place, organisation or person the storyline is named after, else its name's key word as a
  keyword; the IPTC topic of a category);
- ``one``: follows something for the first interest only;
- ``clicks``: follows nothing; the feed learns from clicks alone.

Click model, per day, on the top 10 cards of For you (every card is looked at):
relevant: open with p=0.9, then read for U(40, 200) s; "more like this" p=0.1; save p=0.05.
not relevant: open p=0.05 with U(2, 10) s of reading (a bounce); "fewer like this" p=0.05;
hide p=0.01. Each shown page is reported as impressions first.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from bench.sim.corpus import Item

GROUPS = ("follows", "clicks", "one")
CATEGORY_TOPICS = {
    "Armed conflicts and attacks": "iptc:conflict-war-peace",
    "Disasters and accidents": "iptc:disaster-accident-emergency",
    "Law and crime": "iptc:crime-law-justice",
    "Politics and elections": "iptc:politics",
    "International relations": "iptc:politics",
    "Business and economy": "iptc:economy-business-finance",
    "Sports": "iptc:sport",
    "Health and environment": "iptc:health",
    "Arts and culture": "iptc:arts-culture-entertainment-media",
    "Science and technology": "iptc:science-technology",
}
NOT_NAMES = {"War", "Civil", "Second", "First", "Crisis", "Conflict", "The", "Insurgency", "Death", "Mass"}
ENTITY_KINDS = ("place", "organisation", "person")


def storylines_of(item: Item) -> tuple[str, ...]:
    """An item's storylines: its top heading, which can name two ("A, B")."""
    return tuple(s.strip() for s in (item.storyline or "").split(", ") if s.strip())


@dataclass
class SimReader:
    index: int
    token: str
    group: str
    storylines: tuple[str, ...]
    categories: tuple[str, ...]
    opened: set[int] = field(default_factory=set)
    vectors: list[np.ndarray] = field(default_factory=list)
    follows: list[tuple[str, str]] = field(default_factory=list)
    to_follow: list[tuple[str, str]] | None = None  # interests whose follow is still to be made

    def wants(self, item: Item) -> bool:
        return item.category in self.categories or any(s in self.storylines for s in storylines_of(item))

    @property
    def interests(self) -> list[tuple[str, str]]:
        return [("storyline", s) for s in self.storylines] + [("category", c) for c in self.categories]


def make_readers(tokens: list[str], items: list[Item], seed: int) -> list[SimReader]:
    """Readers with interests drawn (seeded) from the period's storylines and categories."""
    rng = random.Random(seed)
    lines = Counter(s for i in items for s in storylines_of(i))
    days = len({i.day for i in items})
    storylines = [s for s, n in lines.most_common() if n >= max(3, min(6, days // 2))][:24]
    cats = Counter(i.category for i in items)
    categories = [c for c, n in cats.most_common() if n >= days / 5]
    readers = []
    for index, token in enumerate(tokens):
        shape = ("storylines", "mixed", "category")[index // 3 % 3]
        wanted = min(len(storylines), 2 if shape == "storylines" else 1)
        picked = rng.sample(storylines, wanted) if shape != "category" else []
        category = (rng.choice(categories),) if shape != "storylines" else ()
        readers.append(SimReader(index, token, GROUPS[index % 3], tuple(picked), category))
    return readers


def _name_words(storyline: str) -> list[str]:
    """Capitalised words and runs of them in a storyline's name ("Russian invasion of Ukraine"
    -> Ukraine, Russian), longest runs first."""
    runs = re.findall(r"[A-Z][\w'’.-]+(?:\s+[A-Z][\w'’.-]+)*", storyline)
    words = [w for run in runs for w in ([run, *run.split()] if " " in run else [run])]
    return [
        w
        for w in dict.fromkeys(sorted(words, key=lambda w: -len(w)))
        if w not in NOT_NAMES and not w.isdigit()
    ]


def slug(name: str) -> str:
    return re.sub(r"[^\w]+", "-", name.casefold()).strip("-")


def follow_for(interest: tuple[str, str], entity_exists) -> tuple[str, str] | None:  # type: ignore[no-untyped-def]
    """What a person with this interest follows: (kind, key)."""
    kind, name = interest
    if kind == "category":
        return ("topic", CATEGORY_TOPICS[name])
    for word in _name_words(name):
        for entity_kind in ENTITY_KINDS:
            key = f"{entity_kind}:{slug(word)}"
            if entity_exists(key):
                return ("entity", key)
    words = _name_words(name)
    return ("keyword", words[-1] if words else name.split()[-1]) if words or name else None


@dataclass(frozen=True)
class Action:
    kind: str
    value: float = 1.0


def react(relevant: bool, rng: random.Random) -> list[Action]:
    """What a reader does with one card they look at (the click model above)."""
    if relevant:
        if rng.random() >= 0.9:
            return []
        out = [Action("open"), Action("read", round(rng.uniform(40, 200), 1))]
        if rng.random() < 0.1:
            out.append(Action("more"))
        if rng.random() < 0.05:
            out.append(Action("save"))
        return out
    roll = rng.random()
    if roll < 0.05:
        return [Action("open"), Action("read", round(rng.uniform(2, 10), 1))]
    if roll < 0.10:
        return [Action("fewer")]
    if roll < 0.11:
        return [Action("hide")]
    return []
