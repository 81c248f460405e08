"""Only absolute http(s) URLs with a host survive, whatever the spelling of a hostile scheme."""

from __future__ import annotations

import pytest

from mynews.ingest.web_urls import web_url

BASE = "https://news.example.org/section/page.html"
HOSTILE = [
    "javascript:alert(1)//",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "\x01\x02javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "javascript&#58;alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "mailto:a@example.org",
    "http:alert(1)",
    "https:/\\evil.example",
    "//",
    "http://",
    "http://x.example:99999/",
    "http://a.example/\x00x",
    "https://a.example/" + "a" * 2100,
]


@pytest.mark.parametrize("value", HOSTILE)
def test_a_hostile_url_is_dropped_with_or_without_a_base(value: str) -> None:
    assert web_url(value) is None or web_url(value).startswith(("http://", "https://"))
    for base in (None, BASE):
        result = web_url(value, base)
        if result is not None:  # resolved as a path under the base: harmless text, never a scheme
            assert result.startswith("https://news.example.org/"), (value, result)
    assert web_url(value) is None


def test_web_urls_are_kept_and_relative_ones_resolved() -> None:
    assert web_url("https://a.example/x?y=1#z") == "https://a.example/x?y=1#z"
    assert web_url("  HTTP://A.example/x ") == "HTTP://A.example/x"
    assert web_url("/img/a.jpg", BASE) == "https://news.example.org/img/a.jpg"
    assert web_url("//cdn.example/a.jpg", BASE) == "https://cdn.example/a.jpg"
    assert web_url("/img/a.jpg") is None
    assert web_url("/img/a.jpg", "javascript:alert(1)") is None
    assert web_url(None) is None and web_url("") is None and web_url(42) is None
