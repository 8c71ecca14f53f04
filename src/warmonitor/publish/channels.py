"""Where an alert goes: a webhook (JSON), an ntfy-style topic (plain text), or e-mail.

Each channel sends one :class:`Message` or raises :class:`ChannelError` with one line
saying why; none follows a redirect (a hook that moved is a failure to fix, not a place
to post to unasked), and each gives up after :data:`TIMEOUT_S`.
"""

from __future__ import annotations

import os
import smtplib
import ssl
from dataclasses import dataclass
from email.header import Header
from email.message import EmailMessage
from urllib.parse import urlsplit

import httpx

TIMEOUT_S = 10.0


class ChannelError(Exception):
    """An alert that could not be sent: one line."""


@dataclass(frozen=True)
class Message:
    title: str  # one line
    text: str  # a few lines, the event's link among them
    link: str  # the event's page
    payload: dict  # what a webhook receives as JSON


def check_url(url: object, where: str) -> str:
    """``url`` if it is an http(s) URL with a host, else a ValueError naming ``where``."""
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"{where}: expected an http:// or https:// URL, got {url!r}")
    return url


@dataclass(frozen=True)
class Webhook:
    """POST the message's payload as JSON."""

    url: str

    def send(self, message: Message) -> None:
        _post(self.url, json=message.payload)


@dataclass(frozen=True)
class Ntfy:
    """POST the text to a topic URL, as ntfy (https://ntfy.sh/TOPIC) and similar
    push services take it: the title and the link to open in headers."""

    url: str

    def send(self, message: Message) -> None:
        headers = {"Title": _header(message.title), "Click": message.link, "Tags": "warning"}
        _post(self.url, content=message.text.encode(), headers={**headers, "Content-Type": "text/plain; charset=utf-8"})


@dataclass(frozen=True)
class Email:
    """Send the message by SMTP (STARTTLS or TLS when asked); the password is read from
    the environment variable ``password_env``, never from the config file."""

    host: str
    port: int
    sender: str
    recipients: tuple[str, ...]
    starttls: bool = False
    tls: bool = False
    username: str | None = None
    password_env: str | None = None

    def send(self, message: Message) -> None:
        email = EmailMessage()
        email["Subject"] = message.title
        email["From"] = self.sender
        email["To"] = ", ".join(self.recipients)
        email.set_content(message.text)
        password = None
        if self.username:
            password = os.environ.get(self.password_env or "")
            if password is None:
                raise ChannelError(f"SMTP login as {self.username}: the environment variable {self.password_env} is not set")
        try:
            connect = smtplib.SMTP_SSL if self.tls else smtplib.SMTP
            with connect(self.host, self.port, timeout=TIMEOUT_S) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, password)
                smtp.send_message(email)
        except (smtplib.SMTPException, OSError) as error:
            raise ChannelError(f"SMTP {self.host}:{self.port}: {_line(error)}") from None


def _post(url: str, **kwargs) -> None:
    try:
        response = httpx.post(url, timeout=TIMEOUT_S, follow_redirects=False, **kwargs)
    except httpx.HTTPError as error:
        raise ChannelError(f"{url}: {_line(error)}") from None
    if not response.is_success:
        raise ChannelError(f"{url}: answered HTTP {response.status_code}")


def _header(text: str) -> str:
    """A header value: as is in ASCII, else as RFC 2047 encoded words (which ntfy reads),
    on one line."""
    return text if text.isascii() else Header(text, "utf-8").encode(linesep=" ")


def _line(error: Exception) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
