"""IMAP state: the server's transition table and its command table, as data.

RFC 3501 §3 defines four states: not authenticated, authenticated, selected and
logout. Two engine states are added: NOT_STARTED (no greeting yet) and
TLS_HANDSHAKE (after ``OK Begin TLS negotiation now``, input held). As in h11's
``_state.py``, every legal move is listed here and nowhere else.
"""

from __future__ import annotations

from mailsim.protocols.command_client import CLIENT_MACHINE, ClientState, ClientTrigger
from mailsim.protocols.imap import codes
from mailsim.protocols.transitions import CommandTable, StateMachine, Symbol

__all__ = ["CLIENT_MACHINE", "COMMANDS", "SERVER_MACHINE", "ClientState", "ClientTrigger",
           "ServerState", "ServerTrigger"]


class ServerState(Symbol):
    """Where the server is in the session (RFC 3501 §3)."""

    NOT_STARTED = "NOT_STARTED"
    NOT_AUTHENTICATED = "NOT_AUTHENTICATED"  # §3.1
    TLS_HANDSHAKE = "TLS_HANDSHAKE"  # §6.2.1: the caller runs the handshake
    AUTHENTICATED = "AUTHENTICATED"  # §3.2
    SELECTED = "SELECTED"  # §3.3
    IDLING = "IDLING"  # RFC 2177: after "+ idling", until the client's DONE
    LOGOUT = "LOGOUT"  # §3.4


class ServerTrigger(Symbol):
    """What just happened, as the server's table names it."""

    GREET = "greet"
    STARTTLS = "starttls"  # OK to STARTTLS sent
    TLS_DONE = "tls_done"
    LOGIN_OK = "login_ok"
    SELECT_OK = "select_ok"  # SELECT or EXAMINE
    SELECT_FAILED = "select_failed"
    CLOSE = "close"
    IDLE = "idle"  # "+ idling" sent (RFC 2177)
    DONE = "done"  # DONE with a mailbox selected
    DONE_UNSELECTED = "done_unselected"  # DONE in the authenticated state
    LOGOUT = "logout"
    LOST = "lost"  # the peer went away


S = ServerState
ST = ServerTrigger

SERVER_MACHINE: StateMachine[ServerState, ServerTrigger] = StateMachine(
    name="IMAP server",
    start=S.NOT_STARTED,
    table={
        S.NOT_STARTED: {ST.GREET: S.NOT_AUTHENTICATED},
        S.NOT_AUTHENTICATED: {ST.STARTTLS: S.TLS_HANDSHAKE, ST.LOGIN_OK: S.AUTHENTICATED},
        S.TLS_HANDSHAKE: {ST.TLS_DONE: S.NOT_AUTHENTICATED},
        S.AUTHENTICATED: {ST.SELECT_OK: S.SELECTED, ST.SELECT_FAILED: S.AUTHENTICATED,
                          ST.IDLE: S.IDLING},
        # §6.3.1: a failed SELECT leaves no mailbox selected; CLOSE goes back (§6.4.2).
        S.SELECTED: {ST.SELECT_OK: S.SELECTED, ST.SELECT_FAILED: S.AUTHENTICATED,
                     ST.CLOSE: S.AUTHENTICATED, ST.IDLE: S.IDLING},
        # RFC 2177: DONE goes back to where IDLE was given.
        S.IDLING: {ST.DONE: S.SELECTED, ST.DONE_UNSELECTED: S.AUTHENTICATED},
        S.LOGOUT: {},
    },
    # From any state: LOGOUT (§6.1.3) or the connection went away.
    any_state={ST.LOGOUT: S.LOGOUT, ST.LOST: S.LOGOUT},
    terminal=frozenset({S.LOGOUT}),
    reading=frozenset({S.NOT_AUTHENTICATED, S.AUTHENTICATED, S.SELECTED, S.IDLING}),
    triggers=ServerTrigger,
)

# While idling only DONE is read (the engine takes it before this table).
_ANY = frozenset({S.NOT_AUTHENTICATED, S.AUTHENTICATED, S.SELECTED})
_AUTH = frozenset({S.AUTHENTICATED, S.SELECTED})
_SELECTED = frozenset({S.SELECTED})

# command -> the states in which it is valid (RFC 3501 §6.1-§6.4); BAD in another.
COMMANDS: CommandTable[ServerState, str] = CommandTable(
    states={
        "CAPABILITY": _ANY, "NOOP": _ANY, "LOGOUT": _ANY,  # §6.1
        "STARTTLS": frozenset({S.NOT_AUTHENTICATED}),  # §6.2
        "LOGIN": frozenset({S.NOT_AUTHENTICATED}),
        "AUTHENTICATE": frozenset({S.NOT_AUTHENTICATED}),
        "SELECT": _AUTH, "EXAMINE": _AUTH, "CREATE": _AUTH, "DELETE": _AUTH,  # §6.3
        "RENAME": _AUTH, "SUBSCRIBE": _AUTH, "UNSUBSCRIBE": _AUTH, "LIST": _AUTH,
        "LSUB": _AUTH, "STATUS": _AUTH, "APPEND": _AUTH,
        "IDLE": _AUTH, "NAMESPACE": _AUTH, "ID": _ANY,  # RFC 2177, RFC 2342, RFC 2971
        "ENABLE": frozenset({S.AUTHENTICATED}),  # RFC 5161 §3.1
        "MOVE": _SELECTED,  # RFC 6851
        "CHECK": _SELECTED, "CLOSE": _SELECTED, "EXPUNGE": _SELECTED,  # §6.4
        "SEARCH": _SELECTED, "FETCH": _SELECTED, "STORE": _SELECTED, "COPY": _SELECTED,
        "UID": _SELECTED,
    },
    wrong_state=codes.WRONG_STATE,
)

