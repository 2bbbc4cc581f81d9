"""The records a trace is made of: message events, state events, and the header."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal, TypeAlias

FORMAT_VERSION = 1


@dataclass(frozen=True, slots=True)
class MessageEvent:
    """One unit on the wire, from ``src`` to ``dst``.

    ``port`` is the server port of the connection (or the UDP destination
    port for a request, the source port for its answer), so every line of an
    SMTP submission reads ``SMTP:587`` whichever way it travels.
    ``t_arrived`` is ``None`` when the unit was lost (host down, link cut).
    """

    seq: int
    t_sent: float
    t_arrived: float | None
    src: str
    dst: str
    protocol: str
    port: int
    conn: str | None
    text: str
    size: int
    encrypted: bool = False
    live: bool = False
    kind: Literal["message"] = "message"

    @property
    def time(self) -> float:
        """The time the event happened, as far as ordering is concerned."""
        return self.t_sent

    @property
    def nodes(self) -> tuple[str, str]:
        return (self.src, self.dst)


@dataclass(frozen=True, slots=True)
class StateEvent:
    """A change inside ``node``; ``action`` names it, ``data`` says what changed.

    ``data`` is the plain form of one typed class of :mod:`mailsim.trace.states`
    (the vocabulary of actions, their fields and types); ``states.from_event``
    reads it back typed, and :mod:`mailsim.trace.replay` folds it into node state.
    """

    seq: int
    t: float
    node: str
    action: str
    data: Mapping[str, Any] = field(default_factory=dict)
    kind: Literal["state"] = "state"

    @property
    def time(self) -> float:
        return self.t

    @property
    def nodes(self) -> tuple[str]:
        return (self.node,)


TraceEvent: TypeAlias = MessageEvent | StateEvent


@dataclass(frozen=True, slots=True)
class TraceHeader:
    """What run produced the trace, and the network it ran on.

    ``hosts`` are (name, role); ``links`` (a, b, latency in seconds, bandwidth in
    bit/s); ``ports`` (host, port, protocol) for every service listening.
    """

    scenario: str
    seed: int
    start: str
    hosts: tuple[tuple[str, str], ...] = ()
    links: tuple[tuple[str, str, float, float], ...] = ()
    ports: tuple[tuple[str, int, str], ...] = ()
    version: int = FORMAT_VERSION


