"""The surface every sans-IO engine shares, written once.

An engine takes bytes (:meth:`Engine.receive_data`), returns events, and queues
what it writes (:meth:`Engine.data_to_send`: one item per reply or command).
Its state moves only through its :class:`~mailsim.protocols.transitions.StateMachine`.
:class:`ServerEngine` adds what the three servers share: the greeting, the one
*pending* decision that holds further input, the end of a TLS handshake and a
lost connection. SMTP, POP3 and IMAP clients and servers all derive from these;
LDAP and DNS answer one request object at a time and have no byte stream, so
they have no engine of this kind.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from typing import Generic, Protocol, TypeVar

from mailsim.protocols.errors import LocalProtocolError
from mailsim.protocols.transitions import StateMachine

S = TypeVar("S", bound=Hashable)
T = TypeVar("T", bound=enum.Enum)
E = TypeVar("E")


class Input(Protocol):
    """A buffer of received bytes: a line reader, a reply parser, an IMAP unit reader."""

    def feed(self, data: bytes) -> None: ...
    def clear(self) -> None: ...


class Engine(Generic[S, T, E]):
    """State, TLS, the input loop and the outbox of one end of one connection.

    A subclass reads one item of its input in :meth:`_read_one` (None when more
    bytes are needed) and moves its state with :meth:`_transition` only.
    """

    _reader: Input

    def __init__(self, machine: StateMachine[S, T], reader: Input, *,
                 handshake: S, tls_done: T) -> None:
        self._machine = machine
        self._state: S = machine.start
        self._reads = machine.start in machine.reading  # kept with _state by _transition
        self._reader = reader
        self._outbox: list[bytes] = []
        self._pending: E | None = None  # a decision the caller owes: input waits for it
        self._tls = False
        self._handshake_state, self._tls_done_move = handshake, tls_done

    @property
    def state(self) -> S:
        """Current state, as listed in the engine's transition table."""
        return self._state

    @property
    def closed(self) -> bool:
        """True once the session is over (a terminal state of the table)."""
        return self._state in self._machine.terminal

    @property
    def tls_active(self) -> bool:
        """True once TLS protects the connection."""
        return self._tls

    def receive_data(self, data: bytes) -> list[E]:
        """Take bytes from the peer; return the events they cause."""
        if self._drops_input():
            return []
        self._reader.feed(data)
        return self._process()

    def data_to_send(self) -> list[bytes]:
        """Drain the outgoing writes; each item is one complete reply, command or message."""
        out, self._outbox = self._outbox, []
        return out

    # --- for subclasses -----------------------------------------------------------
    def _drops_input(self) -> bool:
        """Whether bytes arriving now are thrown away rather than kept for later."""
        return self.closed

    def _process(self) -> list[E]:
        events: list[E] = []
        while self._pending is None and self._reads:
            step = self._read_one()
            if step is None:
                break
            if step:
                events += step
        return events

    def _read_one(self) -> list[E] | None:
        """Handle one complete item of input; None if more bytes are needed."""
        raise NotImplementedError

    def _transition(self, trigger: T) -> None:
        machine = self._machine
        self._state = state = machine.next_state(self._state, trigger)
        # Whether input is read in the new state, decided once per move rather than
        # once per line read (the input loop asks before every line).
        self._reads = state in machine.reading

    def _finish_handshake(self, without: str) -> None:
        """The TLS handshake is over: TLS on, out of the handshake state."""
        if self._state != self._handshake_state:
            raise LocalProtocolError(f"tls_established() without {without}", self._state)
        self._tls = True
        self._transition(self._tls_done_move)


class ServerEngine(Engine[S, T, E]):
    """What the SMTP, POP3 and IMAP servers share besides the engine surface."""

    def __init__(self, machine: StateMachine[S, T], reader: Input, *, handshake: S,
                 greet: T, tls_done: T, lost: T, starttls: str) -> None:
        super().__init__(machine, reader, handshake=handshake, tls_done=tls_done)
        self._greet_move, self._lost_move, self._starttls_verb = greet, lost, starttls

    @property
    def pending(self) -> E | None:
        """The event awaiting the caller's decision, if any."""
        return self._pending

    def start(self) -> None:
        """Queue the greeting."""
        self._transition(self._greet_move)
        self._outbox.append(self._greeting())

    def tls_established(self) -> list[E]:
        """The handshake after STARTTLS/STLS is done: read on, held input first."""
        self._finish_handshake(self._starttls_verb)
        self._after_tls()
        return self._process()

    def connection_lost(self) -> list[E]:
        """The peer went away: drop any pending decision and what the session held."""
        self._pending = None
        self._forget()
        self._transition(self._lost_move)
        return []

    def _greeting(self) -> bytes:
        raise NotImplementedError

    def _after_tls(self) -> None:
        """Forget what TLS invalidates (SMTP: the whole session, RFC 3207 §4.2)."""

    def _forget(self) -> None:
        """Drop the session's work in progress when the connection is lost."""
