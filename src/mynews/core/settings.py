"""All configuration, read once from the environment (prefix ``MYNEWS_``) and passed down.

Every field is documented in docs/settings.md; a test fails when one is not.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MYNEWS_", env_file=".env", extra="ignore")

    data_dir: Path = Field(
        default=Path("var"), description="Where the embedded database, task queue and caches live."
    )
    database_url: str | None = Field(
        default=None,
        description="SQLAlchemy URL. Empty: SQLite at DATA_DIR/mynews.db. PostgreSQL: postgresql+psycopg://user@host/db.",
    )
    redis_url: str | None = Field(
        default=None,
        description="When set, background tasks go through Redis and run in `mynews worker` processes.",
    )
    secret_key: str = Field(
        default="",
        description="Signs sessions and CSRF tokens. Empty: a key is generated and kept in DATA_DIR/secret_key.",
    )
    base_url: str = Field(default="http://127.0.0.1:8000", description="The public address of this instance.")
    host: str = Field(default="127.0.0.1", description="Address `mynews serve` listens on.")
    port: int = Field(default=8000, description="Port `mynews serve` listens on.")
    clock: str = Field(
        default="real",
        description="Which time the instance lives in: real; an ISO instant to start from (2020-12-31T18:00:00Z); fixed:<instant> (stands still); offset:<duration> (-30d, -P30DT6H). For replays and the demo corpus.",
    )
    replay_clock: bool = Field(
        default=False,
        description="Operators may move this instance's clock over the API (PUT /api/v1/admin/clock), for replays of past news and demos. Needs MYNEWS_CLOCK=fixed:<instant> (or an instant/offset clock). Off by default: the route does not exist unless this is true. Never on a public instance.",
    )
    db_busy_timeout: float = Field(
        default=5.0,
        description="Seconds a write waits for a locked database (SQLite busy timeout, PostgreSQL connect and pool waits) before it is retried with back-off; still locked after five tries: 503 with Retry-After.",
    )
    workers_in_process: int = Field(
        default=2, description="Task-queue worker threads inside `mynews serve` when no Redis is set."
    )

    fetch_timeout: float = Field(
        default=20.0, description="Seconds before a fetch gives up (connect, read and total)."
    )
    fetch_max_bytes: int = Field(
        default=10_000_000, description="Largest response body accepted, in bytes (after decompression)."
    )
    fetch_max_per_host: int = Field(default=2, description="Concurrent requests to one host at most.")
    fetch_max_redirects: int = Field(default=5, description="Redirect hops followed at most.")
    fetch_user_agent: str = Field(
        default="mynews/0.1 (+https://github.com/mynews)",
        description="User-Agent header sent with every fetch.",
    )
    fetch_images: bool = Field(
        default=True,
        description="Fetch the pictures of articles and the icons of sources in the background worker, re-encode them and serve them from this instance (off: placeholders only).",
    )
    image_max_bytes: int = Field(
        default=8_000_000, description="Largest picture accepted, in bytes, before decoding."
    )
    image_max_pixels: int = Field(
        default=40_000_000,
        description="Largest picture accepted, in pixels (width x height), checked before decoding.",
    )
    fetch_max_ratio: float = Field(
        default=100.0,
        description="Largest decompressed/compressed size ratio accepted for a fetched page or feed (past its first megabyte); a bigger one is refused as a compression bomb.",
    )
    poll_interval: float = Field(
        default=1800.0, description="Default seconds between two checks of one source."
    )
    poll_max_backoff: float = Field(
        default=86400.0, description="Longest wait after repeated errors, in seconds."
    )
    full_text_default: bool = Field(
        default=True, description="New sources fetch the full page when their feed carries only a summary."
    )

    embedding_model: str = Field(
        default="all-MiniLM-L6-v2",
        description="Embedder name (all-MiniLM-L6-v2, or hashing for a light fallback).",
    )
    enrich_enabled: bool = Field(
        default=True, description="Run entity, topic, vector and story steps on new articles."
    )

    article_max_title_chars: int = Field(
        default=1000, description="Longest title stored; longer ones are cut."
    )
    article_max_standfirst_chars: int = Field(
        default=5000, description="Longest standfirst (and caption) stored; longer ones are cut."
    )
    article_max_text_chars: int = Field(
        default=200_000, description="Longest article text stored, in characters; longer text is cut."
    )
    article_max_body_bytes: int = Field(
        default=1_000_000,
        description="Largest stored body HTML, in bytes after sanitising; larger bodies are cut.",
    )
    article_max_tags: int = Field(
        default=50, description="Tags kept per article (a push with more is refused)."
    )
    article_max_authors: int = Field(
        default=20, description="Authors kept per article (a push with more is refused)."
    )
    article_max_images: int = Field(default=50, description="Images and captions kept per article.")
    process_max_attempts: int = Field(
        default=3,
        description="Processing runs an article gets; after this many failures it is marked failed, with its error, for the operator.",
    )
    max_body_default: int = Field(
        default=65_536, description="Largest request body in bytes for forms and JSON (413 above)."
    )
    max_body_push: int = Field(
        default=5_000_000, description="Largest request body in bytes for a pushed article (413 above)."
    )
    max_body_push_batch: int = Field(
        default=20_000_000, description="Largest request body in bytes for a batch push (413 above)."
    )

    session_max_age: int = Field(default=14 * 86400, description="Seconds a sign-in lasts.")
    secure_cookies: bool = Field(default=False, description="Mark cookies Secure (set true behind HTTPS).")
    login_window: int = Field(
        default=900,
        description="Seconds over which failed sign-ins are counted by the three throttles below.",
    )
    login_failures_per_account: int = Field(
        default=10,
        description="Failed sign-ins for one account (from any address) within the window before it answers 429.",
    )
    login_failures_per_address: int = Field(
        default=30,
        description="Failed sign-ins from one client address (across all accounts) within the window before it answers 429.",
    )
    login_failures_global: int = Field(
        default=1000,
        description="Failed sign-ins across the whole instance within the window before every sign-in answers 429.",
    )
    signups_per_address: int = Field(
        default=10, description="Accounts one client address may create per hour."
    )
    trusted_proxies: list[str] = Field(
        default_factory=list,
        description="Addresses or networks (CIDR) of reverse proxies whose X-Forwarded-For is believed. Empty: the client address is the TCP peer and forwarded headers are ignored.",
    )
    refresh_max_items: int = Field(
        default=500,
        description="Items stored from one feed refresh at most, newest first; the rest are counted on the source (skipped items).",
    )
    refresh_chunk: int = Field(
        default=100, description="Items written per transaction during a refresh (short write transactions)."
    )
    process_lease: float = Field(
        default=600.0,
        description="Seconds a worker owns an article it is processing; after that a sweep hands it to another worker (a worker that died mid-task).",
    )
    reclaim_interval: float = Field(
        default=60.0,
        description="Seconds between two sweeps that re-queue articles whose task was lost (dead worker, restarted Redis, failed enqueue).",
    )

    smtp_host: str = Field(
        default="", description="SMTP server for e-mail digests and notices. Empty: no e-mail is sent."
    )
    smtp_port: int = Field(default=587, description="SMTP port (587 for STARTTLS, 465 for TLS, 25 for none).")
    smtp_security: str = Field(
        default="starttls", description="How the SMTP connection is protected: starttls, tls or none."
    )
    smtp_user: str = Field(default="", description="SMTP user name; empty: no authentication.")
    smtp_password: str = Field(default="", description="SMTP password.")
    smtp_from: str = Field(
        default="mynews <mynews@localhost>", description="The From address of every message mynews sends."
    )
    smtp_timeout: float = Field(default=30.0, description="Seconds before an SMTP conversation gives up.")
    smtp_ca_file: str = Field(
        default="",
        description="PEM file of the CA that signs the SMTP server's certificate (a private CA); empty: the system's CAs.",
    )
    digest_stories: int = Field(default=10, description="Top stories in one e-mail digest at most.")
    digest_max_attempts: int = Field(
        default=8, description="Tries of one digest after temporary (4xx) failures before it is given up."
    )

    alert_big_sources: int = Field(
        default=5,
        description="A story is big when this many distinct sources cover it within ALERT_BIG_HOURS.",
    )
    alert_big_hours: float = Field(default=6.0, description="The window, in hours, for ALERT_BIG_SOURCES.")
    alert_max_age_hours: float = Field(
        default=24.0, description="Articles published longer ago than this never raise an alert."
    )
    alerts_per_hour: int = Field(default=4, description="Alerts one reader receives per hour at most.")
    alerts_per_day: int = Field(default=20, description="Alerts one reader receives per day at most.")
    apprise_schemes: list[str] = Field(
        default_factory=lambda: [
            "ntfy",
            "ntfys",
            "json",
            "jsons",
            "matrix",
            "matrixs",
            "tgram",
            "discord",
            "slack",
            "mailto",
            "mailtos",
            "gotify",
            "gotifys",
            "rocket",
            "rockets",
            "mmost",
            "mmosts",
            "pover",
            "signal",
            "signals",
        ],
        description="Apprise services readers may choose for alerts (URL schemes); remove one to turn it off.",
    )
    delivery_allow_hosts: list[str] = Field(
        default_factory=list,
        description="Hosts that webhooks and alerts may reach even though they resolve to loopback/private addresses.",
    )
    webhook_timeout: float = Field(default=10.0, description="Seconds a webhook receiver has to answer.")
    webhook_max_attempts: int = Field(
        default=8, description="Tries of one webhook delivery (exponential back-off) before it is given up."
    )
    webhook_disable_after: int = Field(
        default=5, description="Deliveries given up in a row after which a webhook is disabled."
    )
    sync_enabled: bool = Field(
        default=True,
        description="Serve the sync APIs reader apps speak (Miniflux /v1, Google Reader, Fever). False: they answer 404.",
    )
    sync_refresh_seconds: float = Field(
        default=30.0,
        description="A reader's sync feeds look for new articles at most this often (seconds, per reader and process).",
    )
    sync_backfill: int = Field(
        default=1000,
        description="Entries a newly followed feed starts with in reader apps (its newest articles).",
    )
    sync_for_you_items: int = Field(
        default=100,
        description="How many ranked articles the For you feed of reader apps carries (50 to 500).",
    )
    sync_for_you_refresh_seconds: float = Field(
        default=300.0, description="Seconds between two rankings of a reader's For you feed for reader apps."
    )
    sync_auth_cache_seconds: float = Field(
        default=60.0,
        description="Seconds a verified app password is remembered in the process (revoking clears it at once in the process that revokes; others within this time).",
    )

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'mynews.db').resolve()}"

    @property
    def is_sqlite(self) -> bool:
        return self.resolved_database_url().startswith("sqlite")
