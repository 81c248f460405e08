"""One place that turns settings into a fetch policy, shared by every use case that fetches.

The HTTP client (its connection pool and TLS context) and the per-host limiter are made once
per process and policy, and shared by every task thread.
"""

from __future__ import annotations

from functools import lru_cache

from mynews.core.fetching import FetchResult, Validators
from mynews.core.settings import Settings
from mynews.ingest import fetch as fetcher
from mynews.ingest.address_guard import endpoint


def allowance_for(source_allowance: str | None, url: str) -> str | None:
    """A source's allowance, when ``url`` is on exactly that endpoint (else nothing)."""
    return source_allowance if source_allowance and endpoint(url) == source_allowance else None


@lru_cache(maxsize=8)
def _limiter(max_per_host: int) -> fetcher.HostLimiter:
    return fetcher.HostLimiter(max_per_host)


@lru_cache(maxsize=8)
def _client(policy: fetcher.FetchPolicy):
    return fetcher.make_client(policy)


def fetch(
    settings: Settings, url: str, validators: Validators | None = None, *, allowance: str | None = None
) -> FetchResult:
    """Fetch with the operator's policy (SSRF guard, size, time) and the per-host limit.

    ``allowance`` is a source's own ``host:port`` that the operator allowed although it is an
    internal address; it opens that endpoint only, for that source's fetches only.
    """
    policy = fetcher.FetchPolicy.from_settings(settings, allow_hosts=(allowance,) if allowance else ())
    return fetcher.fetch(
        url,
        validators=validators,
        policy=policy,
        limiter=_limiter(policy.max_per_host),
        client=_client(policy),
    )


IMAGE_ACCEPT = "image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.9,*/*;q=0.1"


def fetch_image(settings: Settings, url: str, *, allowance: str | None = None) -> FetchResult:
    """Fetch a picture: the same guard, with the picture size cap and an image Accept header."""
    policy = fetcher.FetchPolicy.from_settings(
        settings,
        max_bytes=settings.image_max_bytes,
        accept=IMAGE_ACCEPT,
        allow_hosts=(allowance,) if allowance else (),
    )
    return fetcher.fetch(url, policy=policy, limiter=_limiter(policy.max_per_host), client=_client(policy))
