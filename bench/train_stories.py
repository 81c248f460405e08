"""Train the event and storyline pair models (src/mynews/stories/data/*_model.json).

Wikipedia "Current events" items (bench/data/wikipedia-current-events-2025h1, CC BY-SA 4.0) of
January–April 2025 are understood by the enrich step (``current_events.story_inputs``: the
MiniLM vectors and entity keys clustering compares), cached in var/. Pairs come from January–March (``stories.training.labelled_pairs``: the editors' leaf
heading is the event, the top heading the storyline) and from the Global Voices stories
labelled by hand (tests/data/stories, full-length articles; both levels); the two logistic regressions are fitted
on them (a Global Voices pair weighs 2); then each model's probability threshold is chosen on
April, replaying the period with ``stories.replay`` (the decisions ingestion makes) and keeping
the threshold with the best pairwise F1 + BCubed F1 (for events, among those that keep the
Global Voices story floors of tests/data/quality_floors.json). May and June are never read.

    .venv/bin/python bench/train_stories.py              # train, choose thresholds, write the models
    .venv/bin/python bench/train_stories.py --dry-run    # print, write nothing
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.stories import current_events as ce  # noqa: E402

from mynews.stories import pair_model  # noqa: E402
from mynews.stories.clustering import EVENT_FEATURES, StoryInput, StoryParams  # noqa: E402
from mynews.stories.quality import bcubed, pairwise  # noqa: E402
from mynews.stories.replay import ReplayParams, replay  # noqa: E402
from mynews.stories.storylines import STORYLINE_FEATURES, StorylineParams  # noqa: E402
from mynews.stories.training import fit, labelled_pairs  # noqa: E402

TRAIN = ("2025-01", "2025-02", "2025-03")
VALIDATE = ("2025-04",)
DATA = ROOT / "src" / "mynews" / "stories" / "data"
CACHE = ROOT / "var" / "train_stories_inputs.pickle"
GRID = [round(0.05 * n, 2) for n in range(2, 15)]  # 0.10 .. 0.70


def understood(months: tuple[str, ...]) -> tuple[list[ce.Item], dict[str, StoryInput]]:
    """The items of ``months`` and what clustering compares of them (cached in var/)."""
    items = ce.load(ce.ALL, months)
    key = (months, ce.ALL.stat().st_size)
    if CACHE.exists():
        cached = pickle.loads(CACHE.read_bytes())
        if cached.get("key") == key:
            return items, cached["inputs"]
    inputs = {str(i.id): i for i in ce.story_inputs(items)}
    CACHE.parent.mkdir(parents=True, exist_ok=True)
    CACHE.write_bytes(pickle.dumps({"key": key, "inputs": inputs}))
    return items, inputs


def globalvoices() -> tuple[list[StoryInput], dict[str, str]]:
    """The Global Voices corpus (May 2012, full articles, the stories labelled by hand in
    tests/data/stories: the tuning corpus; Wikinews stays held out), understood the same way
    (cached), and each labelled article's story."""
    from tests.stories.corpus import DATA as CORPUS_DATA
    from tests.stories.corpus import globalvoices as articles

    path = CACHE.with_name("train_stories_globalvoices.pickle")
    if path.exists():
        inputs = pickle.loads(path.read_bytes())
    else:
        inputs = ce.understood_inputs([(a.id, a.title, a.body, a.published) for a in articles()])
        path.write_bytes(pickle.dumps(inputs))
    stories = json.loads((CORPUS_DATA / "stories" / "labelled_stories.json").read_text("utf-8"))["stories"]
    story_of = {
        i: s["label"] for s in stories if s["corpus"].startswith("globalvoices") for i in s["articles"]
    }
    return inputs, story_of


def labels(items: list[ce.Item]) -> tuple[dict[str, str], dict[str, str]]:
    event = {i.id: i.leaf_story for i in items if i.leaf_story}
    line = {i.id: i.top_story for i in items if i.top_story}
    return event, line  # type: ignore[return-value]


def measure(items: list[ce.Item], inputs: dict[str, StoryInput], params: ReplayParams) -> dict[str, float]:
    got = replay([inputs[i.id] for i in items if i.id in inputs], params)
    out = {}
    for level, predicted in (("event", got.events), ("storyline", got.storylines())):
        gold = ce.gold(items, level)
        p, b = pairwise(predicted, gold), bcubed(predicted, gold)  # type: ignore[arg-type]
        out[f"{level}_F1"], out[f"{level}_B3"] = p.f1, b.f1
    return out


