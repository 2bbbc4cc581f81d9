"""SMTP state: the server's transition table and command table as data, plus session and envelope.

As in h11's ``_state.py``, every legal move of the server is listed here and
nowhere else (the client's table follows the server's);
a missing entry is a bug in the engine or its caller (LocalProtocolError).
:data:`COMMANDS` says in which states each command is in order, and the reply
one out of order gets (RFC 5321 §4.1.4, §4.3.2).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mailsim.protocols.smtp import codes
from mailsim.protocols.smtp.codes import Reply
from mailsim.protocols.smtp.events import Envelope, make_envelope
from mailsim.protocols.transitions import CommandTable, StateMachine, Symbol


class ServerState(Symbol):
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


class ServerTrigger(Symbol):
    """What just happened, as the server's table names it."""

    GREET = "greet"  # 220 sent
    HELO = "helo"  # EHLO/HELO answered
    RSET = "rset"
    MAIL = "mail"  # MAIL FROM accepted
    RCPT_ACCEPTED = "rcpt_accepted"
    DATA = "data"  # 354 sent
    DATA_END = "data_end"  # the message answered (or refused after its terminator)
    AUTH = "auth"  # a SASL exchange begins
    AUTH_DONE = "auth_done"
    STARTTLS = "starttls"  # 220 to STARTTLS sent
    TLS_DONE = "tls_done"
    QUIT = "quit"  # 221 sent
    CLOSE = "close"  # 421 sent: the server gives up
    LOST = "lost"  # the peer went away


S = ServerState
ST = ServerTrigger

SERVER_MACHINE: StateMachine[ServerState, ServerTrigger] = StateMachine(
    name="SMTP server",
    start=S.CONNECTED,
    table={
        S.CONNECTED: {ST.GREET: S.GREETED},
        S.GREETED: {ST.HELO: S.READY, ST.RSET: S.GREETED},
        S.READY: {ST.HELO: S.READY, ST.RSET: S.READY, ST.MAIL: S.MAIL, ST.AUTH: S.AUTH,
                  ST.STARTTLS: S.TLS_HANDSHAKE},
        S.MAIL: {ST.HELO: S.READY, ST.RSET: S.READY, ST.RCPT_ACCEPTED: S.RCPT},
        S.RCPT: {ST.HELO: S.READY, ST.RSET: S.READY, ST.RCPT_ACCEPTED: S.RCPT,
                 ST.DATA: S.DATA},
        S.DATA: {ST.DATA_END: S.READY},
        S.AUTH: {ST.AUTH_DONE: S.READY},
        S.TLS_HANDSHAKE: {ST.TLS_DONE: S.GREETED},  # RFC 3207 §4.2: start afresh
        S.CLOSED: {},
    },
    # From any state: the client said QUIT, the server gave up with 421, or the
    # peer went away.
    any_state={ST.QUIT: S.CLOSED, ST.CLOSE: S.CLOSED, ST.LOST: S.CLOSED},
    terminal=frozenset({S.CLOSED}),
    reading=frozenset({S.GREETED, S.READY, S.MAIL, S.RCPT, S.DATA, S.AUTH}),
    triggers=ServerTrigger,
)

# States in which an input line is a command (not message text or a SASL response).
COMMAND_STATES = frozenset({S.GREETED, S.READY, S.MAIL, S.RCPT})
_IN_TRANSACTION = frozenset({S.MAIL, S.RCPT})

