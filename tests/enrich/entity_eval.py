"""Scorers for entities against hand-written expectations (used by tests and bench/enrich.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from mynews.core.enrichment import ArticleText

DATA = Path(__file__).resolve().parent.parent / "data" / "enrich"


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    tp: int
    fp: int
    fn: int

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def seed_text() -> tuple[ArticleText, dict]:
    expected = json.loads((DATA / "seed-expected.json").read_text("utf-8"))
    text = ArticleText(
        title=expected["title"],
        standfirst=expected["standfirst"],
        body="\n\n".join(expected["paragraphs"]),
        captions=tuple(c["text"] for c in expected["captions"]),
        section=expected["section"],
    )
    return text, expected


def handchecked() -> list[tuple[ArticleText, set[tuple[str, str]]]]:
    raw = json.loads((DATA / "entities-handchecked.json").read_text("utf-8"))
    out = []
    for item in raw["articles"]:
        text = ArticleText(
            title=item["title"],
            standfirst=item["standfirst"],
            body=item["body"],
            captions=tuple(item["captions"]),
        )
        gold = {(name, kind) for kind, names in item["expected"].items() for name in names}
        out.append((text, gold))
    return out


def score_entities() -> Score:
    """Micro precision/recall of canonical (name, kind) over the hand-checked articles."""
    from mynews.enrich.entities import extract_entities_many

    items = handchecked()
    found = extract_entities_many([text for text, _ in items])
    tp = fp = fn = 0
    for (_, gold), entities in zip(items, found, strict=True):
        predicted = {(e.name, e.kind) for e in entities}
        tp += len(gold & predicted)
        fp += len(predicted - gold)
        fn += len(gold - predicted)
    return Score(tp / max(1, tp + fp), tp / max(1, tp + fn), tp, fp, fn)


def metonymy_accuracy() -> tuple[float, int]:
    """Share of hand-labelled capital mentions whose government/place use the rule gets right."""
    from mynews.enrich.entities import is_metonymic, load_nlp

    items = json.loads((DATA / "capitals-metonymy.json").read_text("utf-8"))["items"]
    nlp = load_nlp()
    right = 0
    for item in items:
        doc = nlp(item["text"])
        start = item["text"].index(item["capital"])
        span = doc.char_span(start, start + len(item["capital"]), alignment_mode="expand")
        right += is_metonymic(span) == (item["label"] == "government")
    return right / len(items), len(items)
