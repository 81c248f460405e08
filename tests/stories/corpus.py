"""Loads the two real corpora copied into tests/data/corpus (Global Voices May 2012, Wikinews).

Plain text for each article (HTML stripped with lxml), its date and a stable id: the Global
Voices post id (``gv:316447``) or the Wikinews URL slug (``wn:Notre_Dame_in_Paris_catches_fire``).
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data"
CORPUS = DATA / "corpus"


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
    with open(CORPUS / "globalvoices-2012-05" / "articles.jsonl", encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
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
    csv.field_size_limit(10**8)
    out = []
    for name in ("wikinews_2019.csv", "wikinews_2020.csv"):
        with open(CORPUS / "wikinews-2019-2021" / name, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
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