def globalvoices_floors_hold(params: ReplayParams) -> bool:
    """The Global Voices story floors (tests/data/quality_floors.json) hold for ``params``."""
    from tests.stories.story_eval import gold

    inputs, _ = globalvoices()
    stories = json.loads((ROOT / "tests" / "data" / "stories" / "labelled_stories.json").read_text("utf-8"))
    truth = gold(stories["stories"], [str(i.id) for i in inputs])
    events = replay(inputs, params).events
    p, b = pairwise(events, truth), bcubed(events, truth)  # type: ignore[arg-type]
    floors = json.loads((ROOT / "tests" / "data" / "quality_floors.json").read_text("utf-8"))
    print(f"    Global Voices events: pairwise P {p.precision:.3f} R {p.recall:.3f}, BCubed {b.f1:.3f}")
    return (
        p.precision >= floors["stories_gv_pairwise_precision"]
        and p.recall >= floors["stories_gv_pairwise_recall"]
        and b.f1 >= floors["stories_gv_bcubed_f1"]
    )


def choose(items, inputs, level: str, base: ReplayParams) -> tuple[float, dict[str, float]]:
    """The threshold with the best April pairwise F1 + BCubed F1 (events: among those that keep
    the Global Voices floors, full-length articles)."""
    best: tuple[float, float, dict[str, float]] = (-1.0, 0.5, {})
    for cut in GRID:
        if level == "event":
            params = ReplayParams(StoryParams(threshold=cut), base.storyline)
        else:
            params = ReplayParams(base.story, StorylineParams(threshold=cut))
        got = measure(items, inputs, params)
        objective = got[f"{level}_F1"] + got[f"{level}_B3"]
        if level == "event" and objective > best[0] and not globalvoices_floors_hold(params):
            objective = -1.0
        print(f"  {level} threshold {cut:.2f}: " + ", ".join(f"{k} {v:.3f}" for k, v in got.items()))
        if objective > best[0]:
            best = (objective, cut, got)
    return best[1], best[2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print, write nothing")
    parser.add_argument("--c", type=float, default=1.0, help="inverse regularisation strength")
    parser.add_argument("--gv-weight", type=float, default=2.0, help="weight of a Global Voices pair")
    args = parser.parse_args()
    items, inputs = understood(TRAIN + VALIDATE)
    train = [i for i in items if i.day.isoformat()[:7] in TRAIN]
    validate = [i for i in items if i.day.isoformat()[:7] in VALIDATE]
    event_of, line_of = labels(train)
    pairs = labelled_pairs([inputs[i.id] for i in train if i.id in inputs], event_of, line_of)
    gv_inputs, gv_story = globalvoices()
    gv = labelled_pairs(gv_inputs, gv_story, gv_story)
    weights = {
        level: [1.0] * len(getattr(pairs, f"{level}_labels")) + [args.gv_weight] * len(getattr(gv, f"{level}_labels"))
        for level in ("event", "storyline")
    }
    pairs.event_rows += gv.event_rows
    pairs.event_labels += gv.event_labels
    pairs.storyline_rows += gv.storyline_rows
    pairs.storyline_labels += gv.storyline_labels
    print(
        f"pairs: events {len(pairs.event_labels)} ({sum(pairs.event_labels)} positive), "
        f"storylines {len(pairs.storyline_labels)} ({sum(pairs.storyline_labels)} positive)"
    )
    models = {
        "event_model": fit(pairs.event_rows, pairs.event_labels, EVENT_FEATURES, args.c, weights["event"]),
        "storyline_model": fit(
            pairs.storyline_rows, pairs.storyline_labels, STORYLINE_FEATURES, args.c, weights["storyline"]
        ),
    }
    for name, model in models.items():
        print(name, ", ".join(f"{n} {w:+.2f}" for n, w in zip(model.names, model.weights, strict=True)))
    # Thresholds are chosen with the fitted models in place (read by name from DATA).
    written = {name: (DATA / f"{name}.json") for name in models}
    before = {name: path.read_text("utf-8") if path.exists() else None for name, path in written.items()}
    try:
        for name, model in models.items():
            written[name].write_text(json.dumps(model.to_json(), indent=1) + "\n", "utf-8")
        pair_model.load.cache_clear()
        event_cut, _ = choose(validate, inputs, "event", ReplayParams())
        line_cut, figures = choose(
            validate, inputs, "storyline", ReplayParams(StoryParams(threshold=event_cut))
        )
    finally:
        if args.dry_run:
            for name, text in before.items():
                if text is None:
                    written[name].unlink(missing_ok=True)
                else:
                    written[name].write_text(text, "utf-8")
    print(f"chosen on April: event {event_cut}, storyline {line_cut}: {figures}")
    if args.dry_run:
        return
    trained = {
        "trained_on": "Current events 2025-01..2025-03 + Global Voices 2012-05 labelled stories",
        "threshold_on": "2025-04",
    }
    for (name, model), cut in zip(models.items(), (event_cut, line_cut), strict=True):
        chosen = pair_model.PairModel(model.names, model.mean, model.scale, model.weights, model.bias, cut)
        written[name].write_text(json.dumps(chosen.to_json(**trained), indent=1) + "\n", "utf-8")
        print(f"wrote {written[name].relative_to(ROOT)}")
    pair_model.load.cache_clear()


if __name__ == "__main__":
    main()
