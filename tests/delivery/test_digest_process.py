"""The digest commands as real processes: ``mynews digest send --due`` killed while the SMTP
server holds its message leaves the digest pending (nothing delivered), and the next run after
the lease sends it exactly once; ``mynews digest preview --out`` saves a parseable .eml."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from datetime import timedelta
from email import policy
from email.parser import BytesParser
from pathlib import Path

from mynews.core.settings import Settings
from mynews.services.context import Context
from mynews.services.delivery import outbox
from tests.delivery.conftest import NEWS_NOW
from tests.delivery.mailserver import MailServer
from tests.delivery.test_digest_mail import _reader_with_digest


def _env(settings: Settings, mail: MailServer, at: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYNEWS_")}
    env.update(
        MYNEWS_DATABASE_URL=settings.resolved_database_url(),
        MYNEWS_DATA_DIR=str(settings.data_dir),
        MYNEWS_SECRET_KEY="test-secret-key",
        MYNEWS_ENRICH_ENABLED="false",
        MYNEWS_CLOCK=f"fixed:{at}",
        MYNEWS_SMTP_HOST="127.0.0.1",
        MYNEWS_SMTP_PORT=str(mail.port),
        MYNEWS_SMTP_SECURITY="none",
        MYNEWS_SMTP_USER="mynews",
        MYNEWS_SMTP_PASSWORD="smtp secret",
        MYNEWS_SMTP_FROM="digest@news.example",
    )
    return env


def _mynews(*args: str) -> list[str]:
    return [sys.executable, "-c", "from mynews.cli.main import app; app()", *args]


def test_a_sender_killed_mid_send_leaves_the_digest_to_the_next_run_which_sends_it_once(
    news_ctx: Context, news: dict[str, list[int]], mail: MailServer, tmp_path: Path
) -> None:
    ctx = news_ctx
    _reader_with_digest(ctx, news)
    mail.box.hold = threading.Event()
    now = NEWS_NOW.isoformat()
    first = subprocess.Popen(_mynews("digest", "send", "--due"), env=_env(ctx.settings, mail, now))
    try:
        assert mail.box.arrived.wait(120), "the sender never reached DATA"
        first.send_signal(signal.SIGKILL)
        first.wait(30)
    finally:
        mail.box.hold.set()
    mail.box.hold = None
    [pending] = outbox.history(ctx, _only_reader(ctx))
    assert pending.status == "pending" and pending.attempts == 1 and not mail.box.received

    # Within the lease nobody else sends it; after the lease the next run does, once.
    early = outbox.send_due(ctx)  # another worker, within the lease
    assert (early.sent, early.failed) == (0, 0) and not mail.box.received
    later = (NEWS_NOW + timedelta(minutes=20)).isoformat()
    done = subprocess.run(
        _mynews("digest", "send", "--due"), env=_env(ctx.settings, mail, later), timeout=120
    )
    assert done.returncode == 0
    assert len(mail.box.received) == 1
    [sent] = outbox.history(ctx, _only_reader(ctx))
    assert (sent.status, sent.attempts) == ("sent", 2)

    eml = tmp_path / "digest.eml"
    preview = subprocess.run(
        _mynews("digest", "preview", "ada@example.org", "--out", str(eml)),
        env=_env(ctx.settings, mail, later),
        timeout=120,
    )
    assert preview.returncode == 0
    message = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert message["To"] == "ada@example.org" and message.get_body(("html",)) is not None


def _only_reader(ctx: Context) -> int:
    from mynews.services.readers import accounts

    [reader] = accounts.list_readers(ctx)
    return reader.id
