"""/api/v1/sources: source health for operators."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request

from mynews.api.schemas import SourceOut
from mynews.http.auth import require_admin
from mynews.http.params import Id, Limit
from mynews.services.ingestion import catalog

router = APIRouter(prefix="/api/v1", tags=["sources"])


@router.get("/sources", response_model=list[SourceOut], dependencies=[Depends(require_admin)])
def list_sources(request: Request, after_id: Id = 0, limit: Limit = 100) -> list[SourceOut]:
    rows = catalog.list_sources(request.app.state.ctx, after_id=after_id, limit=min(limit, 500))
    return [
        SourceOut(
            id=s.id,
            url=s.url,
            kind=s.kind,
            title=s.title,
            health=s.health,
            item_count=s.item_count,
            error_count=s.error_count,
            last_error=s.last_error,
            last_checked_at=s.last_checked_at,
            next_check_at=s.next_check_at,
        )
        for s in rows
    ]
