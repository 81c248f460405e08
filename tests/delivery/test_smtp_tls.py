"""The SMTP client over STARTTLS (587-style) and implicit TLS (465-style) against aiosmtpd on
loopback with a certificate from a private CA: verified with MYNEWS_SMTP_CA_FILE, refused
without it (the certificate is not trusted), and a 5xx refusal is permanent while a dropped
connection is temporary."""

from __future__ import annotations

import ssl
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from mynews.core.errors import DeliveryError
from mynews.mail import smtp
from tests.conftest import free_port
from tests.delivery.mailserver import Mailbox


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 (it is its own CA)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "mynews test SMTP")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(__import__("ipaddress").ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


def _probe(port: int) -> None:
    import socket

    client = ssl.create_default_context()
    client.check_hostname, client.verify_mode = False, ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), 5) as raw, client.wrap_socket(raw) as tls:
        tls.recv(1024)


def _message() -> EmailMessage:
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "news@example.org", "ada@example.org", "hello"
    message.set_content("over TLS")
    return message


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_smtp_over_tls_verifies_the_servers_certificate(tmp_path: Path, security: str) -> None:
    cert, key = _certificate(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    box, port = Mailbox(), free_port()
    kwargs = (
        {"tls_context": context, "require_starttls": True}
        if security == "starttls"
        else {"ssl_context": context}
    )
    controller = Controller(box, hostname="127.0.0.1", port=port, **kwargs)
    if security == "tls":  # aiosmtpd's start-up probe wraps with the server's context: probe as a client
        controller._trigger_server = lambda: _probe(port)  # type: ignore[method-assign]
    controller.start()
    try:
        trusted = smtp.SmtpConfig("127.0.0.1", port, security, timeout=10, ca_file=str(cert))
        smtp.send(trusted, _message())
        assert [r.recipients for r in box.received] == [["ada@example.org"]]
        with pytest.raises(DeliveryError) as untrusted:
            smtp.send(smtp.SmtpConfig("127.0.0.1", port, security, timeout=10), _message())
        assert untrusted.value.temporary and "certificate" in untrusted.value.message.lower()
        box.replies = ["550 5.1.1 no such user"]
        with pytest.raises(DeliveryError) as refused:
            smtp.send(trusted, _message())
        assert (refused.value.temporary, refused.value.reply_code) == (False, 550)
    finally:
        controller.stop()
    with pytest.raises(DeliveryError) as gone:
        smtp.send(smtp.SmtpConfig("127.0.0.1", port, security, timeout=5, ca_file=str(cert)), _message())
    assert gone.value.temporary and gone.value.reply_code is None
