"""Demo corpus articles as the understanding step reads them (title, standfirst, paragraphs and
captions from the same parsing the demo loads with), by guid."""

from __future__ import annotations

from functools import lru_cache

from mynews.core.enrichment import ArticleText, EntityMention
from mynews.enrich.entities import extract_entities


@lru_cache(maxsize=1)
def _texts() -> dict[str, ArticleText]:
    from mynews.services.ingestion.corpus import items

    return {
        item.guid: ArticleText(
            title=item.article.title,
            standfirst=item.article.standfirst,
            body="\n\n".join(item.article.paragraphs),
            captions=tuple(c.text for c in item.article.captions),
            language="en",
        )
        for item in items()
    }


def demo_text(guid: str) -> ArticleText:
    """``gv:318231`` (a Global Voices post id) or ``wn:<page title>`` (a Wikinews page)."""
    source, _, key = guid.partition(":")
    wanted = f"?p={key}" if source == "gv" else f"/wiki/{key}"
    found = [text for g, text in _texts().items() if g.endswith(wanted)]
    assert len(found) == 1, (guid, len(found))
    return found[0]


def demo_entities(guid: str) -> dict[str, EntityMention]:
    return {e.name: e for e in extract_entities(demo_text(guid))}


def demo_kinds(guid: str) -> dict[str, str]:
    return {name: e.kind for name, e in demo_entities(guid).items()}
