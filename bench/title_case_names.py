"""Names a rule of the entity step drops, over the demo corpus as the demo reads it.

Runs ``extract_entities_many`` over every bundled demo article (``tests/enrich/demo_texts.py``)
twice, with and without ``entities_resolve._drop_title_case_phrases`` (a name of several words
found only in a headline that capitalises every word, never in the article's text), and lists
every name the rule drops with its kind and headline, for judging by hand.

    .venv/bin/python bench/title_case_names.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.enrich.demo_texts import _texts  # noqa: E402

from mynews.enrich import entities_resolve  # noqa: E402
from mynews.enrich.entities import extract_entities_many  # noqa: E402


def main() -> None:
    texts = _texts()
    keys = list(texts)
    kept = extract_entities_many([texts[k] for k in keys])
    rule = entities_resolve._drop_title_case_phrases
    entities_resolve._drop_title_case_phrases = lambda mentions, rules: mentions  # type: ignore[assignment]
    try:
        before = extract_entities_many([texts[k] for k in keys])
    finally:
        entities_resolve._drop_title_case_phrases = rule  # type: ignore[assignment]
    dropped = 0
    for key, old, new in zip(keys, before, kept, strict=True):
        now = {(e.name, e.kind) for e in new}
        for e in old:
            if (e.name, e.kind) not in now:
                dropped += 1
                print(f"{e.kind:12} | {e.name} | {texts[key].title}")
    links = sum(len(entities) for entities in before)
    print(f"{dropped} of {links} article-entity links dropped over {len(keys)} demo articles")


if __name__ == "__main__":
    main()
