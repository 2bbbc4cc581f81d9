"""Events the POP3 engines return: small frozen dataclasses (the h11 style).

Server events marked *pending* leave the server waiting: it reads no further
input until the caller answers (``auth_result()`` or ``tls_established()``).
"""

from __future__ import annotations

from dataclasses import dataclass

from mailsim.protocols.events import CloseConnection, Event, LoginRefused, StartTLS

__all__ = ["CloseConnection", "Event", "Greeting", "LoginRefused",
           "LoginRequested", "MessageRetrieved",
           "MessagesDeleted", "Response", "StartTLS"]


# --- Server side -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LoginRequested(Event):
    """USER/PASS, APOP or AUTH presented credentials. Pending: call ``auth_result()``.

    For APOP ``password`` is None and ``apop_digest`` holds the client's lower-case
    hex digest: the caller compares it with ``apop_digest(timestamp, secret)``
    (RFC 1939 §7). For USER/PASS and SASL ``apop_digest`` is None.
    """

    user: str
    password: str | None
    apop_digest: str | None


@dataclass(frozen=True, slots=True)
class MessagesDeleted(Event):
    """UPDATE state (RFC 1939 §6): these UIDs are already gone from the Mailbox."""

    uids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MessageRetrieved(Event):
    """A RETR (``top_lines`` None) or ``TOP n top_lines`` was answered."""

    uid: int
    top_lines: int | None


# --- Client side -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Greeting(Event):
    """The server's first line; ``text`` is what followed ``+OK`` / ``-ERR``."""

    ok: bool
    text: str


@dataclass(frozen=True, slots=True)
class Response(Event):
    """The complete response to one command the client sent.

    ``command`` is the line as sent (without CRLF). Multi-line responses fill
    ``lines`` (listings such as CAPA, LIST, UIDL: dot-unstuffed, decoded) or, for
    RETR and TOP, ``body`` (the dot-unstuffed message bytes with CRLF endings).
    ``continuation`` marks a SASL ``+ challenge`` line (RFC 5034 §4); its ``text``
    is the base64 challenge and the caller answers with another ``send()``.
    """

    command: str
    ok: bool
    text: str
    lines: tuple[str, ...] = ()
    body: bytes | None = None
    continuation: bool = False

    @property
    def keyword(self) -> str:
        """The command's keyword, upper-case (``"RETR"`` for ``"retr 1"``)."""
        return self.command.split(" ", 1)[0].upper()
