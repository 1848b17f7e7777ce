"""A real SMTP server for the tests (aiosmtpd) on 127.0.0.1 at a free port: the player sends
it emails over the network as it would to a provider, and tests read what it received.

    with smtp_server() as server:             # or the `smtp` fixture (tests/conftest.py)
        app = make_app(url, **server.settings)
        ...
        message = server.wait_for(1)[0]       # an email.message.EmailMessage

`security="starttls"` or `"tls"` serves a self-signed certificate made for the test
(openssl); SSL_CERT_FILE then points the player's certificate check to it.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import re
import socket
import ssl
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

BASE_URL = "https://formation.example.org"  # the instance's own address in emails
SENDER = "Liane <formation@example.org>"
USER, PASSWORD = "liane", "mot-de-passe-smtp"
URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class Mailbox:
    """What the server received, in order; wait_for() waits for emails sent by a thread."""

    messages: list[EmailMessage] = field(default_factory=list)
    envelopes: list[tuple[str, list[str]]] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    connections: int = 0
    arrived: threading.Condition = field(default_factory=threading.Condition)
    # Until this event is set, the server takes no email: a test shows who waits for it.
    hold: threading.Event | None = None

    async def handle_EHLO(
        self, _server: Any, session: Any, _envelope: Any, hostname: str, responses: list[str]
    ) -> list[str]:
        if not getattr(session, "counted", False):  # STARTTLS says EHLO twice
            session.counted = True
            self.connections += 1
        session.host_name = hostname
        return responses

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        while self.hold is not None and not self.hold.is_set():
            await asyncio.sleep(0.01)
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        with self.arrived:
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    def check_login(
        self, _server: Any, _session: Any, _envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            USER.encode(),
            PASSWORD.encode(),
        )
        if ok:
            self.logins.append(mechanism)
        return AuthResult(success=ok)


@dataclass
class SmtpServer:
    host: str
    port: int
    security: str
    mailbox: Mailbox
    login: bool

    @property
    def settings(self) -> dict[str, Any]:
        """The player's settings to send through this server."""
        config: dict[str, Any] = {
            "SMTP_HOST": self.host,
            "SMTP_PORT": self.port,
            "SMTP_SECURITY": self.security,
            "SMTP_SENDER": SENDER,
            "BASE_URL": BASE_URL,
        }
        if self.login:
            config.update(SMTP_USER=USER, SMTP_PASSWORD=PASSWORD)
        return config

    @property
    def messages(self) -> list[EmailMessage]:
        return self.mailbox.messages

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        """The first `count` emails, once they arrived (the player may send from a thread)."""
        with self.mailbox.arrived:
            arrived = self.mailbox.arrived.wait_for(
                lambda: len(self.mailbox.messages) >= count, timeout
            )
        assert arrived, f"{len(self.mailbox.messages)} email(s) received, {count} expected"
        return self.mailbox.messages[:count]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def self_signed_certificate(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 (and its key), valid a day, made by openssl."""
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


@contextmanager
def smtp_server(
    security: str = "none", certificate: tuple[Path, Path] | None = None, login: bool = False
) -> Iterator[SmtpServer]:
    """A running server: plain (`none`), STARTTLS required, or TLS from the first byte;
    with `login`, it asks for USER and PASSWORD (over TLS only)."""
    mailbox = Mailbox()
    options: dict[str, Any] = {}
    if security != "none":
        assert certificate is not None, "TLS needs self_signed_certificate()"
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(*map(str, certificate))
        if security == "starttls":
            options.update(tls_context=context, require_starttls=True)
        else:
            options.update(ssl_context=context)
    if login:
        options.update(authenticator=mailbox.check_login)
        if security == "tls":  # aiosmtpd sees STARTTLS only: this connection is TLS throughout
            options.update(auth_require_tls=False)
        else:
            options.update(auth_required=True)
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    try:
        yield SmtpServer("127.0.0.1", port, security, mailbox, login)
    finally:
        controller.stop()


def parts(message: EmailMessage) -> tuple[str, str]:
    """The plain text and the HTML of an email (both must be there), with the line ends
    of Python strings (SMTP carries CRLF)."""
    text = message.get_body(preferencelist=("plain",))
    html = message.get_body(preferencelist=("html",))
    assert text is not None and html is not None, "an email without both parts"
    return text.get_content().replace("\r\n", "\n"), html.get_content().replace("\r\n", "\n")


def urls(message: EmailMessage) -> set[str]:
    """Every http(s) address in either part."""
    text, html = parts(message)
    return set(URL.findall(text)) | set(URL.findall(html))


def link(message: EmailMessage) -> str:
    """The one address of the email (the instance's link), as a path for a test client."""
    found = urls(message)
    assert len(found) == 1, found
    address = found.pop()
    assert address.startswith(BASE_URL + "/"), address
    return address.removeprefix(BASE_URL)
