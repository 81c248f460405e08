"""Loads the two real corpora bundled with mynews (Global Voices May 2012, Wikinews).

Plain text for each article (HTML stripped with lxml), its date and a stable id: the Global
Voices post id (``gv:316447``) or the Wikinews URL slug (``wn:Notre_Dame_in_Paris_catches_fire``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from mynews.services.ingestion.corpus import global_voices_records, wikinews_records

DATA = Path(__file__).resolve().parent.parent / "data"


@dataclass(frozen=True)
class CorpusArticle:
    id: str
    title: str
    body: str
    published: datetime
    url: str

    @property
    def lead(self) -> str:
        return f"{self.title}\n{self.body[:600]}"


def _html_text(html: str) -> str:
    import lxml.html

    if not html.strip():
        return ""
    root = lxml.html.fromstring(f"<div>{html}</div>")
    for br in root.iter("br", "p"):
        br.tail = "\n" + (br.tail or "")
    text = root.text_content()
    return "\n\n".join(p.strip() for p in text.split("\n") if p.strip())


@lru_cache(maxsize=1)
def globalvoices() -> tuple[CorpusArticle, ...]:
    out = []
    for row in global_voices_records():
        published = datetime.strptime(row["post_date_gmt"], "%Y-%m-%d %H:%M:%S")
        out.append(
            CorpusArticle(
                f"gv:{row['id']}",
                row["title"].strip(),
                _html_text(row["content_html"]),
                published,
                row["url"],
            )
        )
    return tuple(sorted(out, key=lambda a: a.published))


@lru_cache(maxsize=1)
def wikinews() -> tuple[CorpusArticle, ...]:
    out = []
    for row in wikinews_records():
        if row["title"].startswith("TEST PAGE"):
            continue
        body = row["text"].split("\n", 1)[1] if "\n" in row["text"] else row["text"]
        body = "\n\n".join(p.strip() for p in body.split("\n") if p.strip())
        slug = row["url"].rsplit("/wiki/", 1)[-1]
        published = datetime.strptime(row["date"], "%Y-%m-%d")
        out.append(CorpusArticle(f"wn:{slug}", row["title"].strip(), body, published, row["url"]))
    return tuple(sorted(out, key=lambda a: a.published))


def by_id() -> dict[str, CorpusArticle]:
    return {a.id: a for a in (*globalvoices(), *wikinews())}
