"""One place that turns settings into a fetch policy, shared by every use case that fetches."""

from __future__ import annotations

from functools import lru_cache

from mynews.core.fetching import FetchResult, Validators
from mynews.core.settings import Settings
from mynews.ingest import fetch as fetcher


def policy(settings: Settings) -> fetcher.FetchPolicy:
    return fetcher.FetchPolicy(
        timeout=settings.fetch_timeout,
        max_bytes=settings.fetch_max_bytes,
        max_redirects=settings.fetch_max_redirects,
        user_agent=settings.fetch_user_agent,
        allow_hosts=tuple(settings.fetch_allow_hosts),
    )


@lru_cache(maxsize=8)
def _limiter(max_per_host: int) -> fetcher.HostLimiter:
    return fetcher.HostLimiter(max_per_host)


def fetch(settings: Settings, url: str, validators: Validators | None = None) -> FetchResult:
    """Fetch with the operator's policy and the process-wide per-host limit."""
    with _limiter(settings.fetch_max_per_host).slot(url):
        return fetcher.fetch(url, validators=validators, policy=policy(settings))
