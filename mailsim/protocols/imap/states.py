"""IMAP server state: the transition table and the command/state table, as data.

RFC 3501 §3 defines four states: not authenticated, authenticated, selected and
logout. Two engine states are added: NOT_STARTED (no greeting yet) and
TLS_HANDSHAKE (after ``OK Begin TLS negotiation now``, input held). As in h11's
``_state.py``, every legal move is listed here and nowhere else.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from mailsim.protocols import transitions


class ServerState(enum.Enum):
    """Where the server is in the session (RFC 3501 §3)."""

    NOT_STARTED = "NOT_STARTED"
    NOT_AUTHENTICATED = "NOT_AUTHENTICATED"  # §3.1
    TLS_HANDSHAKE = "TLS_HANDSHAKE"  # §6.2.1: the caller runs the handshake
    AUTHENTICATED = "AUTHENTICATED"  # §3.2
    SELECTED = "SELECTED"  # §3.3
    LOGOUT = "LOGOUT"  # §3.4


S = ServerState

SERVER_TRANSITIONS: Mapping[ServerState, Mapping[str, ServerState]] = {
    S.NOT_STARTED: {"greet": S.NOT_AUTHENTICATED},
    S.NOT_AUTHENTICATED: {"starttls": S.TLS_HANDSHAKE, "login_ok": S.AUTHENTICATED},
    S.TLS_HANDSHAKE: {"tls_done": S.NOT_AUTHENTICATED},
    S.AUTHENTICATED: {"select_ok": S.SELECTED, "select_failed": S.AUTHENTICATED},
    # §6.3.1: a failed SELECT leaves no mailbox selected; CLOSE goes back (§6.4.2).
    S.SELECTED: {"select_ok": S.SELECTED, "select_failed": S.AUTHENTICATED,
                 "close": S.AUTHENTICATED},
    S.LOGOUT: {},
}
# From any state: LOGOUT (§6.1.3) or the connection went away.
ANY_STATE_TRIGGERS: Mapping[str, ServerState] = {"logout": S.LOGOUT, "lost": S.LOGOUT}

_ANY = frozenset({S.NOT_AUTHENTICATED, S.AUTHENTICATED, S.SELECTED})
_AUTH = frozenset({S.AUTHENTICATED, S.SELECTED})
_SELECTED = frozenset({S.SELECTED})

# command -> the states in which it is valid (RFC 3501 §6.1-§6.4).
COMMAND_STATES: Mapping[str, frozenset[ServerState]] = {
    "CAPABILITY": _ANY, "NOOP": _ANY, "LOGOUT": _ANY,  # §6.1
    "STARTTLS": frozenset({S.NOT_AUTHENTICATED}),  # §6.2
    "LOGIN": frozenset({S.NOT_AUTHENTICATED}),
    "AUTHENTICATE": frozenset({S.NOT_AUTHENTICATED}),
    "SELECT": _AUTH, "EXAMINE": _AUTH, "CREATE": _AUTH, "DELETE": _AUTH,  # §6.3
    "RENAME": _AUTH, "SUBSCRIBE": _AUTH, "UNSUBSCRIBE": _AUTH, "LIST": _AUTH,
    "LSUB": _AUTH, "STATUS": _AUTH, "APPEND": _AUTH,
    "CHECK": _SELECTED, "CLOSE": _SELECTED, "EXPUNGE": _SELECTED,  # §6.4
    "SEARCH": _SELECTED, "FETCH": _SELECTED, "STORE": _SELECTED, "COPY": _SELECTED,
    "UID": _SELECTED,
}

# States in which input is read as commands.
READING_STATES = _ANY


def next_state(state: ServerState, trigger: str) -> ServerState:
    """Look up a transition; an unlisted one is an engine or caller bug."""
    return transitions.next_state(SERVER_TRANSITIONS, ANY_STATE_TRIGGERS, state, trigger)


def valid_in(command: str, state: ServerState) -> bool | None:
    """Whether a command is valid in a state; None if the command is unknown."""
    states = COMMAND_STATES.get(command)
    return None if states is None else state in states
