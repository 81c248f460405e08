"""Use case: tell a reader (or, for global things, every operator) something by e-mail — when an
SMTP server is configured; the same notice is always visible on their delivery page."""

from __future__ import annotations

from mynews.mail import smtp
from mynews.mail.notice import compose_notice
from mynews.services.context import Context
from mynews.store import readers


def send(ctx: Context, reader_id: int | None, subject: str, text: str) -> int:
    """E-mail the reader (None: the operators); returns how many messages went out."""
    config = smtp.SmtpConfig.from_settings(ctx.settings)
    if not config.configured:
        return 0
    with ctx.db.reading() as session:
        if reader_id is not None:
            row = readers.get(session, reader_id)
            to = [row.email] if row else []
        else:
            to = [r.email for r in readers.listing(session, limit=1000) if r.is_admin]
    for address in to:
        message = compose_notice(
            to=address, subject=subject, text=text, sender=ctx.settings.smtp_from, date=ctx.clock.now()
        )
        smtp.send(config, message)
    return len(to)
