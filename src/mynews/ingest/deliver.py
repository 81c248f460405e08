"""Delivering to a user-given URL over HTTP: one guarded JSON POST (webhooks).

The POST goes through ``fetch``'s guarded client: the host is resolved and checked by the SSRF
guard at connect time and the checked address is dialled (loopback, private, link-local and
metadata addresses are refused unless allowed); redirects are not followed (a receiver answers
where it is). The answer is returned with a short excerpt of its body for the delivery log.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import httpx

from mynews.core.errors import FetchError
from mynews.ingest.address_guard import check_url
from mynews.ingest.fetch import FetchPolicy, make_client

EXCERPT = 300


@dataclass(frozen=True)
class PostResult:
    status: int
    body: str  # the first characters of the answer
    elapsed: float

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


def post_json(url: str, body: bytes, headers: dict[str, str], policy: FetchPolicy) -> PostResult:
    """POST ``body`` (JSON) to ``url``; FetchError(kind=blocked|timeout|network) when it cannot."""
    check_url(url, policy.allow_hosts)
    started = time.monotonic()
    with make_client(policy) as client:
        try:
            with client.stream(
                "POST", url, content=body, headers={"Content-Type": "application/json", **headers}
            ) as response:
                excerpt = _excerpt(response)
        except httpx.TimeoutException as exc:
            raise FetchError(f"timed out posting to {url}", kind="timeout") from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise FetchError(f"invalid URL {url!r}: {exc}", kind="blocked") from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"network error posting to {url}: {exc}", kind="network") from exc
    return PostResult(response.status_code, excerpt, time.monotonic() - started)


def _excerpt(response: httpx.Response) -> str:
    data = b""
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) >= EXCERPT * 4:
            break
    return data.decode("utf-8", errors="replace")[:EXCERPT]
