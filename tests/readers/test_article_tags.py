"""An article's tags name each thing once: the follow keys first, then its other entities, and
a publisher's own name as the source rather than as an organisation."""

from mynews.services.readers.follows import FollowView, article_tags


def test_each_name_once_source_first_then_other_entities() -> None:
    keys = [
        FollowView("topic", "iptc:science", "Science and technology", False),
        FollowView("entity", "org:red-hat", "Red Hat", False),
        FollowView("entity", "org:wikinews", "Wikinews", False),
        FollowView("source", "7", "Wikinews", False),
        FollowView("author", "Ann Lee", "Ann Lee", False),
    ]
    others = [("org:red-hat", "Red Hat"), ("org:ibm", "IBM"), ("person:ann-lee", "Ann Lee")]
    tags = article_tags(keys, others)
    assert [(t.kind, t.key) for t in tags] == [
        ("topic", "iptc:science"),
        ("entity", "org:red-hat"),
        ("source", "7"),
        ("entity", "org:ibm"),
        ("entity", "person:ann-lee"),
    ]


def test_no_keys_gives_the_entities() -> None:
    assert [t.name for t in article_tags([], [("place:iran", "Iran")])] == ["Iran"]
