"""Short date spans on pages (a storyline's life on an entity page)."""

from __future__ import annotations

from datetime import UTC, datetime

from mynews.http.templates import date_span


def _at(y: int, m: int, d: int, h: int = 12) -> datetime:
    return datetime(y, m, d, h, tzinfo=UTC)


def test_spans_say_each_part_once() -> None:
    assert date_span(_at(2012, 5, 7, 18), _at(2012, 5, 9, 16)) == "7–9 May 2012"
    assert date_span(_at(2020, 8, 22), _at(2020, 9, 5)) == "22 Aug – 5 Sep 2020"
    assert date_span(_at(2019, 12, 30), _at(2020, 1, 2)) == "30 Dec 2019 – 2 Jan 2020"
    assert date_span(_at(2020, 1, 2, 9), _at(2020, 1, 2, 20)) == "2 Jan 2020"
    assert date_span(_at(2020, 9, 5), _at(2020, 8, 22)) == "22 Aug – 5 Sep 2020"  # any order
    assert date_span(None, _at(2020, 9, 5)) == "5 Sep 2020"
    assert date_span(None, None) == ""
