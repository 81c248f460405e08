"""/api/v1/app-passwords: the reader's passwords for reader apps (list, create, revoke)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from mynews.api.readers import Reader
from mynews.http.params import Id
from mynews.services.delivery import app_passwords

router = APIRouter(prefix="/api/v1", tags=["reader apps"])


class AppPasswordIn(BaseModel):
    name: str = Field("app", max_length=200, description="Which app it is for")


class AppPasswordOut(BaseModel):
    id: int
    name: str
    created_at: datetime
    last_used_at: datetime | None
    password: str | None = Field(None, description="The password itself, only in the answer that creates it")


@router.get("/app-passwords", response_model=list[AppPasswordOut])
def listing(request: Request, reader: Reader) -> list[AppPasswordOut]:
    return [AppPasswordOut(**asdict(p)) for p in app_passwords.listing(request.app.state.ctx, reader.id)]


@router.post("/app-passwords", response_model=AppPasswordOut, status_code=201)
def create(request: Request, reader: Reader, body: AppPasswordIn) -> AppPasswordOut:
    """A password for one reader app (Miniflux, Google Reader or Fever API); shown once."""
    view, raw = app_passwords.create(request.app.state.ctx, reader.id, reader.email, body.name)
    return AppPasswordOut(**asdict(view), password=raw)


@router.delete("/app-passwords/{password_id}", status_code=204)
def revoke(request: Request, reader: Reader, password_id: Id) -> Response:
    app_passwords.revoke(request.app.state.ctx, reader.id, password_id)
    return Response(status_code=204)
