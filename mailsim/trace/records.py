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



# --- making records on the hot path ------------------------------------------
# A frozen dataclass sets each field through object.__setattr__ (13 calls for a
# message); a run makes one record per unit on the wire. The makers fill a draft
# instead: a plain class with the very same slots, whose attribute stores the
# interpreter does without any call, and then give it its class, which a type
# with the same slot layout allows. The result is the same object (a
# MessageEvent, equal, frozen, slotted) in about a fifth of the dataclass's time.
# Nothing is checked: the network hands over values it computed itself.


class _MessageDraft:
    """A :class:`MessageEvent` being filled in (the same slots)."""

    __slots__ = ("conn", "dst", "encrypted", "kind", "live", "port", "protocol", "seq", "size",
                 "src", "t_arrived", "t_sent", "text")
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
    encrypted: bool
    live: bool
    kind: str


class _StateDraft:
    """A :class:`StateEvent` being filled in (the same slots)."""

    __slots__ = ("action", "data", "kind", "node", "seq", "t")
    seq: int
    t: float
    node: str
    action: str
    data: Mapping[str, Any]
    kind: str


# CPython lays slots out in sorted order, and allows __class__ assignment between
# two such classes when their sorted slot names are the same.
assert _MessageDraft.__slots__ == tuple(sorted(MessageEvent.__slots__))
assert _StateDraft.__slots__ == tuple(sorted(StateEvent.__slots__))


def make_message(seq: int, t_sent: float, t_arrived: float | None, src: str, dst: str,
                 protocol: str, port: int, conn: str | None, text: str, size: int,
                 encrypted: bool) -> MessageEvent:
    """``MessageEvent(seq, t_sent, ..., encrypted)``, made without the dataclass's per-field calls."""
    event = _new(_MessageDraft)
    event.seq = seq
    event.t_sent = t_sent
    event.t_arrived = t_arrived
    event.src = src
    event.dst = dst
    event.protocol = protocol
    event.port = port
    event.conn = conn
    event.text = text
    event.size = size
    event.encrypted = encrypted
    event.live = False
    event.kind = "message"
    event.__class__ = MessageEvent  # type: ignore[assignment]
    return event  # type: ignore[return-value]  # a MessageEvent now


def make_state(seq: int, t: float, node: str, action: str, data: Mapping[str, Any]) -> StateEvent:
    """``StateEvent(seq, t, node, action, data)``, likewise."""
    event = _new(_StateDraft)
    event.seq = seq
    event.t = t
    event.node = node
    event.action = action
    event.data = data
    event.kind = "state"
    event.__class__ = StateEvent  # type: ignore[assignment]
    return event  # type: ignore[return-value]  # a StateEvent now


_new = object.__new__
