"""What a search can be narrowed to names each thing once (the demo offered "Wikinews" twice:
the publisher and the organisation its articles name)."""

from mynews.services.browsing.names import one_per_name
from mynews.services.browsing.search import Facet


def test_a_name_is_offered_once_and_the_source_wins() -> None:
    facets = [
        Facet("entity", "org:wikinews", "Wikinews", 40),
        Facet("entity", "place:iran", "Iran", 12),
        Facet("topic", "iptc:politics", "Politics", 9),
        Facet("source", "3", "Wikinews", 51),
        Facet("entity", "org:politics", "politics ", 2),
    ]
    kept = one_per_name(facets)
    assert [(f.kind, f.key) for f in kept] == [
        ("entity", "place:iran"),
        ("topic", "iptc:politics"),
        ("source", "3"),
    ]


def test_different_names_all_stay_in_their_order() -> None:
    facets = [Facet("entity", "person:a", "Ann", 3), Facet("source", "1", "Ann's blog", 2)]
    assert one_per_name(facets) == facets
