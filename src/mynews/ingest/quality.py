"""Extraction quality: 4-gram shingle precision/recall, and the ground truth of the test pages.

A text becomes a set of shingles: lowercase unicode words taken four at a time, or, for
scripts written without spaces between words (Chinese, Japanese, Thai, Burmese, Khmer, Lao),
four characters at a time. Precision and recall are computed per page and averaged over
pages; F1 is taken from the averaged precision and recall.

Ground truth per page folder (``tests/data/pages/<name>/``): ``expected.html`` (Readability.js
output, converted to text), ``expected.txt`` or the ``text`` of ``expected-metadata.json``
(newspaper4k), or ``expected.json`` with ``with`` / ``without`` snippets (trafilatura), scored
separately as the share of ``with`` snippets found and ``without`` snippets absent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mynews.ingest.decompress import DOCUMENT_MAX_BYTES, inflate

SHINGLE = 4
_WORD = re.compile(r"\w+")
_NO_SPACE_SCRIPT = re.compile(
    "[\u0e00-\u0e7f\u0e80-\u0eff\u1000-\u109f\u1780-\u17ff"
    "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
)
_SPACE = re.compile(r"\s+")


def uses_char_shingles(text: str) -> bool:
    """True when most letters belong to scripts written without spaces between words."""
    letters = sum(1 for ch in text if ch.isalpha())
    if letters == 0:
        return False
    return len(_NO_SPACE_SCRIPT.findall(text)) / letters > 0.3


def shingles(text: str, *, chars: bool | None = None) -> set[tuple[str, ...]]:
    """The set of 4-gram shingles of ``text`` (words, or characters for CJK/Thai/Burmese)."""
    if chars is None:
        chars = uses_char_shingles(text)
    units = [ch for ch in text.lower() if ch.isalnum()] if chars else _WORD.findall(text.lower())
    if len(units) < SHINGLE:
        return {tuple(units)} if units else set()
    return {tuple(units[i : i + SHINGLE]) for i in range(len(units) - SHINGLE + 1)}


@dataclass(frozen=True)
class PageScore:
    name: str
    precision: float
    recall: float


def score_text(name: str, extracted: str, expected: str) -> PageScore:
    """Precision and recall of ``extracted`` against ``expected`` (both plain text)."""
    chars = uses_char_shingles(expected)
    got, want = shingles(extracted, chars=chars), shingles(expected, chars=chars)
    if not want:
        raise ValueError(f"{name}: expected text is empty")
    if not got:
        return PageScore(name, 0.0, 0.0)
    common = len(got & want)
    return PageScore(name, common / len(got), common / len(want))


@dataclass(frozen=True)
class Summary:
    """Averaged precision and recall over pages, and F1 computed from those averages."""

    pages: int
    precision: float
    recall: float

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)


def summarise(scores: Iterable[PageScore]) -> Summary:
    items = list(scores)
    if not items:
        return Summary(0, 0.0, 0.0)
    n = len(items)
    return Summary(n, sum(s.precision for s in items) / n, sum(s.recall for s in items) / n)


def normalise_space(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class SnippetScore:
    """Counts of ``with`` snippets found and ``without`` snippets absent, over pages."""

    with_found: int = 0
    with_total: int = 0
    without_absent: int = 0
    without_total: int = 0

    @property
    def with_share(self) -> float:
        return self.with_found / self.with_total if self.with_total else 0.0

    @property
    def without_share(self) -> float:
        return self.without_absent / self.without_total if self.without_total else 0.0

    def add(self, extracted: str, with_: list[str], without: list[str]) -> SnippetScore:
        text = normalise_space(extracted)
        found = sum(1 for s in with_ if normalise_space(s) in text)
        absent = sum(1 for s in without if normalise_space(s) not in text)
        return SnippetScore(
            self.with_found + found,
            self.with_total + len(with_),
            self.without_absent + absent,
            self.without_total + len(without),
        )


@dataclass(frozen=True)
class PageCase:
    """One test page: its HTML bytes and either an expected text or snippet lists."""

    name: str
    source: bytes
    url: str | None = None
    expected_text: str | None = None
    with_snippets: list[str] = field(default_factory=list)
    without_snippets: list[str] = field(default_factory=list)


def html_to_text(html: str) -> str:
    """Text of an HTML fragment, one line per block element."""
    import lxml.html

    root = lxml.html.fragment_fromstring(html, create_parent="div")
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    blocks = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "figcaption"}
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag in blocks:
            el.tail = "\n" + (el.tail or "")
    lines = (normalise_space(line) for line in root.text_content().split("\n"))
    return "\n".join(line for line in lines if line)


def _read_source(folder: Path) -> bytes:
    gz = folder / "source.html.gz"
    if gz.exists():
        return inflate(gz.read_bytes(), "gzip", max_bytes=DOCUMENT_MAX_BYTES)
    return (folder / "source.html").read_bytes()


def load_case(folder: Path) -> PageCase | None:
    """The case of one page folder, or None when it has no ground truth (front pages)."""
    source = _read_source(folder)
    name = folder.name
    if (folder / "expected.html").exists():
        text = html_to_text((folder / "expected.html").read_text(encoding="utf-8"))
        return PageCase(name, source, expected_text=text)
    if (folder / "expected.txt").exists():
        return PageCase(name, source, expected_text=(folder / "expected.txt").read_text(encoding="utf-8"))
    meta = folder / "expected-metadata.json"
    if meta.exists() and json.loads(meta.read_text(encoding="utf-8")).get("text"):
        text = json.loads(meta.read_text(encoding="utf-8"))["text"]
        return PageCase(name, source, expected_text=text)
    snippets = folder / "expected.json"
    if snippets.exists():
        data = json.loads(snippets.read_text(encoding="utf-8"))
        return PageCase(
            name, source, url=data.get("url"), with_snippets=data["with"], without_snippets=data["without"]
        )
    return None


def load_cases(root: Path) -> list[PageCase]:
    """Every page folder under ``root`` that has ground truth, sorted by name."""
    found = (load_case(p) for p in sorted(root.iterdir()) if p.is_dir() and "__" in p.name)
    return [c for c in found if c is not None]


@dataclass(frozen=True)
class Report:
    text: Summary
    snippets: SnippetScore
    pages: tuple[PageScore, ...]


def evaluate(cases: Iterable[PageCase], extract: Callable[[PageCase], str]) -> Report:
    """Score ``extract`` (page -> body text) over ``cases``."""
    scores: list[PageScore] = []
    snip = SnippetScore()
    for case in cases:
        got = extract(case)
        if case.expected_text is not None:
            scores.append(score_text(case.name, got, case.expected_text))
        else:
            snip = snip.add(got, case.with_snippets, case.without_snippets)
    return Report(summarise(scores), snip, tuple(scores))


def is_dev_page(name: str) -> bool:
    """The tuning split: pages whose name's SHA-1 is even. The others are held out."""
    import hashlib

    return hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).digest()[-1] % 2 == 0
