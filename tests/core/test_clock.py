"""MYNEWS_CLOCK forms: real, an instant to start from, fixed, offset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mynews.core.clock import Clock, FixedClock, OffsetClock, clock_from_setting, parse_duration


def test_real_by_default() -> None:
    for value in (None, "", "real", " REAL "):
        clock = clock_from_setting(value)
        assert type(clock) is Clock
        assert abs((clock.now() - datetime.now(UTC)).total_seconds()) < 1


def test_fixed_stands_still_until_set() -> None:
    clock = clock_from_setting("fixed:2020-12-31T18:00:00Z")
    assert isinstance(clock, FixedClock)
    assert clock.now() == datetime(2020, 12, 31, 18, tzinfo=UTC)
    assert clock.now() == clock.now()
    clock.set_to(datetime(2021, 1, 1, 6))
    assert clock.now() == datetime(2021, 1, 1, 6, tzinfo=UTC)


@pytest.mark.parametrize("value", ["2020-12-31T18:00:00Z", "start:2020-12-31T20:00:00+02:00"])
def test_an_instant_starts_there_and_moves_on(value: str) -> None:
    clock = clock_from_setting(value)
    assert isinstance(clock, OffsetClock)
    first = clock.now()
    assert abs((first - datetime(2020, 12, 31, 18, tzinfo=UTC)).total_seconds()) < 2
    assert clock.now() >= first


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("-30d", timedelta(days=-30)),
        ("+2h", timedelta(hours=2)),
        ("90s", timedelta(seconds=90)),
        ("1w", timedelta(weeks=1)),
        ("-P30DT6H", -timedelta(days=30, hours=6)),
        ("PT15M", timedelta(minutes=15)),
    ],
)
def test_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


def test_offset_shifts_real_time() -> None:
    clock = clock_from_setting("offset:-10d")
    assert abs((datetime.now(UTC) - clock.now()) - timedelta(days=10)) < timedelta(seconds=2)


@pytest.mark.parametrize("value", ["yesterday", "fixed:", "offset:soon", "fixed:31/12/2020"])
def test_unclear_values_are_refused(value: str) -> None:
    with pytest.raises(ValueError):
        clock_from_setting(value)