# Which command is in order in which state; the 503 reply for one out of order
# (RFC 5321 §4.1.4, §4.3.2; RFC 4954 §4; RFC 3207 §4).
COMMANDS: CommandTable[ServerState, Reply] = CommandTable(
    states={
        **{verb: COMMAND_STATES for verb in ("EHLO", "HELO", "RSET", "NOOP", "QUIT", "VRFY",
                                              "HELP")},
        "MAIL": frozenset({S.READY}),
        "RCPT": _IN_TRANSACTION,
        "DATA": frozenset({S.RCPT}),
        "AUTH": frozenset({S.READY}),
        "STARTTLS": frozenset({S.READY}),
    },
    wrong_state=codes.BAD_SEQUENCE,
    replies={
        "MAIL": {S.GREETED: codes.NEED_HELO, S.MAIL: codes.NESTED_MAIL,
                 S.RCPT: codes.NESTED_MAIL},
        "RCPT": {S.GREETED: codes.NEED_MAIL, S.READY: codes.NEED_MAIL},
        "DATA": {S.GREETED: codes.NEED_RCPT, S.READY: codes.NEED_RCPT,
                 S.MAIL: codes.NEED_RCPT},
        "AUTH": {S.GREETED: codes.NEED_HELO, S.MAIL: codes.AUTH_IN_TRANSACTION,
                 S.RCPT: codes.AUTH_IN_TRANSACTION},
        "STARTTLS": {S.GREETED: codes.NEED_HELO, S.MAIL: codes.STARTTLS_IN_TRANSACTION,
                     S.RCPT: codes.STARTTLS_IN_TRANSACTION},
    },
)


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
    # Each accepted mailbox (commands.mailbox_key) and the 250 it got, for a repeated RCPT.
    accepted: dict[tuple[str, str], Reply] = field(default_factory=dict)

    def envelope(self, session: Session) -> Envelope:
        """Freeze this transaction, with what the session knows, for the caller."""
        envelope: Envelope = make_envelope(  # helo, sender, recipients, auth_user, tls, esmtp, params
            session.helo or "", self.sender or "", tuple(self.recipients),
            session.auth_user, session.tls, session.esmtp, self.params)
        return envelope


class ClientState(Symbol):
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


class ClientTrigger(Symbol):
    """The command whose reply the client awaits next, or a moment without a command."""

    EHLO = "EHLO"
    HELO = "HELO"
    STARTTLS = "STARTTLS"
    TLS_READY = "tls_ready"  # 220 to STARTTLS: the caller runs the handshake
    TLS_DONE = "tls_done"  # the handshake is over; EHLO goes out again (RFC 3207 §4.2)
    AUTH = "AUTH"  # the AUTH command, or one SASL response
    MAIL = "MAIL"
    RCPT = "RCPT"
    DATA = "DATA"
    CONTENT = "content"  # the message text and its final "."
    RSET = "RSET"
    QUIT = "QUIT"  # also to leave politely after a failure
    END = "end"  # QUIT answered, a 421, or the connection lost


C = ClientState
CT = ClientTrigger

# The client's state is the reply it waits for; it moves when that reply has been
# handled, to the reply of the next command sent (already sent, when pipelined).
CLIENT_MACHINE: StateMachine[ClientState, ClientTrigger] = StateMachine(
    name="SMTP client",
    start=C.GREETING,
    table={
        C.GREETING: {CT.EHLO: C.EHLO},
        C.EHLO: {CT.HELO: C.HELO, CT.STARTTLS: C.STARTTLS, CT.AUTH: C.AUTH, CT.MAIL: C.MAIL},
        C.HELO: {CT.STARTTLS: C.STARTTLS, CT.AUTH: C.AUTH, CT.MAIL: C.MAIL},
        C.STARTTLS: {CT.TLS_READY: C.TLS_HANDSHAKE, CT.AUTH: C.AUTH, CT.MAIL: C.MAIL},
        C.TLS_HANDSHAKE: {CT.TLS_DONE: C.EHLO},
        C.AUTH: {CT.AUTH: C.AUTH, CT.MAIL: C.MAIL},
        # Pipelined (RFC 2920), the RCPTs and DATA follow MAIL whatever its reply.
        C.MAIL: {CT.RCPT: C.RCPT, CT.MAIL: C.MAIL},
        C.RCPT: {CT.RCPT: C.RCPT, CT.DATA: C.DATA, CT.RSET: C.RSET},
        C.DATA: {CT.CONTENT: C.CONTENT, CT.RSET: C.RSET, CT.MAIL: C.MAIL},
        C.CONTENT: {CT.MAIL: C.MAIL},
        C.RSET: {CT.MAIL: C.MAIL},
        C.QUIT: {CT.END: C.DONE},
        C.DONE: {},
    },
    # QUIT when nothing is left to send, or to leave after a failure; END at once.
    any_state={CT.QUIT: C.QUIT, CT.END: C.DONE},
    terminal=frozenset({C.DONE}),
    reading=frozenset(set(C) - {C.TLS_HANDSHAKE, C.DONE}),
    triggers=ClientTrigger,
)
