"""Sending one message over SMTP (STARTTLS, TLS or plain; authentication when a user is set).

Success means the server accepted the message for every recipient. Failures raise
``DeliveryError``: temporary for 4xx replies, timeouts and dropped connections (try again later),
permanent for 5xx replies (the address or the message is refused: do not retry).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from typing import TYPE_CHECKING

from mynews.core.errors import DeliveryError

if TYPE_CHECKING:
    from mynews.core.settings import Settings

SECURITY = ("starttls", "tls", "none")


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int = 587
    security: str = "starttls"
    user: str = ""
    password: str = ""
    timeout: float = 30.0
    ca_file: str = ""

    @classmethod
    def from_settings(cls, settings: Settings) -> SmtpConfig:
        return cls(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_security.lower(),
            settings.smtp_user,
            settings.smtp_password,
            settings.smtp_timeout,
            settings.smtp_ca_file,
        )

    @property
    def configured(self) -> bool:
        return bool(self.host)


def send(config: SmtpConfig, message: EmailMessage) -> None:
    """Hand ``message`` to the SMTP server; returns once the server has accepted it."""
    if not config.configured:
        raise DeliveryError("no SMTP server is configured (MYNEWS_SMTP_HOST)", temporary=True)
    if config.security not in SECURITY:
        raise DeliveryError(f"MYNEWS_SMTP_SECURITY must be one of {', '.join(SECURITY)}", temporary=True)
    try:
        with _connect(config) as client:
            if config.security == "starttls":
                client.starttls(context=_tls(config))
            if config.user:
                client.login(config.user, config.password)
            refused = client.send_message(message)
    except smtplib.SMTPRecipientsRefused as exc:
        raise _from_replies(exc.recipients) from exc
    except smtplib.SMTPResponseException as exc:
        text = exc.smtp_error.decode(errors="replace") if isinstance(exc.smtp_error, bytes) else str(exc)
        raise _coded(exc.smtp_code, text) from exc
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(f"SMTP conversation failed: {exc}", temporary=True) from exc
    if refused:
        raise _from_replies(refused)


def _connect(config: SmtpConfig) -> smtplib.SMTP:
    if config.security == "tls":
        return smtplib.SMTP_SSL(config.host, config.port, timeout=config.timeout, context=_tls(config))
    return smtplib.SMTP(config.host, config.port, timeout=config.timeout)


def _tls(config: SmtpConfig) -> ssl.SSLContext:
    """Certificates are always verified (host name included), against the system's CAs or the
    operator's own CA file."""
    return ssl.create_default_context(cafile=config.ca_file or None)


def _from_replies(replies: dict[str, tuple[int, bytes]]) -> DeliveryError:
    address, (code, text) = next(iter(replies.items()))
    return _coded(code, f"{address}: {text.decode(errors='replace')}")


def _coded(code: int, text: str) -> DeliveryError:
    message = f"SMTP {code}: {text}"[:500]
    return DeliveryError(message, temporary=not 500 <= code < 600, reply_code=code)
