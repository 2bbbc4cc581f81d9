"""POP3 server state: the transition table and the commands of each state, as data.

RFC 1939 §3: a session passes through AUTHORIZATION, TRANSACTION and UPDATE.
This engine adds the moments in between where it waits: a SASL exchange
(RFC 5034) and a TLS handshake after STLS (RFC 2595 §4). As in h11's
``_state.py`` every legal move is listed here and nowhere else; a missing entry
is a bug in the engine or its caller (LocalProtocolError).
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

from mailsim.protocols import transitions


class ServerState(enum.Enum):
    """Where the server is in the dialogue."""

    CONNECTED = "CONNECTED"  # start() not yet called
    AUTHORIZATION = "AUTHORIZATION"  # greeting sent; USER/PASS, APOP, AUTH, STLS (RFC 1939 §4)
    SASL = "SASL"  # inside an AUTH exchange: lines are base64 responses (RFC 5034 §4)
    TLS_HANDSHAKE = "TLS_HANDSHAKE"  # +OK to STLS sent; input held (RFC 2595 §4)
    TRANSACTION = "TRANSACTION"  # logged in, maildrop snapshot taken (RFC 1939 §5)
    UPDATE = "UPDATE"  # QUIT received in TRANSACTION: deletions applied (RFC 1939 §6)
    CLOSED = "CLOSED"  # QUIT answered, or the connection was lost


S = ServerState

# (state, trigger) -> next state. Triggers name what just happened.
SERVER_TRANSITIONS: Mapping[ServerState, Mapping[str, ServerState]] = {
    S.CONNECTED: {"greet": S.AUTHORIZATION},
    S.AUTHORIZATION: {
        "login_ok": S.TRANSACTION, "login_failed": S.AUTHORIZATION, "sasl": S.SASL,
        "stls": S.TLS_HANDSHAKE, "quit": S.CLOSED,
    },
    S.SASL: {"login_ok": S.TRANSACTION, "login_failed": S.AUTHORIZATION,
             "sasl_failed": S.AUTHORIZATION},
    S.TLS_HANDSHAKE: {"tls_done": S.AUTHORIZATION},
    S.TRANSACTION: {"quit": S.UPDATE},
    S.UPDATE: {"updated": S.CLOSED},
    S.CLOSED: {},
}
# From any state: the peer went away. RFC 1939 §6: no UPDATE, nothing deleted.
ANY_STATE_TRIGGERS: Mapping[str, ServerState] = {"lost": S.CLOSED}

# Commands each command-reading state accepts (RFC 1939 §4-§7, RFC 2449 §5, RFC 2595 §4,
# RFC 5034 §4). A known command in another state gets -ERR, the session goes on.
STATE_COMMANDS: Mapping[ServerState, frozenset[str]] = {
    S.AUTHORIZATION: frozenset({"USER", "PASS", "APOP", "AUTH", "STLS", "CAPA", "QUIT"}),
    S.TRANSACTION: frozenset({"STAT", "LIST", "UIDL", "TOP", "RETR", "DELE", "NOOP", "RSET",
                              "CAPA", "QUIT"}),
}
KNOWN_COMMANDS: frozenset[str] = frozenset().union(*STATE_COMMANDS.values())

# States in which the engine reads input at all.
READING_STATES = frozenset({S.AUTHORIZATION, S.SASL, S.TRANSACTION})


def next_state(state: ServerState, trigger: str) -> ServerState:
    """Look up a transition; an unlisted one is an engine or caller bug."""
    return transitions.next_state(SERVER_TRANSITIONS, ANY_STATE_TRIGGERS, state, trigger)


def allowed(keyword: str, state: ServerState) -> bool:
    """Whether a (known, upper-case) command keyword is valid in this state."""
    return keyword in STATE_COMMANDS.get(state, frozenset())
