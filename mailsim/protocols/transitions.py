"""State machines and command tables as data, one shape for every engine (as h11's ``_state.py``).

A :class:`StateMachine` lists every legal move of one engine: ``(state, trigger)
-> next state``, plus the moves allowed from any state (QUIT, a lost
connection). Triggers are members of an Enum per engine, never bare strings.
A move the table does not list is a bug in the engine or its caller
(:class:`LocalProtocolError`).

A :class:`CommandTable` says in which states a server accepts each command, and
the reply for a command given in another state: SMTP, POP3 and IMAP alike.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from mailsim.protocols.errors import LocalProtocolError

S = TypeVar("S", bound=Hashable)
T = TypeVar("T", bound=enum.Enum)
R = TypeVar("R")


class Symbol(enum.Enum):
    """The base of every engine's state and trigger Enum.

    Enum members are singletons and compare by identity, so they may hash by
    identity too: ``object.__hash__`` runs in C, where Enum's own ``__hash__`` is
    a Python call hashing the member's name, and an engine looks its state up
    several times per line (its moves, whether it reads, its handlers).
    """

    __hash__ = object.__hash__


@dataclass(frozen=True)
class StateMachine(Generic[S, T]):
    """One engine's transition table.

    ``reading``: the states in which the engine reads its input at all (not while
    it waits for a TLS handshake, nor once it is over). ``terminal``: the states
    that end the session; they have no way out.
    """

    name: str  # e.g. "SMTP server", the heading of its diagram
    start: S
    table: Mapping[S, Mapping[T, S]]
    any_state: Mapping[T, S]
    terminal: frozenset[S]
    reading: frozenset[S]
    triggers: type[T]  # the Enum of this engine's triggers
    # Per state, every move from it with the any-state moves merged in (they win, as
    # they are read first): one look-up per move instead of three. Made once, here.
    _moves: Mapping[S, Mapping[T, S]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        moves = {state: {**by_trigger, **self.any_state}
                 for state, by_trigger in self.table.items()}
        object.__setattr__(self, "_moves", moves)

    def next_state(self, state: S, trigger: T) -> S:
        """The state after ``trigger``; a move the table does not list is an engine bug."""
        try:
            return self._moves.get(state, self.any_state)[trigger]
        except KeyError:
            raise LocalProtocolError(f"no transition for {trigger.value!r}", state) from None

    def edges(self) -> list[tuple[S, T, S]]:
        """Every listed move ``(from, trigger, to)``, any-state moves left out."""
        return [(state, trigger, target) for state, moves in self.table.items()
                for trigger, target in moves.items()]


@dataclass(frozen=True)
class CommandTable(Generic[S, R]):
    """Which command is legal in which state, and the reply for one out of order.

    ``states``: command -> the states in which it is valid. ``wrong_state``: the
    reply for a known command in another state, unless ``replies`` gives a more
    precise one for that command and state (SMTP's 503 texts, RFC 5321 §4.1.4).
    """

    states: Mapping[str, frozenset[S]]
    wrong_state: R
    replies: Mapping[str, Mapping[S, R]] = field(default_factory=dict)

    @property
    def commands(self) -> frozenset[str]:
        """Every command the table knows."""
        return frozenset(self.states)

    def known(self, command: str) -> bool:
        """Whether the (upper-case) command is in the table at all."""
        return command in self.states

    def refusal(self, command: str, state: S) -> R | None:
        """None if a known ``command`` is valid in ``state``, else the reply to send."""
        if state in self.states[command]:
            return None
        return self.replies.get(command, {}).get(state, self.wrong_state)
