"""The records a trace is made of: message events, state events, and the header."""

from __future__ import annotations

from collections.abc import Callable, Mapping
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



# --- making records on the hot path ------------------------------------------
# A frozen dataclass sets each field through object.__setattr__ (13 calls for a
# message, each looked up anew); a run makes one record per unit on the wire.
# These makers fill the same slots through their descriptors, bound once: the
# same object (equal, frozen, slotted), made in about half the time. Nothing is
# checked: the network hands over values it computed itself.


def _message_maker() -> Callable[[int, float, float | None, str, str, str, int, str | None, str,
                                  int, bool], MessageEvent]:
    assert MessageEvent.__slots__ == ("seq", "t_sent", "t_arrived", "src", "dst", "protocol",
                                      "port", "conn", "text", "size", "encrypted", "live", "kind")
    (s_seq, s_sent, s_arrived, s_src, s_dst, s_protocol, s_port, s_conn, s_text, s_size,
     s_encrypted, s_live, s_kind) = (getattr(MessageEvent, name).__set__
                                     for name in MessageEvent.__slots__)
    new = object.__new__

    def make(seq: int, t_sent: float, t_arrived: float | None, src: str, dst: str, protocol: str,
             port: int, conn: str | None, text: str, size: int, encrypted: bool) -> MessageEvent:
        event = new(MessageEvent)
        s_seq(event, seq)
        s_sent(event, t_sent)
        s_arrived(event, t_arrived)
        s_src(event, src)
        s_dst(event, dst)
        s_protocol(event, protocol)
        s_port(event, port)
        s_conn(event, conn)
        s_text(event, text)
        s_size(event, size)
        s_encrypted(event, encrypted)
        s_live(event, False)
        s_kind(event, "message")
        return event

    return make


def _state_maker() -> Callable[[int, float, str, str, Mapping[str, Any]], StateEvent]:
    assert StateEvent.__slots__ == ("seq", "t", "node", "action", "data", "kind")
    s_seq, s_t, s_node, s_action, s_data, s_kind = (getattr(StateEvent, name).__set__
                                                    for name in StateEvent.__slots__)
    new = object.__new__

    def make(seq: int, t: float, node: str, action: str, data: Mapping[str, Any]) -> StateEvent:
        event = new(StateEvent)
        s_seq(event, seq)
        s_t(event, t)
        s_node(event, node)
        s_action(event, action)
        s_data(event, data)
        s_kind(event, "state")
        return event

    return make


make_message = _message_maker()
"""``MessageEvent(seq, t_sent, ..., encrypted)``, made without the dataclass's per-field calls."""
make_state = _state_maker()
"""``StateEvent(seq, t, node, action, data)``, likewise."""
