"""Storyline names on real storylines: what the replay of Wikipedia's "Current events" (January to
March 2025, CC BY-SA 4.0, as in tests/data/stories/wikipedia-current-events-2025h1) put together,
with the inputs ``storyline_state.relabel`` had: the 8 most common entities with their names, the
events' labels (oldest first) and the entities' specificity (IDF weights over the 1,468 items)."""

from __future__ import annotations

import math
import random

from mynews.stories.labels import shorten
from mynews.stories.specificity import EntityIdf
from mynews.stories.storyline_labels import label_storyline, name_storyline

DOCUMENTS = 1468


def _idf(weights: dict[str, float], documents: int) -> EntityIdf:
    """An IDF over ``documents`` articles that gives each key its measured weight."""
    top = math.log(documents + 1)
    return EntityIdf({k: round(math.exp(top * (1 - w))) - 1 for k, w in weights.items()}, documents)


def _case(
    entities: list[tuple[str, str, int, float]], documents: int = DOCUMENTS
) -> tuple[dict[str, int], dict[str, str], EntityIdf]:
    counts = {key: n for key, _, n, _ in entities}
    names = {key: name for key, name, _, _ in entities}
    return counts, names, _idf({key: w for key, _, _, w in entities}, documents)


KIVU = _case(
    [
        ("organisation:m23", "M23", 38, 0.487),
        ("place:democratic-republic-of-the-congo", "Democratic Republic of the Congo", 37, 0.491),
        ("place:congo", "Congo", 29, 0.521),
        ("place:rwanda", "Rwanda", 28, 0.538),
        ("place:democratic-republic", "Democratic Republic", 18, 0.589),
        ("place:north-kivu", "North Kivu", 11, 0.638),
        ("place:bukavu", "Bukavu", 11, 0.659),
        ("place:south-kivu", "South Kivu", 8, 0.684),
    ]
)
KIVU_EVENTS = [
    "M23 rebels capture the strategic town of Katale in Masisi Territory, North Kivu Province, Democratic Republic of the Congo.",
    "The Congolese government executes 102 individuals convicted of armed robbery and urban banditry, with an additional 70 prisoners reportedly awaiting execution.",
    "The Army of the Democratic Republic of the Congo says that over the days it has recaptured several towns that fell to M23 rebels and other armed groups in North Kivu and South Kivu provinces.",
    "Allied Democratic Forces militants kill ten people in an attack on a village in North Kivu, Democratic Republic of the Congo.",
    "M23 rebels seize the town of Minova in Kalehe Territory, Democratic Republic of the Congo, cutting off a major supply route to the strategic city of Goma.",
    "Thirteen peacekeepers, including nine from South Africa, three from Malawi and…",
    "Rwandan-backed M23 rebel forces initiate advances towards Bukavu, the capital…",
    "March 23 Movement rebels begin their advance into the city of Goma, North Kivu Province, Democratic Republic of the Congo.",
    "Angola announces it will mediate peace talks between the Democratic Republic…",
    "Mass rioting takes place in Kinshasa, Democratic Republic of the Congo, amid public outrage over the loss of Goma to Rwandan-backed rebels.",
    "Malawian President Lazarus Chakwera orders Malawian troops to withdraw from peacekeeping operations in the Democratic Republic of the Congo as the crisis escalates.",
    "Militants from an IS–Central Africa-aligned faction of the Allied Democratic Forces enter the village of Mayba in Lubero Territory, North Kivu, Democratic Republic of the Congo, abducting and beheading at least 70 Christian civilians.",
    "Twenty-two people are killed after a boat carrying refugees capsizes in Lake…",
    "Civil society groups in the Ituri Province, Democratic Republic of the Congo, report that 23 people were killed and another 20 were taken hostage in raids by an Islamic State-affiliated faction of the Allied Democratic Forces militia over the past we",
    "Nine people are killed by Islamic State-aligned Allied Democratic Forces rebels in Lubero Territory, North Kivu, Democratic Republic of the Congo.",
]

PROTESTS = _case(
    [
        ("place:united-states", "United States", 8, 0.21),
        ("person:donald-trump", "Donald Trump", 7, 0.343),
        ("person:elon-musk", "Elon Musk", 3, 0.715),
        ("place:washington", "Washington", 2, 0.611),
        ("place:united-kingdom", "United Kingdom", 2, 0.548),
        ("organisation:womens-march", "Women's March", 1, 0.905),
        ("place:peoples-march", "People's March", 1, 0.905),
        ("place:mexico", "Mexico", 1, 0.548),
    ]
)
PROTESTS_EVENTS = [
    "In Washington, D.C., the Women's March holds a protest rebranded as the People's March against U.S.",
    "Anti-Trump protests are held in cities across the United States, as well as in other countries, such as Mexico, Panama, and the United Kingdom.",
    "Demonstrators gather in cities across the United States to protest against the…",
    "Demonstrations take place at state capitols around the United States, including at Union Square in Washington, D.C., as part of the 50501 movement to protest against the second administration of U.S.",
    "A 24-hour consumer spending boycott takes place across the United States, in protest of wealth and income inequality, high prices of essential goods, and the rollback of diversity, equity, and inclusion initiatives by the Trump administration.",
    "Organized demonstrations and walkouts of scientists take place across 30 cities in the United States and France in protest of the Donald Trump administration's grant budget and employment cuts to several government scientific agencies.",
    "Protests are held at Tesla dealerships across the United States, Canada, and Europe to protest against DOGE chief and Tesla CEO Elon Musk's role in the second Trump administration.",
]

