"""A story's or storyline's page names what several of its articles name, not every name one
article mentions in passing (the demo's coronavirus storyline showed "R0" and "COVI")."""

from __future__ import annotations

from mynews.services.browsing.names import central_names


def test_a_story_of_three_or_more_articles_shows_the_names_two_of_them_share() -> None:
    counts = {"china": 5, "wuhan": 3, "who": 2, "r0": 1, "covi": 1, "japan": 1}
    assert central_names(counts, 5) == [("china", 5), ("wuhan", 3), ("who", 2)]


def test_at_least_three_names_and_all_of_a_small_story() -> None:
    assert central_names({"china": 4, "r0": 1, "covi": 1, "japan": 1}, 4) == [
        ("china", 4),
        ("covi", 1),
        ("japan", 1),
    ]
    assert central_names({"a": 1, "b": 1, "c": 1, "d": 2}, 2) == [("d", 2), ("a", 1), ("b", 1), ("c", 1)]
    assert len(central_names({f"k{n}": 1 for n in range(30)}, 1)) == 15
