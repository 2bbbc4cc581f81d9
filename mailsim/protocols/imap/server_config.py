"""What an IMAP server offers and enforces (shared by the engine and its command modules)."""

from __future__ import annotations

from dataclasses import dataclass

MAX_LINE = 8192  # octets per line, CRLF included; longer -> BAD
# Octets per literal from a client: an APPENDed message too (serve's line limit is the same).
MAX_LITERAL = 65_536


@dataclass(frozen=True, slots=True)
class IMAPServerConfig:
    """What a server offers and enforces."""

    hostname: str
    starttls: bool = False  # advertise STARTTLS (RFC 3501 §6.2.1)
    login_requires_tls: bool = False  # LOGINDISABLED before TLS (§6.2.3)
    # Failed LOGIN/AUTHENTICATE attempts, then "* BYE" and close (as Dovecot does).
    max_failed_logins: int = 3
