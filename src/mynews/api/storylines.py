"""/api/v1 storylines: what events belong to, with a timeline of their events."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request

from mynews.api.articles import article_out
from mynews.http.params import DbInt, Id, Limit
from mynews.services.browsing import storylines

router = APIRouter(prefix="/api/v1", tags=["browse"])


@router.get("/storylines")
def list_storylines(request: Request, min_events: DbInt = 2, limit: Limit = 50) -> list[dict[str, object]]:
    """Recent storylines with at least ``min_events`` events, most recently updated first."""
    found = storylines.recent_storylines(
        request.app.state.ctx, min_events=max(1, min_events), limit=max(1, min(limit, 200))
    )
    return [{**asdict(s), "level": "storyline"} for s in found]


@router.get("/storylines/{storyline_id}")
def get_storyline(request: Request, storyline_id: Id) -> dict[str, object]:
    """A storyline: its events oldest first (size, sources, dates, representative article),
    entities and articles per day. A merged or rebuilt id answers 301 to where it went."""
    s = storylines.storyline(request.app.state.ctx, storyline_id)
    return {
        "id": s.id,
        "level": "storyline",
        "label": s.label,
        "size": s.size,
        "article_count": s.article_count,
        "source_count": s.source_count,
        "first_published": s.first_published,
        "last_published": s.last_published,
        "follow": {"kind": "storyline", "key": str(s.id)},
        "events": [
            {
                "id": e.id,
                "label": e.label,
                "size": e.size,
                "source_count": e.source_count,
                "first_published": e.first_published,
                "last_published": e.last_published,
                "representative": article_out(e.representative, full=False).model_dump(mode="json")
                if e.representative
                else None,
            }
            for e in s.events
        ],
        "entities": [asdict(e) for e in s.entities],
        "per_day": s.per_day,
    }