VENEZUELA = _case(
    [
        ("place:venezuela", "Venezuela", 11, 0.596),
        ("person:nicolas-maduro", "Nicolás Maduro", 6, 0.733),
        ("place:united-states", "United States", 4, 0.21),
        ("place:caracas", "Caracas", 3, 0.779),
        ("person:edmundo-gonzalez-urrutia", "Edmundo González Urrutia", 2, 0.849),
        ("person:edmundo-gonzalez", "Edmundo González", 2, 0.849),
        ("place:paraguay", "Paraguay", 1, 0.905),
        ("person:santiago-pena", "Santiago Peña", 1, 0.905),
    ]
)
VENEZUELA_EVENTS = [
    "The government of Venezuelan president Nicolás Maduro offers a US$100,000…",
    "The Venezuelan government suspends diplomatic relations with Paraguay, after…",
    "Venezuelan Interior Minister Diosdado Cabello says that 125 foreign citizens have been arrested on suspicion of serving as United States mercenaries in order to cause a coup in Venezuela.",
    "Venezuela frees six American hostages after U.S.",
    "In an operation led by U.S.",
]


def test_a_phrase_the_events_share_names_the_storyline() -> None:
    counts, names, idf = KIVU
    assert (
        label_storyline(counts, names, KIVU_EVENTS, idf, 59)
        == "M23 · Democratic Republic of the Congo · Congo"
    )
    assert name_storyline(counts, names, KIVU_EVENTS, idf, 59) == "M23 rebels"


def test_the_phrase_really_occurs_and_never_cuts_a_name() -> None:
    counts, names, idf = PROTESTS
    name = name_storyline(counts, names, PROTESTS_EVENTS, idf, 8)
    assert sum(name.casefold() in label.casefold() for label in PROTESTS_EVENTS) >= 2
    assert name != "Cities across the United" and not name.endswith("United")  # "United States" is one name


def test_no_shared_phrase_keeps_the_central_entities() -> None:
    counts, names, idf = VENEZUELA
    today = label_storyline(counts, names, VENEZUELA_EVENTS, idf, 11)
    assert (
        name_storyline(counts, names, VENEZUELA_EVENTS, idf, 11)
        == today
        == "Venezuela · Nicolás Maduro · Caracas"
    )


def test_one_event_is_named_by_its_label() -> None:
    counts, names, idf = KIVU
    assert name_storyline(counts, names, KIVU_EVENTS[:1], idf, 3) == shorten(KIVU_EVENTS[0])


def test_title_case_headlines_are_read_too() -> None:
    counts, names, idf = KIVU
    titled = [" ".join(w[:1].upper() + w[1:] for w in label.split()) for label in KIVU_EVENTS]
    assert name_storyline(counts, names, titled, idf, 59) == "M23 Rebels"


def test_the_name_does_not_depend_on_input_order() -> None:
    counts, names, idf = KIVU
    shuffled = list(counts.items())
    random.Random(1).shuffle(shuffled)
    assert name_storyline(dict(shuffled), names, KIVU_EVENTS, idf, 59) == "M23 rebels"


# Real headlines: the demo corpus's Wikinews storyline of the 2020 primaries (CC BY 2.5), as the
# demo's 671 articles grouped it (5 events, 10 articles).
PRIMARIES = _case(
    [
        ("place:united-states", "United States", 10, 0.222),
        ("person:bernie-sanders", "Bernie Sanders", 8, 0.632),
        ("organisation:democratic-party", "Democratic Party", 7, 0.584),
        ("person:joe-biden", "Joe Biden", 7, 0.512),
        ("place:new-hampshire", "New Hampshire", 4, 0.701),
        ("place:iowa", "Iowa", 4, 0.753),
        ("person:donald-trump", "Donald Trump", 4, 0.409),
        ("place:arizona", "Arizona", 3, 0.753),
    ],
    documents=671,
)
PRIMARIES_EVENTS = [
    "2020 United States presidential election: Trump, Sanders win New Hampshire…",
    "Joe Biden wins 2020 South Carolina US Democratic presidential primary",
    "Bernie Sanders wins 2020 Northern Mariana Islands US Democratic presidential…",
    "Arizona, Florida, Illinois hold 2020 US presidential primaries; Ohio postpones",
    "Bernie Sanders endorses Joe Biden in 2020 United States presidential election",
]


def test_real_headlines_name_the_race_not_half_a_phrase() -> None:
    counts, names, idf = PRIMARIES
    assert (
        label_storyline(counts, names, PRIMARIES_EVENTS, idf, 10)
        == "Bernie Sanders · Democratic Party · Joe Biden"
    )
    assert name_storyline(counts, names, PRIMARIES_EVENTS, idf, 10) == "United States presidential election"
