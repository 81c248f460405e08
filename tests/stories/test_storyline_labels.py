"""A storyline's name: a phrase its headlines share, else central specific entities, a short name
not beside its full one."""

from __future__ import annotations

from mynews.enrich.headline_words import tag_headline
from mynews.stories.specificity import EntityIdf
from mynews.stories.storyline_labels import headline_phrase, is_named, label_storyline


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


# What the headlines keep saying (real headlines of the demo's storylines, tagged by spaCy).


def test_a_phrase_most_headlines_share_names_the_storyline() -> None:
    counts = {"us house of representatives": 2, "nancy pelosi": 2, "donald trump": 2}
    names = {
        "us house of representatives": "US House of Representatives",
        "nancy pelosi": "Nancy Pelosi",
        "donald trump": "Donald Trump",
    }
    headlines = [
        "U.S. House formalizes rules for Trump impeachment proceedings",
        "US Speaker Pelosi announces Trump impeachment investigation",
    ]
    assert label_storyline(counts, names, headlines, None, 2, tagger=tag_headline) == "Trump impeachment"
    # without a tagger (or without a shared phrase) the entities name it, as before
    assert label_storyline(counts, names, headlines, None, 2).startswith("Donald Trump · ")


def test_a_phrase_without_a_name_follows_the_central_entity() -> None:
    counts = {"palestine": 2, "israel": 2}
    names = {"palestine": "Palestine", "israel": "Israel"}
    headlines = [
        "Palestine: Mass Hunger Strike by Prisoners",
        "Palestine: Agreement Made to End Prisoners' Hunger Strike",
    ]
    # title-case headlines: the common words read in lower case
    assert label_storyline(counts, names, headlines, None, 2, tagger=tag_headline) == "Israel · hunger strike"
    counts = {"china": 5, "wuhan": 3}
    names = {"china": "China", "wuhan": "Wuhan"}
    headlines = [
        "COVID-19 may spread like flu, say scientists",
        "World Health Organization names new coronavirus COVID-19",
        "First foreigners die from coronavirus in Wuhan, China",
        "German authorities confirm first case of novel coronavirus in Germany",
        "Study: people infected by new coronavirus 'likely' hundreds more than confirmed",
    ]
    assert label_storyline(counts, names, headlines, None, 5, tagger=tag_headline) == "China · coronavirus"


def test_a_name_unknown_to_the_entities_is_news_whole() -> None:
    counts = {"johns hopkins university": 3}
    names = {"johns hopkins university": "Johns Hopkins University"}
    headlines = [
        "SARS-CoV-2 surpasses 100,000 confirmed deaths in the United States",
        "SARS-CoV-2 surpasses one million confirmed infections in the United States",
        "SARS-CoV-2 surpasses one million infections worldwide",
    ]
    label = label_storyline(counts, names, headlines, None, 3, tagger=tag_headline)
    assert label == "Johns Hopkins University · SARS-CoV-2"


def test_names_in_another_form_and_common_words_name_nothing_new() -> None:
    names = ["Israel", "Palestine", "Houthis", "Al-Shabaab", "United States"]
    tagged = [
        tag_headline(h)
        for h in (
            "Israeli strikes kill 20 Palestinians and wound others in Gaza",
            "Palestinians and others flee as U.S. envoy arrives",
            "Houthi forces and Shabaab fighters: Palestinians and others",
        )
    ]
    assert headline_phrase(tagged, names) is None
    assert is_named("Palestinians", frozenset({"palestine"}))
    assert is_named("U.S.", frozenset())
    assert not is_named("SARS-CoV-2", frozenset({"united", "states"}))


def test_a_phrase_must_be_in_half_of_the_headlines_and_a_lone_word_in_three() -> None:
    serbia = [
        "Serbia holds elections",
        "Serbia: Elections Observed",
        "Serbia elections see low turnout",
        "Serbia floods",
        "Serbia wins",
    ]
    tagged = [tag_headline(h) for h in serbia]
    assert headline_phrase(tagged, ["Serbia"]) == "elections"  # 3 of 5
    assert headline_phrase(tagged[1:], ["Serbia"]) is None  # one word in 2 of 4: too few
    assert headline_phrase(tagged[2:], ["Serbia"]) is None  # 1 of 3
    strikes = [
        "Prisoners begin hunger strike",
        "Hunger strike enters day 20",
        "Talks stall",
        "Court hears case",
    ]
    assert headline_phrase([tag_headline(h) for h in strikes], ["Palestine"]) == "hunger strike"  # 2 of 4
