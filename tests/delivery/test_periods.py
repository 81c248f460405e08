"""When a digest is due: local days and ISO weeks at the reader's hour, across time zones and
daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mynews.core.errors import BadInput
from mynews.services.delivery.periods import label_for, latest_period, of_key


def _p(now: datetime, frequency: str = "daily", hour: int = 7, weekday: int = 0, tz: str = "Europe/Paris"):  # type: ignore[no-untyped-def]
    return latest_period(now, frequency=frequency, hour=hour, weekday=weekday, timezone=tz)


def test_daily_periods_start_at_the_local_hour() -> None:
    before = _p(datetime(2026, 1, 15, 5, 59, tzinfo=UTC))  # 06:59 in Paris: yesterday's period
    after = _p(datetime(2026, 1, 15, 6, 0, tzinfo=UTC))  # 07:00 in Paris
    assert before is not None and after is not None
    assert (before.key, after.key) == ("2026-01-14", "2026-01-15")
    assert after.scheduled_at == datetime(2026, 1, 15, 6, 0, tzinfo=UTC)
    assert after.length == timedelta(days=1) and after.label == "Thursday 15 January 2026"
    assert _p(datetime(2026, 1, 15, 12, tzinfo=UTC), "off") is None


def test_daylight_saving_moves_the_utc_time_not_the_local_one() -> None:
    winter = _p(datetime(2026, 3, 28, 12, tzinfo=UTC))
    summer = _p(datetime(2026, 3, 30, 12, tzinfo=UTC))
    assert winter is not None and summer is not None
    assert winter.scheduled_at.hour == 6 and summer.scheduled_at.hour == 5  # 07:00 CET, then CEST
    skipped = _p(datetime(2026, 3, 29, 12, tzinfo=UTC), hour=2)  # 02:00 does not exist that night
    assert skipped is not None and skipped.key == "2026-03-29"


def test_time_zones_far_from_utc_use_their_own_date() -> None:
    auckland = _p(datetime(2026, 1, 15, 19, 0, tzinfo=UTC), tz="Pacific/Auckland")  # 08:00 on the 16th
    assert auckland is not None and auckland.key == "2026-01-16"
    honolulu = _p(datetime(2026, 1, 15, 16, 0, tzinfo=UTC), tz="Pacific/Honolulu")  # 06:00 on the 15th
    assert honolulu is not None and honolulu.key == "2026-01-14"


def test_weekly_periods_are_iso_weeks_on_the_chosen_weekday() -> None:
    friday = _p(datetime(2026, 1, 16, 12, tzinfo=UTC), "weekly", hour=9, weekday=4)
    thursday = _p(datetime(2026, 1, 15, 12, tzinfo=UTC), "weekly", hour=9, weekday=4)
    assert friday is not None and thursday is not None
    assert (friday.key, thursday.key) == ("2026-W03", "2026-W02")
    assert friday.length == timedelta(days=7) and label_for(friday.key) == "week 3 of 2026"
    assert of_key("2026-W03", friday.scheduled_at) == friday


def test_bad_choices_are_refused() -> None:
    with pytest.raises(BadInput):
        _p(datetime(2026, 1, 15, tzinfo=UTC), tz="Mars/Olympus_Mons")
