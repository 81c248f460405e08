"""The editors' storyline labels as one name per storyline: reviewed renames and case."""

from __future__ import annotations

from tests.stories import current_events as ce


def test_a_renamed_storyline_is_one_label() -> None:
    name = ce.storyline_namer(
        ["Russian invasion of Ukraine", "Russo-Ukrainian War", "Russo-Ukrainian war", "Sudanese civil war"]
    )
    assert name("Russo-Ukrainian War") == name("Russo-Ukrainian war") == "Russian invasion of Ukraine"
    assert name("Sudanese Civil War") == "Sudanese civil war"  # the spelling the headings use most
    assert name("Second Trump tariffs, Russo-Ukrainian War") == (
        "Russian invasion of Ukraine, Tariffs in the second Trump administration"
    )
    assert name("Gaza war protests") == "Gaza war protests"  # a storyline of its own, not a rename
    assert name(None) is None


def test_every_reviewed_rename_joins_two_headings_the_editors_use() -> None:
    january = ce.load(ce.MONTH)
    tops = {p.strip() for i in ce.load(ce.ALL) if i.top_story for p in i.top_story.split(", ")}
    for old, new in ce.heading_renames().items():
        assert any(t.casefold() == old for t in tops) and new in tops, (old, new)
    as_written = ce.gold(january, "storyline")
    renamed = ce.gold(january, "storyline", renames=True)
    assert len(renamed) < len(as_written)
    assert sorted(map(sorted, renamed)) != sorted(map(sorted, as_written))
