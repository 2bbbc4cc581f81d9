"""Which part of a trace a view shows: filters shared by every diagram and table."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from mailsim.trace import MessageEvent, StateEvent, Trace, TraceEvent
from mailsim.views.protocols import is_transport


@dataclass(frozen=True, slots=True)
class Selection:
    """A filter over trace events; empty fields select everything.

    ``protocols`` keeps message events of those protocols (``TCP`` included if
    named); ``nodes`` keeps events touching any of those hosts; ``start``/``end``
    bound the time; ``first``/``last`` bound sequence numbers (inclusive);
    ``connections`` keeps message events of those connection ids.
    State events pass a protocol or connection filter only when
    ``state_events`` is true and their node passes the node filter.
    """

    protocols: frozenset[str] = frozenset()
    nodes: frozenset[str] = frozenset()
    start: float | None = None
    end: float | None = None
    first: int | None = None
    last: int | None = None
    connections: frozenset[str] = frozenset()
    state_events: bool = True
    tcp: bool = True

    @classmethod
    def of(
        cls,
        *,
        protocols: Collection[str] = (),
        nodes: Collection[str] = (),
        start: float | None = None,
        end: float | None = None,
        first: int | None = None,
        last: int | None = None,
        connections: Collection[str] = (),
        state_events: bool = True,
        tcp: bool = True,
    ) -> Selection:
        return cls(
            frozenset(p.upper() for p in protocols), frozenset(nodes), start, end, first, last,
            frozenset(connections), state_events, tcp,
        )

    def keeps(self, event: TraceEvent) -> bool:
        if self.first is not None and event.seq < self.first:
            return False
        if self.last is not None and event.seq > self.last:
            return False
        if self.start is not None and event.time < self.start:
            return False
        if self.end is not None and event.time > self.end:
            return False
        if self.nodes and not self.nodes.intersection(event.nodes):
            return False
        if isinstance(event, StateEvent):
            return self.state_events
        assert isinstance(event, MessageEvent)
        if not self.tcp and is_transport(event.protocol):
            return False
        if self.protocols and event.protocol not in self.protocols:
            return False
        return not (self.connections and event.conn not in self.connections)

    def apply(self, trace: Trace) -> Trace:
        return trace.filter(self.keeps)


EVERYTHING = Selection()
