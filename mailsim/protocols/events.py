"""What every engine's events share: one base class, and the events all servers emit alike.

Each protocol's ``events`` module re-exports these under its own name
(``smtp.StartTLS``, ``pop3.StartTLS`` and ``imap.StartTLS`` are this one class).
"""

from __future__ import annotations

from dataclasses import dataclass


class Event:
    """Base class of every engine event (small frozen dataclasses, in the h11 style)."""

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class StartTLS(Event):
    """The server's yes to STARTTLS/STLS is queued; input is held until ``tls_established()``."""


@dataclass(frozen=True, slots=True)
class CloseConnection(Event):
    """The server's last reply (QUIT, LOGOUT) is queued: send it, then close the TCP connection."""


@dataclass(frozen=True, slots=True)
class LoginRefused(Event):
    """A login on this connection just failed (wrong credentials, not a locked maildrop).

    ``failures`` counts them so far; the caller may delay what it sends next
    (Dovecot's auth_failure_delay). After the server's limit it closes: a
    :class:`CloseConnection` follows in the same list.
    """

    failures: int
