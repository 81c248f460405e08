"""/api/v1/admin/clock: read or move the instance's clock, for replays and demos.

Registered only when ``MYNEWS_REPLAY_CLOCK`` is true (off by default: on a normal instance the
route does not exist), and only for operators (an admin's token or session)."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field

from mynews.http.auth import require_admin
from mynews.services.operating import clock

router = APIRouter(prefix="/api/v1/admin", tags=["operators"], dependencies=[Depends(require_admin)])


class ClockIn(BaseModel):
    now: datetime = Field(description="The instant the clock moves to (ISO 8601 with a zone)")


class ClockOut(BaseModel):
    now: datetime
    kind: str = Field(description="real, fixed:<instant> or offset:<seconds>")
    movable: bool


def _out(state: clock.ClockState) -> ClockOut:
    return ClockOut(now=state.now, kind=state.kind, movable=state.movable)


@router.get("/clock", response_model=ClockOut)
def get_clock(request: Request) -> ClockOut:
    return _out(clock.state(request.app.state.ctx))


@router.put("/clock", response_model=ClockOut)
def put_clock(request: Request, body: ClockIn) -> ClockOut:
    """Move the clock (replays): needs MYNEWS_REPLAY_CLOCK and a fixed, instant or offset clock."""
    return _out(clock.set_clock(request.app.state.ctx, body.now))
