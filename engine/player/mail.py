"""Emails over SMTP: invitations and forgotten passwords.

Configured by LIANE_SMTP_HOST, _PORT, _SECURITY (none | starttls | tls), _USER, _PASSWORD
and _SENDER; links in emails need the site's address (LIANE_BASE_URL). When one is
missing, `problem()` says which, and the pages and commands show the links to pass on by
hand instead: nothing is dropped silently.

Each email is in its recipient's language, in plain text and HTML, with nothing fetched
from elsewhere (no image, no tracking, no link but the site's own). Templates are in
templates/mail/ and rendered by their own Jinja environment with the catalog of the
recipient's language, not the page's: an administrator reading English invites people
who read French, and the command line has no request at all.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from engine.i18n import N_, translator

TEMPLATES = Path(__file__).parent / "templates" / "mail"
SECURITIES = ("none", "starttls", "tls")
PORTS = {"none": 25, "starttls": 587, "tls": 465}
TIMEOUT_SECONDS = 15.0
# Providers close a connection after some number of emails (often 100): a new one per 50.
PER_CONNECTION = 50


class MailError(Exception):
    """Why emails could not be sent: a setting missing, or what the server answered.
    `text(tr)` is the reason in the reader's language; the server's own words stay as
    they are (`detail`)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason} {detail}".strip())
        self.reason = reason
        self.detail = detail

    def text(self, tr: Any = str) -> str:
        return f"{tr(self.reason)} {self.detail}".strip()


@dataclass(frozen=True)
class Settings:
    host: str
    port: int
    security: str
    user: str
    password: str
    sender: str


def _setting(config: Mapping[str, Any], key: str) -> str:
    """A text setting as it was written. LIANE_* variables are read as JSON, so a password
    such as `123456` or `true` arrives as a number or a boolean: take the variable itself."""
    value = config.get(key)
    if not isinstance(value, str) and f"LIANE_{key}" in os.environ:
        return os.environ[f"LIANE_{key}"]
    return "" if value is None else str(value)


def settings(config: Mapping[str, Any]) -> Settings:
    security = _setting(config, "SMTP_SECURITY").strip().lower() or "starttls"
    return Settings(
        host=_setting(config, "SMTP_HOST").strip(),
        port=int(config.get("SMTP_PORT") or PORTS.get(security, 0)),
        security=security,
        user=_setting(config, "SMTP_USER"),
        password=_setting(config, "SMTP_PASSWORD"),
        sender=_setting(config, "SMTP_SENDER").strip(),
    )


def problem(config: Mapping[str, Any]) -> MailError | None:
    """Why this instance cannot send emails, or None when it can."""
    current = settings(config)
    if not current.host:
        return MailError(N_("Emails are not sent: no SMTP server is configured (LIANE_SMTP_HOST)."))
    if current.security not in SECURITIES:
        return MailError(
            N_("Emails are not sent: LIANE_SMTP_SECURITY must be none, starttls or tls.")
        )
    if "@" not in parseaddr(current.sender)[1]:
        return MailError(
            N_("Emails are not sent: the sender's address is not configured (LIANE_SMTP_SENDER).")
        )
    if not str(config.get("BASE_URL") or "").startswith(("http://", "https://")):
        return MailError(
            N_(
                "Emails are not sent: the site's public address is not configured "
                "(LIANE_BASE_URL), and the links in emails need it."
            )
        )
    return None


def language_of(user_language: str | None, config: Mapping[str, Any]) -> str:
    """The recipient's language: the one they chose, else the instance's."""
    if user_language in config["LANGUAGES"]:
        return str(user_language)
    return str(config["BABEL_DEFAULT_LOCALE"])


@lru_cache(maxsize=8)
def _environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        keep_trailing_newline=True,
    )
    env.install_gettext_translations(translator(language), newstyle=True)  # type: ignore[attr-defined]
    return env


def compose(
    config: Mapping[str, Any],
    *,
    to: str,
    name: str,
    language: str,
    template: str,
    subject: str,
    **context: Any,
) -> EmailMessage:
    """One email of `template` (`<template>.txt` and `<template>.html`) for one person."""
    env = _environment(language)
    subject_text = translator(language).gettext(subject)
    values = {**context, "name": name, "language": language, "subject": subject_text}
    message = EmailMessage()
    sender = settings(config).sender
    message["From"] = sender
    message["To"] = Address(display_name=name, addr_spec=to)
    message["Subject"] = subject_text
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=parseaddr(sender)[1].rpartition("@")[2] or None)
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies
    message.set_content(env.get_template(f"{template}.txt").render(values))
    message.add_alternative(env.get_template(f"{template}.html").render(values), subtype="html")
    message["Content-Language"] = language  # after the parts: set_content drops Content-*
    return message


@dataclass
class Delivery:
    """What happened to a batch: the indexes of the emails sent, and why the others were
    not (the first reason; the server usually refuses them all for one)."""

    sent: set[int] = field(default_factory=set)
    error: MailError | None = None


def send(
    config: Mapping[str, Any], messages: Iterable[EmailMessage], deadline: float | None = None
) -> Delivery:
    """Send the emails, PER_CONNECTION on each connection, composing them as they go. A
    recipient the server refuses is skipped; a server that cannot be reached or fails
    stops the batch, and so does `deadline` (time.monotonic()): a page must answer before
    gunicorn's worker timeout. Never raises for the network or the server: the caller
    shows the links of what was not sent."""
    delivery = Delivery()
    delivery.error = problem(config)
    if delivery.error is not None:
        return delivery
    current = settings(config)
    pending = enumerate(messages)
    while chunk := list(islice(pending, PER_CONNECTION)):
        try:
            with _connect(current) as smtp:
                for index, message in chunk:
                    if deadline is not None and time.monotonic() > deadline:
                        delivery.error = MailError(TOO_LONG)
                        return delivery
                    try:
                        smtp.send_message(message)
                    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as refused:
                        delivery.error = delivery.error or _server_error(refused)
                        continue
                    delivery.sent.add(index)
        except (OSError, smtplib.SMTPException) as error:
            delivery.error = _server_error(error)
            break
    return delivery


TOO_LONG = N_(
    "Sending took too long for one page: the other emails were not sent. "
    "The command `liane users import --invite` sends any number."
)


def _server_error(error: Exception) -> MailError:
    detail = f"({type(error).__name__}: {error})" if str(error) else f"({type(error).__name__})"
    return MailError(N_("The email server could not be used:"), detail)


def _connect(current: Settings) -> smtplib.SMTP:
    """An open, authenticated connection. Certificates are checked against the system's
    authorities (SSL_CERT_FILE points to another bundle, e.g. a private authority)."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if current.security == "tls":
        smtp = smtplib.SMTP_SSL(
            current.host, current.port, timeout=TIMEOUT_SECONDS, context=context
        )
    else:
        smtp = smtplib.SMTP(current.host, current.port, timeout=TIMEOUT_SECONDS)
    try:
        if current.security == "starttls":
            smtp.starttls(context=context)
        if current.user:
            smtp.login(current.user, current.password)
    except BaseException:
        smtp.close()
        raise
    return smtp
