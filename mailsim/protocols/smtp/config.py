"""What an SMTP server offers and enforces, and how an SMTP client behaves."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True, slots=True)
class ServerConfig:
    """What a server offers and enforces."""

    hostname: str
    banner: str = "ESMTP mailsim"
    submission: bool = False  # RFC 6409 §4.3: MAIL before AUTH -> 530 5.7.0
    auth_mechanisms: tuple[str, ...] = ()  # e.g. ("PLAIN", "LOGIN"); () = no AUTH
    auth_requires_tls: bool = False  # AUTH only advertised/accepted after STARTTLS
    starttls: bool = False  # advertise STARTTLS (RFC 3207)
    max_message_size: int = 10_240_000  # advertised as SIZE (RFC 1870)
    max_recipients: int = 100  # RFC 5321 §4.5.3.1.8: at least 100 must be accepted
    # Postfix's smtpd_hard_error_limit (default 20): errors, refused MAIL and RCPT
    # included, then 421 4.7.0 and close, so 500 guessed RCPTs cannot enumerate users.
    max_errors: int = 20
    # Failed AUTH attempts, then 421 and close (Dovecot's login processes also
    # disconnect after a few); each one counts towards max_errors as well.
    max_failed_logins: int = 3
    implicit_tls: bool = False  # port 465: the whole connection is TLS (RFC 8314 §3.3)

@dataclass(frozen=True, slots=True)
class ClientConfig:
    """How a client behaves."""

    helo_name: str
    starttls: Literal["never", "opportunistic", "required"] = "never"
    credentials: tuple[str, str] | None = None  # (username, password)
    auth_mechanism: str = "PLAIN"  # "PLAIN" or "LOGIN"
    initial_response: bool = True  # RFC 4954 §4 initial response with the AUTH command
    pipelining: bool = False  # MAIL, RCPTs and DATA in one write if offered (RFC 2920)
    lowercase_verbs: bool = False  # "ehlo", "mail FROM:", "size=" like Python's smtplib
