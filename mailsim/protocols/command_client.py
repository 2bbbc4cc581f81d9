"""The state machine of a command/response client: POP3's and IMAP's (as poplib's and imaplib's cores).

The caller decides what to send; the engine only tracks whether the greeting has
come, whether a TLS handshake holds the writes, and whether the session is over.
"""

from __future__ import annotations

from mailsim.protocols.transitions import StateMachine, Symbol


class ClientState(Symbol):
    """Where the client is: before the greeting, open, in a TLS handshake, or done."""

    GREETING = "GREETING"  # waiting for the server's first words
    OPEN = "OPEN"  # commands and responses flow
    TLS_HANDSHAKE = "TLS_HANDSHAKE"  # the server agreed to STLS/STARTTLS; the caller runs it
    CLOSED = "CLOSED"  # POP3 QUIT answered, IMAP LOGOUT completed


class ClientTrigger(Symbol):
    """What just happened, as the client's table names it."""

    GREETED = "greeted"  # POP3 +OK/-ERR, IMAP * OK/PREAUTH/BYE
    TLS_READY = "tls_ready"  # +OK to STLS, OK to STARTTLS
    TLS_DONE = "tls_done"
    ENDED = "ended"


C = ClientState
CT = ClientTrigger

CLIENT_MACHINE: StateMachine[ClientState, ClientTrigger] = StateMachine(
    name="POP3 and IMAP clients",
    start=C.GREETING,
    table={
        C.GREETING: {CT.GREETED: C.OPEN},
        C.OPEN: {CT.TLS_READY: C.TLS_HANDSHAKE, CT.ENDED: C.CLOSED},
        C.TLS_HANDSHAKE: {CT.TLS_DONE: C.OPEN},
        C.CLOSED: {},
    },
    any_state={},
    terminal=frozenset({C.CLOSED}),
    reading=frozenset({C.GREETING, C.OPEN}),
    triggers=ClientTrigger,
)
