"""A short plain-text notice from mynews to a reader or the operator (a webhook was disabled)."""

from __future__ import annotations

from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid


def compose_notice(*, to: str, subject: str, text: str, sender: str, date: datetime) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    domain = sender.rpartition("@")[2].strip("> ") or "mynews.invalid"
    message["Message-ID"] = make_msgid("notice", domain=domain)
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(text)
    return message
