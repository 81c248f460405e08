"""A real SMTP server on loopback (aiosmtpd) that keeps what it accepts, can answer the next
messages with scripted replies (451, 550), and can hold a message before replying (to kill the
sender mid-send). A message counts as delivered only when its 250 reply reached a live client."""

from __future__ import annotations

import asyncio
import threading
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


@dataclass
class Received:
    sender: str
    recipients: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.data)  # type: ignore[return-value]


@dataclass
class Mailbox:
    received: list[Received] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    hold: threading.Event | None = None
    arrived: threading.Event = field(default_factory=threading.Event)
    logins: list[str] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope) -> str:  # type: ignore[no-untyped-def]
        self.arrived.set()
        if self.hold is not None:
            await asyncio.get_running_loop().run_in_executor(None, self.hold.wait, 60)
            if server.transport is None or server.transport.is_closing():
                return "421 4.4.2 the client went away"
        if self.replies:
            return self.replies.pop(0)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 2.0.0 OK queued"


class MailServer:
    def __init__(self, *, user: str = "", password: str = "") -> None:
        self.box = Mailbox()
        self.user, self.password = user, password
        kwargs: dict[str, object] = {}
        if user:
            kwargs = {"authenticator": self._auth, "auth_require_tls": False, "auth_required": True}
        from tests.conftest import free_port

        self.port = free_port()
        self.controller = Controller(self.box, hostname="127.0.0.1", port=self.port, **kwargs)

    def _auth(self, server, session, envelope, mechanism, auth_data) -> AuthResult:  # type: ignore[no-untyped-def]
        ok = isinstance(auth_data, LoginPassword) and (
            auth_data.login.decode(),
            auth_data.password.decode(),
        ) == (self.user, self.password)
        if ok:
            self.box.logins.append(self.user)
        return AuthResult(success=ok)

    def __enter__(self) -> MailServer:
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.box.hold is not None:
            self.box.hold.set()
        self.controller.stop()
