"""Reads the Global Voices May 2012 corpus bundled with mynews as ArticleText values,
with each post's categories (used as topic labels for the IPTC topic classifier).

Also imported by bench/train_topics.py and bench/enrich.py. WordPress shortcodes are handled:
``[caption ... caption="X"]`` becomes a caption, ``[embed]...[/embed]`` goes.
"""

from __future__ import annotations

import html as html_lib
import re
import zlib
from dataclasses import dataclass
from functools import lru_cache

from mynews.core.enrichment import ArticleText
from mynews.services.ingestion.corpus import global_voices_records

_CAPTION = re.compile(r"\[caption[^\]]*?caption=\"([^\"]*)\"[^\]]*\].*?\[/caption\]", re.S)
_EMBED = re.compile(r"\[embed\].*?\[/embed\]", re.S)
_SHORTCODE = re.compile(r"\[/?\w+[^\]]*\]")


@dataclass(frozen=True)
class GVArticle:
    id: int
    text: ArticleText
    categories: tuple[str, ...]

    @property
    def split(self) -> str:
        """A stable train/test split: about 30% of posts are held out, chosen by id."""
        return "test" if zlib.crc32(str(self.id).encode()) % 10 < 3 else "train"


def html_to_text(html: str) -> tuple[str, tuple[str, ...]]:
    """Body paragraphs (joined by blank lines) and captions of a post's HTML."""
    import lxml.html

    captions = tuple(html_lib.unescape(c).strip() for c in _CAPTION.findall(html) if c.strip())
    html = _SHORTCODE.sub("", _EMBED.sub("", _CAPTION.sub("", html)))
    if not html.strip():
        return "", captions
    root = lxml.html.fromstring(f"<div>{html}</div>")
    for node in root.iter("br", "p", "div", "li", "blockquote", "h2", "h3"):
        node.tail = "\n" + (node.tail or "")
    lines = [line.strip() for line in root.text_content().split("\n")]
    return "\n\n".join(line for line in lines if line), captions


@lru_cache(maxsize=1)
def load_gv() -> tuple[GVArticle, ...]:
    out = []
    for row in global_voices_records():
        body, captions = html_to_text(row["content_html"] or "")
        text = ArticleText(
            title=row["title"].strip(),
            standfirst=(row.get("excerpt") or "").strip() or None,
            body=body,
            captions=captions,
            tags=tuple(row["tags"]),
            language=row.get("language"),
        )
        out.append(GVArticle(row["id"], text, tuple(row["categories"])))
    return tuple(out)
