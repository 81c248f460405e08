"""Use case: read or move the instance's clock, for replays of past news and demos.

Only reachable when ``settings.replay_clock`` is on (the API registers its route only then) and
the clock can be moved (``MYNEWS_CLOCK=fixed:<instant>``, an instant to start from, or an
offset). Real time cannot be moved: that is the normal instance.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from mynews.core.clock import FixedClock, OffsetClock
from mynews.core.errors import BadInput, NotFound
from mynews.services.context import Context


@dataclass(frozen=True)
class ClockState:
    now: datetime
    kind: str  # what describe() says: real, fixed:<instant>, offset:<seconds>
    movable: bool


def state(ctx: Context) -> ClockState:
    clock = ctx.clock
    return ClockState(clock.now(), clock.describe(), isinstance(clock, FixedClock | OffsetClock))


def set_clock(ctx: Context, at: datetime) -> ClockState:
    """Move the clock to ``at`` (an aware instant). Raises when replays are off or the clock is real."""
    if not ctx.settings.replay_clock:
        raise NotFound("replays are off on this instance", code="replay_off")
    if at.tzinfo is None:
        raise BadInput("the instant needs a time zone (Z or +00:00)", code="bad_instant")
    clock = ctx.clock
    if not isinstance(clock, FixedClock | OffsetClock):
        raise BadInput("the clock is real time; start with MYNEWS_CLOCK=fixed:<instant>", code="real_clock")
    clock.set_to(at)
    return state(ctx)
