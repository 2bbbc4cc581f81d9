"""POP3 state: the server's transition table and its command table, as data.

RFC 1939 §3: a session passes through AUTHORIZATION, TRANSACTION and UPDATE.
This engine adds the moments in between where it waits: a SASL exchange
(RFC 5034) and a TLS handshake after STLS (RFC 2595 §4). As in h11's
``_state.py`` every legal move is listed here and nowhere else; a missing entry
is a bug in the engine or its caller (LocalProtocolError).
"""

from __future__ import annotations

from mailsim.protocols.command_client import CLIENT_MACHINE, ClientState, ClientTrigger
from mailsim.protocols.pop3 import codes
from mailsim.protocols.pop3.codes import Reply
from mailsim.protocols.transitions import CommandTable, StateMachine, Symbol

__all__ = ["CLIENT_MACHINE", "COMMANDS", "SERVER_MACHINE", "ClientState", "ClientTrigger",
           "ServerState", "ServerTrigger"]


class ServerState(Symbol):
    """Where the server is in the dialogue."""

    CONNECTED = "CONNECTED"  # start() not yet called
    AUTHORIZATION = "AUTHORIZATION"  # greeting sent; USER/PASS, APOP, AUTH, STLS (RFC 1939 §4)
    SASL = "SASL"  # inside an AUTH exchange: lines are base64 responses (RFC 5034 §4)
    TLS_HANDSHAKE = "TLS_HANDSHAKE"  # +OK to STLS sent; input held (RFC 2595 §4)
    TRANSACTION = "TRANSACTION"  # logged in, maildrop snapshot taken (RFC 1939 §5)
    UPDATE = "UPDATE"  # QUIT received in TRANSACTION: deletions applied (RFC 1939 §6)
    CLOSED = "CLOSED"  # QUIT answered, or the connection was lost


class ServerTrigger(Symbol):
    """What just happened, as the server's table names it."""

    GREET = "greet"
    LOGIN_OK = "login_ok"
    LOGIN_FAILED = "login_failed"  # wrong credentials, or the maildrop is locked
    SASL = "sasl"  # AUTH began an exchange
    SASL_FAILED = "sasl_failed"  # cancelled or malformed
    STLS = "stls"  # +OK to STLS sent
    TLS_DONE = "tls_done"
    QUIT = "quit"
    UPDATED = "updated"  # deletions applied, QUIT answered
    LOST = "lost"  # the peer went away


S = ServerState
ST = ServerTrigger

SERVER_MACHINE: StateMachine[ServerState, ServerTrigger] = StateMachine(
    name="POP3 server",
    start=S.CONNECTED,
    table={
        S.CONNECTED: {ST.GREET: S.AUTHORIZATION},
        S.AUTHORIZATION: {
            ST.LOGIN_OK: S.TRANSACTION, ST.LOGIN_FAILED: S.AUTHORIZATION, ST.SASL: S.SASL,
            ST.STLS: S.TLS_HANDSHAKE, ST.QUIT: S.CLOSED,
        },
        S.SASL: {ST.LOGIN_OK: S.TRANSACTION, ST.LOGIN_FAILED: S.AUTHORIZATION,
                 ST.SASL_FAILED: S.AUTHORIZATION},
        S.TLS_HANDSHAKE: {ST.TLS_DONE: S.AUTHORIZATION},
        S.TRANSACTION: {ST.QUIT: S.UPDATE},
        S.UPDATE: {ST.UPDATED: S.CLOSED},
        S.CLOSED: {},
    },
    # From any state: the peer went away. RFC 1939 §6: no UPDATE, nothing deleted.
    any_state={ST.LOST: S.CLOSED},
    terminal=frozenset({S.CLOSED}),
    reading=frozenset({S.AUTHORIZATION, S.SASL, S.TRANSACTION}),
    triggers=ServerTrigger,
)

_AUTHORIZATION = frozenset({S.AUTHORIZATION})
_TRANSACTION = frozenset({S.TRANSACTION})
_BOTH = _AUTHORIZATION | _TRANSACTION

# command -> the states in which it is valid (RFC 1939 §4-§7, RFC 2449 §5, RFC 2595 §4,
# RFC 5034 §4). A known command in another state gets -ERR, the session goes on.
COMMANDS: CommandTable[ServerState, Reply] = CommandTable(
    states={
        **{command: _AUTHORIZATION for command in ("USER", "PASS", "APOP", "AUTH", "STLS")},
        **{command: _TRANSACTION for command in ("STAT", "LIST", "UIDL", "TOP", "RETR",
                                                  "DELE", "NOOP", "RSET")},
        "CAPA": _BOTH, "QUIT": _BOTH,
    },
    wrong_state=codes.WRONG_STATE,
)

