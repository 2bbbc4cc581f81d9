"""SMTP state: the server's transition table as data, plus session and envelope.

As in h11's ``_state.py``, every legal move is listed here and nowhere else; the
server asks :func:`next_state` and a missing entry is a bug in the engine's caller
(LocalProtocolError). :data:`SEQUENCE_ERRORS` says which commands are out of
order in which state, and the reply they get (RFC 5321 §4.1.4, §4.3.2).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field

from mailsim.protocols import transitions
from mailsim.protocols.smtp import codes
from mailsim.protocols.smtp.codes import Reply
from mailsim.protocols.smtp.events import Envelope


class ServerState(enum.Enum):
    """Where the server is in the dialogue."""

    CONNECTED = "CONNECTED"  # start() not yet called
    GREETED = "GREETED"  # 220 sent; waiting for EHLO/HELO
    READY = "READY"  # EHLO/HELO done, no mail transaction
    MAIL = "MAIL"  # MAIL accepted, no recipient yet
    RCPT = "RCPT"  # at least one RCPT accepted
    DATA = "DATA"  # 354 sent; reading message text
    AUTH = "AUTH"  # in a SASL exchange (RFC 4954)
    TLS_HANDSHAKE = "TLS_HANDSHAKE"  # 220 to STARTTLS sent; input held (RFC 3207)
    CLOSED = "CLOSED"  # 221/421 sent, or the peer went away


S = ServerState

# (state, trigger) -> next state. Triggers are what just happened.
SERVER_TRANSITIONS: Mapping[ServerState, Mapping[str, ServerState]] = {
    S.CONNECTED: {"greet": S.GREETED},
    S.GREETED: {"helo": S.READY, "rset": S.GREETED},
    S.READY: {
        "helo": S.READY, "rset": S.READY, "mail": S.MAIL, "auth": S.AUTH,
        "starttls": S.TLS_HANDSHAKE,
    },
    S.MAIL: {"helo": S.READY, "rset": S.READY, "rcpt_accepted": S.RCPT},
    S.RCPT: {"helo": S.READY, "rset": S.READY, "rcpt_accepted": S.RCPT, "data": S.DATA},
    S.DATA: {"data_end": S.READY},
    S.AUTH: {"auth_done": S.READY},
    S.TLS_HANDSHAKE: {"tls_done": S.GREETED},  # RFC 3207 §4.2: start afresh
    S.CLOSED: {},
}
# From any state: the client said QUIT, or the server gave up with 421.
ANY_STATE_TRIGGERS: Mapping[str, ServerState] = {"quit": S.CLOSED, "close": S.CLOSED}

# verb -> {state in which it is out of sequence: reply}
SEQUENCE_ERRORS: Mapping[str, Mapping[ServerState, Reply]] = {
    "MAIL": {S.GREETED: codes.NEED_HELO, S.MAIL: codes.NESTED_MAIL, S.RCPT: codes.NESTED_MAIL},
    "RCPT": {S.GREETED: codes.NEED_MAIL, S.READY: codes.NEED_MAIL},
    "DATA": {S.GREETED: codes.NEED_RCPT, S.READY: codes.NEED_RCPT, S.MAIL: codes.NEED_RCPT},
    "AUTH": {S.GREETED: codes.NEED_HELO, S.MAIL: codes.AUTH_IN_TRANSACTION,
             S.RCPT: codes.AUTH_IN_TRANSACTION},
    "STARTTLS": {S.GREETED: codes.NEED_HELO, S.MAIL: codes.STARTTLS_IN_TRANSACTION,
                 S.RCPT: codes.STARTTLS_IN_TRANSACTION},
}

# States in which an input line is a command (not message text or a SASL response).
COMMAND_STATES = frozenset({S.GREETED, S.READY, S.MAIL, S.RCPT})


def next_state(state: ServerState, trigger: str) -> ServerState:
    """Look up a transition; an unlisted one is an engine or caller bug."""
    return transitions.next_state(SERVER_TRANSITIONS, ANY_STATE_TRIGGERS, state, trigger)


def sequence_error(verb: str, state: ServerState) -> Reply | None:
    """The reply for a command given out of order, or None if it is in order."""
    return SEQUENCE_ERRORS.get(verb, {}).get(state)


@dataclass(slots=True)
class Session:
    """What lasts for the whole connection (RFC 5321 §3.3); reset by STARTTLS only."""

    helo: str | None = None
    esmtp: bool = False
    auth_user: str | None = None
    tls: bool = False


@dataclass(slots=True)
class MailTransaction:
    """One envelope under construction; reset by RSET, EHLO/HELO and end of DATA."""

    sender: str | None = None
    params: tuple[tuple[str, str], ...] = ()
    recipients: list[str] = field(default_factory=list)
    refused: int = 0  # RCPTs refused: DATA then gets 554 "no valid recipients"

    def envelope(self, session: Session) -> Envelope:
        """Freeze this transaction, with what the session knows, for the caller."""
        return Envelope(
            helo=session.helo or "", sender=self.sender or "", recipients=tuple(self.recipients),
            auth_user=session.auth_user, tls=session.tls, esmtp=session.esmtp,
            params=self.params,
        )


class ClientState(enum.Enum):
    """Which reply the client is waiting for (its oldest outstanding command)."""

    GREETING = "GREETING"
    EHLO = "EHLO"
    HELO = "HELO"
    STARTTLS = "STARTTLS"
    TLS_HANDSHAKE = "TLS_HANDSHAKE"  # 220 received; the caller runs the handshake
    AUTH = "AUTH"
    MAIL = "MAIL"
    RCPT = "RCPT"
    DATA = "DATA"  # waiting for 354
    CONTENT = "CONTENT"  # message sent; waiting for the final reply
    RSET = "RSET"
    QUIT = "QUIT"
    DONE = "DONE"
