"""A storyline's name: central specific entities, a short name not beside its full one."""

from __future__ import annotations

from mynews.stories.specificity import EntityIdf
from mynews.stories.storyline_labels import label_storyline


def _idf() -> EntityIdf:
    idf = EntityIdf()
    for n in range(200):  # "us" in every article of the window, the rest rare
        idf.add({"us", f"other{n}"})
    return idf


def test_one_event_is_named_by_its_event() -> None:
    assert (
        label_storyline({"a": 3}, {"a": "A"}, ["Rocky Linux announced"], None, 3) == "Rocky Linux announced"
    )


def test_central_specific_names_first_hub_last() -> None:
    counts = {"us": 6, "gaza strip": 5, "hamas": 4, "rafah": 1}
    names = {"us": "United States", "gaza strip": "Gaza Strip", "hamas": "Hamas", "rafah": "Rafah"}
    label = label_storyline(counts, names, ["one", "two"], _idf(), 6)
    assert label == "Gaza Strip · Hamas · United States"  # Rafah: named by too few articles


def test_a_short_name_gives_way_to_its_full_name() -> None:
    # The demo's impeachment storyline was "House · US House of Representatives · Senate".
    counts = {"house": 2, "us house of representatives": 2, "senate": 2, "donald trump": 2}
    names = {
        "house": "House",
        "us house of representatives": "US House of Representatives",
        "senate": "Senate",
        "donald trump": "Donald Trump",
    }
    label = label_storyline(counts, names, ["impeachment", "inquiry"], None, 2)
    assert label.split(" · ") == ["Donald Trump", "US House of Representatives", "Senate"]  # ties: by key
