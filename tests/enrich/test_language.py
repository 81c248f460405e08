"""Language detection on real feeds in eleven languages and on the English corpora."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import feedparser
import pytest

from mynews.enrich.language import detect_language

from .gv_corpus import load_gv

FEEDS = Path(__file__).resolve().parent.parent / "data" / "enrich" / "feeds"
EXPECTED = {
    "feed-rs__rss_2.0_ilgiornale.xml": "it",
    "feed-rs__rss_2.0_spiegel.xml": "de",
    "feeder__rss_lemonde.xml": "fr",
    "feeder__rss_ukrnet.xml": "uk",
    "miniflux__urdu_UTF8.xml": "ur",
    "prof18-rssparser__feed-test-greek.xml": "el",
    "prof18-rssparser__feed-test-hindi-channel-image.xml": "hi",
    "prof18-rssparser__feed-test-ru.xml": "ru",
    "rsparser__aktuality.rss": "sk",
    "rss-parser__encoding.rss": "pt",
}


def item_texts(name: str) -> list[str]:
    parsed = feedparser.parse((FEEDS / name).read_bytes())
    return [f"{e.get('title', '')}. {re.sub(r'<[^>]+>', ' ', e.get('summary', ''))}" for e in parsed.entries]


def test_feed_items_in_ten_languages() -> None:
    results: Counter[bool] = Counter()
    for name, language in EXPECTED.items():
        found = [detect_language(text) for text in item_texts(name)]
        assert Counter(found).most_common(1)[0][0] == language, name
        results.update(f == language for f in found)
    assert results[True] / sum(results.values()) >= 0.95


def test_english_corpus_articles() -> None:
    found = [detect_language(f"{a.text.title}\n{a.text.body}") for a in load_gv() if len(a.text.body) > 200]
    assert found.count("en") / len(found) >= 0.99


@pytest.mark.parametrize("text", ["", "12 345 678", "Marcus Aurelius Melvyn Bragg and guests discuss..."])
def test_too_little_to_tell(text: str) -> None:
    assert detect_language(text) is None


def test_scripts_of_one_language() -> None:
    assert detect_language("서울 시내 곳곳에서 시민들이 모여 집회를 열었다") == "ko"
    assert detect_language("東京都内で大規模な停電が発生しました") == "ja"
    assert detect_language("Η κυβέρνηση ανακοίνωσε νέα μέτρα για την οικονομία") == "el"
