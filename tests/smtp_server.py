"""A real SMTP server for the reminder tests: aiosmtpd on 127.0.0.1, in a thread of the test process.

Three flavours, as `deadlines remind` meets them in the wild: plain SMTP (a
local relay), STARTTLS with AUTH, and implicit TLS (SMTPS) with AUTH, the
last two with a throwaway self-signed certificate made at test time by
`openssl req`. The server keeps every message it accepted, parsed, and can
refuse chosen recipients or be stopped and started again on the same port.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email import message_from_bytes
from email.message import EmailMessage
from email.policy import default as default_policy
from pathlib import Path
from typing import Any, Literal

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword, Session

USER = "robot@example.com"
PASSWORD = "app-s3cret"
SENDER = "合规提醒 <robot@example.com>"


@dataclass(frozen=True)
class Received:
    """One message the server accepted."""

    mail_from: str
    rcpt_tos: tuple[str, ...]
    message: EmailMessage
    raw: bytes


@dataclass
class Handler:
    """Accepts everything except the `refused` recipients; remembers each message and each login."""

    refused: set[str] = field(default_factory=set)
    received: list[Received] = field(default_factory=list)
    logins: list[tuple[str, str]] = field(default_factory=list)

    async def handle_RCPT(
        self, server: Any, session: Session, envelope: Envelope, address: str, options: list[str]
    ) -> str:
        if address in self.refused:
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:
        content = envelope.content if isinstance(envelope.content, bytes) else str(envelope.content).encode()
        parsed = message_from_bytes(content, policy=default_policy)
        assert isinstance(parsed, EmailMessage)
        self.received.append(Received(str(envelope.mail_from), tuple(envelope.rcpt_tos), parsed, content))
        return "250 Message accepted"

    def authenticate(self, server: Any, session: Session, envelope: Envelope, mechanism: str, data: Any) -> AuthResult:
        if not isinstance(data, LoginPassword):
            return AuthResult(success=False, handled=False)
        login, password = data.login.decode(), data.password.decode()
        self.logins.append((login, password))
        # handled=False: let aiosmtpd answer a failure with its 535 (the default leaves the client waiting).
        return AuthResult(success=(login, password) == (USER, PASSWORD), handled=False)


Security = Literal["none", "starttls", "ssl"]


@dataclass
class SmtpServer:
    """A running (or stopped) aiosmtpd on 127.0.0.1:port, and the `remind` options that reach it."""

    security: Security
    port: int
    cert: Path | None
    key: Path | None
    handler: Handler = field(default_factory=Handler)
    controller: Controller | None = None

    def start(self) -> SmtpServer:
        kwargs: dict[str, Any] = {}
        if self.security != "none":
            assert self.cert and self.key
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(self.cert, self.key)
            kwargs["authenticator"] = self.handler.authenticate
            kwargs["auth_required"] = True
            if self.security == "ssl":
                # aiosmtpd does not advertise AUTH over implicit TLS unless this is off (aio-libs/aiosmtpd #281).
                kwargs.update(ssl_context=context, auth_require_tls=False)
            else:
                kwargs.update(tls_context=context, require_starttls=True)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)
        self.controller.start()
        return self

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self) -> list[Received]:
        return self.handler.received

    def options(self, *, trust: bool = True) -> list[str]:
        """`deadlines remind` options for this server (the certificate trusted unless `trust` is False)."""
        out = ["--smtp-host", "127.0.0.1", "--smtp-port", str(self.port), "--smtp-security", self.security]
        out += ["--from", SENDER]
        if self.security != "none":
            out += ["--smtp-user", USER]
            if trust:
                assert self.cert
                out += ["--smtp-cafile", str(self.cert)]
        return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    """A one-day self-signed certificate for localhost and 127.0.0.1, made in-process."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.now(timezone.utc)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert, key_file = directory / "cert.pem", directory / "key.pem"
    cert.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    return cert, key_file


def recipients(received: Iterable[Received]) -> list[str]:
    return sorted(r for m in received for r in m.rcpt_tos)
