"""What one rule of the entity step changes, over the demo corpus as the demo reads it.

Runs ``extract_entities_many`` over every bundled demo article (``tests/enrich/demo_texts.py``)
twice, with and without one step of ``mynews.enrich.entities_resolve`` (the step is replaced by
one that changes nothing), and lists every name whose presence or kind differs, with the
article's headline, for judging by hand.

    .venv/bin/python bench/entity_rule_diff.py _drop_title_case_phrases   # names of headline capitals
    .venv/bin/python bench/entity_rule_diff.py _cities_in_their_country    # cities typed as people
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.enrich.demo_texts import _texts  # noqa: E402

from mynews.enrich import entities_resolve  # noqa: E402
from mynews.enrich.entities import extract_entities_many  # noqa: E402

STEPS = ("_drop_title_case_phrases", "_cities_in_their_country")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=STEPS)
    step = parser.parse_args().step
    texts = _texts()
    keys = list(texts)
    with_rule = extract_entities_many([texts[k] for k in keys])
    rule = getattr(entities_resolve, step)
    setattr(entities_resolve, step, lambda mentions, rules: mentions)
    try:
        without = extract_entities_many([texts[k] for k in keys])
    finally:
        setattr(entities_resolve, step, rule)
    changed = 0
    for key, old, new in zip(keys, without, with_rule, strict=True):
        now = {e.name: e.kind for e in new}
        for e in old:
            if now.get(e.name) != e.kind:
                changed += 1
                after = now.get(e.name, "dropped")
                print(f"{e.kind:12} -> {after:12} | {e.name} | {texts[key].title}")
    links = sum(len(entities) for entities in without)
    print(f"{step}: {changed} of {links} article-entity links changed over {len(keys)} demo articles")


if __name__ == "__main__":
    main()
