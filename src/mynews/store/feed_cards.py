"""What a feed card shows about its article: title, link, excerpt start, image, source, time."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from mynews.store.models import Article, Source


@dataclass(frozen=True)
class CardRow:
    """What a card shows about its article."""

    id: int
    title: str
    url: str | None
    standfirst: str | None
    text_start: str
    lead_image: str | None
    site_name: str | None
    published: datetime


def card_rows(session: Session, ids: Sequence[int]) -> dict[int, CardRow]:
    if not ids:
        return {}
    rows = session.execute(
        select(
            Article.id,
            Article.title,
            Article.url,
            Article.standfirst,
            func.substr(Article.text, 1, 400),
            Article.lead_image,
            func.coalesce(Source.title, Article.site_name),
            Article.published_at,
        )
        .outerjoin(Source, Source.id == Article.first_source_id)
        .where(Article.id.in_(list(ids)))
    )
    return {r[0]: CardRow(r[0], r[1] or "", r[2], r[3], r[4] or "", r[5], r[6], r[7]) for r in rows}
