"""One-click unsubscribe from e-mail digests (RFC 8058). Mail providers POST
``List-Unsubscribe=One-Click`` to the link of the ``List-Unsubscribe`` header, with no cookie:
the signed token in the path is the only credential (so no CSRF token applies). A browser that
follows the link gets a page with a button that sends the same POST (a GET changes nothing, so
link scanners cannot unsubscribe anyone)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from mynews.services.delivery import unsubscribe
from mynews.web.readers import render

router = APIRouter(include_in_schema=False)


@router.get("/unsubscribe/{token}", response_class=HTMLResponse)
def confirm(request: Request, token: str) -> Response:
    _, email = unsubscribe.reader_of(request.app.state.ctx, token)
    return render(request, "unsubscribe.html", {"email": email, "token": token, "done": False})


@router.post("/unsubscribe/{token}", response_class=HTMLResponse)
def one_click(request: Request, token: str) -> Response:
    email = unsubscribe.unsubscribe(request.app.state.ctx, token)
    return render(request, "unsubscribe.html", {"email": email, "token": token, "done": True})
