"""/api/v1/articles: list, read, and the publisher push (single and batch)."""

from __future__ import annotations

from fastapi import APIRouter, Header, Request

from mynews.api.schemas import ArticleOut, ArticlePageOut, PushArticleIn, PushBatchIn, PushResultOut
from mynews.http.params import Id, Limit
from mynews.services.ingestion import push
from mynews.services.reading import articles
from mynews.services.reading.articles import ArticleView

router = APIRouter(prefix="/api/v1", tags=["articles"])


def article_out(view: ArticleView, *, full: bool) -> ArticleOut:
    """The API's article; lists (``full=False``) leave out the text and body."""
    return ArticleOut(
        id=view.id,
        title=view.title,
        url=view.url,
        standfirst=view.standfirst,
        section=view.section,
        authors=view.authors,
        published_at=view.published_at,
        language=view.language,
        site_name=view.site_name,
        lead_image=view.lead_image,
        text=view.text if full else None,
        body_html=view.body_html if full else None,
        captions=view.captions if full else [],
        tags=view.tags,
        story_id=view.story_id,
        sources=[{"id": s.id, "title": s.title, "url": s.url} for s in view.sources],
        status=view.status,
    )


@router.get("/articles", response_model=ArticlePageOut)
def list_articles(
    request: Request, cursor: str | None = None, limit: Limit = 30, source_id: Id | None = None
) -> ArticlePageOut:
    page = articles.latest(request.app.state.ctx, cursor=cursor, limit=limit, source_id=source_id)
    return ArticlePageOut(
        items=[article_out(v, full=False) for v in page.items], next_cursor=page.next_cursor
    )


@router.get("/articles/{article_id}", response_model=ArticleOut)
def get_article(request: Request, article_id: Id) -> ArticleOut:
    return article_out(articles.article(request.app.state.ctx, article_id), full=True)


def _bearer(value: str | None) -> str:
    if value and value.lower().startswith("bearer "):
        return value[7:].strip()
    return ""


def _to_item(a: PushArticleIn) -> push.PushedArticle:
    return push.PushedArticle(
        title=a.title,
        id=a.id,
        url=a.url,
        html=a.html,
        text=a.text,
        standfirst=a.standfirst,
        section=a.section,
        authors=tuple(a.authors),
        published=a.published,
        language=a.language,
        lead_image=a.lead_image,
        tags=tuple(a.tags),
    )


@router.post("/articles", response_model=PushResultOut, status_code=202)
def push_article(
    request: Request, body: PushArticleIn, authorization: str | None = Header(None)
) -> PushResultOut:
    """A publisher pushes one article (Authorization: Bearer <source push token>)."""
    result = push.push(request.app.state.ctx, _bearer(authorization), [_to_item(body)])[0]
    return PushResultOut(article_id=result.article_id, created=result.created)


@router.post("/articles/batch", response_model=list[PushResultOut], status_code=202)
def push_batch(
    request: Request, body: PushBatchIn, authorization: str | None = Header(None)
) -> list[PushResultOut]:
    """A publisher pushes up to 500 articles at once; each is idempotent on its id or url."""
    results = push.push(request.app.state.ctx, _bearer(authorization), [_to_item(a) for a in body.articles])
    return [PushResultOut(article_id=r.article_id, created=r.created) for r in results]
